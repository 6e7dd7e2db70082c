/**
 * The generative answerer, for any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama).
 * Follow-ups are rewritten into standalone questions; the offline answerer decides first whether the
 * question is about the corpus at all (a decline never reaches the model); the model then writes
 * the short answer from numbered sources that are fenced as data — the instructions say that nothing
 * inside a source is an instruction. Every sentence is verified (verify.ts): markers point to sources
 * given, quotes occur verbatim, references name only those sources, and every number occurs in a
 * cited source. If nothing verified remains, or the endpoint fails or times out, the offline answer
 * is returned with a notice.
 */
import OpenAI from 'openai';
import type { Logger } from 'pino';
import { z } from 'zod';
import { unitLabel } from '../legal/units.js';
import { citationOf } from './citations.js';
import type { ExtractiveAnswerer } from './extractive.js';
import { fillPrompt, type Prompts } from './prompts.js';
import type { Answerer, ChatAnswer, ChatRequest, ChatTurn } from './types.js';
import { verifyDraft, verifyNumbers } from './verify.js';

export interface GenerativeOptions {
  offline: ExtractiveAnswerer;
  prompts: Prompts;
  baseURL: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
  logger?: Logger;
  /** Sources given to the model. */
  sources?: number;
}

const Draft = z.object({
  answer: z.string(),
  citations: z.array(z.object({ n: z.coerce.number().int(), quote: z.string() })).default([]),
  grounded: z.boolean().optional(),
});

export const NOTICE_UNVERIFIED = 'Câu trả lời của mô hình ngôn ngữ không vượt qua bước kiểm tra trích dẫn; dưới đây là câu trả lời trích nguyên văn từ văn bản.';
export const NOTICE_UNREACHABLE = 'Không kết nối được mô hình ngôn ngữ; dưới đây là câu trả lời trích nguyên văn từ văn bản.';

/** A source's text as data: the fence's closing mark cannot occur inside it. */
function fenced(n: number, heading: string, text: string): string {
  return `<<<NGUỒN ${n}: ${heading}\n${text.replaceAll('>>>', '> > >').replaceAll('<<<', '< < <')}\n>>>`;
}

export class GenerativeAnswerer implements Answerer {
  readonly mode = 'generative' as const;
  private readonly options: GenerativeOptions;
  private readonly client: OpenAI;

  constructor(options: GenerativeOptions) {
    this.options = options;
    this.client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey, timeout: options.timeoutMs, maxRetries: 0 });
  }

  private async complete(prompt: string): Promise<string> {
    const response = await this.client.chat.completions.create({
      model: this.options.model,
      temperature: 0,
      messages: [{ role: 'user', content: prompt }],
    });
    return response.choices[0]?.message.content ?? '';
  }

  /** A follow-up ("còn khoản 2 thì sao?") becomes a standalone question from the history. */
  async standalone(message: string, history: readonly ChatTurn[]): Promise<string> {
    if (history.length === 0) return message;
    const transcript = history.slice(-6).map((turn) => `${turn.role === 'user' ? 'Người dùng' : 'Trợ lý'}: ${turn.content}`).join('\n');
    const rewritten = (await this.complete(fillPrompt(this.options.prompts.rewrite, { history: transcript, question: message }))).trim();
    return rewritten.length > 3 && rewritten.length < 1000 ? rewritten : message;
  }

  async answer(request: ChatRequest): Promise<ChatAnswer> {
    const { offline, logger } = this.options;
    let question = request.message;
    try {
      question = await this.standalone(request.message, request.history ?? []);
    } catch (error) {
      logger?.warn({ err: error }, 'LLM rewrite failed; answering offline');
      return { ...(await offline.answer(request)), notice: NOTICE_UNREACHABLE };
    }
    const rewritten = { message: question, ...(request.asOf ? { asOf: request.asOf } : {}) };
    const baseline = await offline.answer(rewritten);
    if (baseline.outcome === 'decline') return baseline;
    const { hits, asOf, analysis } = await offline.assess(rewritten, { stability: false });
    // Only recognised legal texts are sources: a note or a file without a header never becomes the basis of an answer.
    const chosen = hits.filter((hit) => !offline.retriever.isUnrecognised(hit.unit)).slice(0, this.options.sources ?? 6);
    const sources = chosen.map((hit) => hit.unit);
    const listing = chosen.map((hit, index) => fenced(index + 1, `${unitLabel(hit.unit)} — ${hit.unit.articleTitle} (${hit.validity.note})`, hit.unit.text)).join('\n\n');
    let raw: string;
    try {
      raw = await this.complete(fillPrompt(this.options.prompts.answer, { asOf, sources: listing, question }));
    } catch (error) {
      logger?.warn({ err: error }, 'LLM answer failed; answering offline');
      return { ...baseline, notice: NOTICE_UNREACHABLE };
    }
    // The offline answer already computed stands in whenever the model's cannot be used.
    const draft = parseDraft(raw);
    if (!draft) {
      logger?.warn({ raw: raw.slice(0, 200) }, 'LLM answer was not the JSON asked for');
      return { ...baseline, notice: NOTICE_UNVERIFIED };
    }
    if (draft.grounded === false) return { ...baseline, grounded: false, outcome: 'likely', mode: 'generative' };
    const verified = verifyDraft(draft.answer, draft.citations, sources);
    const citations = verified.citations.map((c) => citationOf(offline.retriever, c.unit, c.quote, c.n, asOf));
    const sentences = verified.answer
      .split(/(?<=[.!?])\s+/u)
      .filter((sentence) => sentence.trim() !== '' && verifyNumbers(sentence, citations, (id) => offline.retriever.knowledge.unitById(id)));
    if (citations.length === 0 || sentences.length === 0) {
      logger?.warn({ removed: verified.removed.length }, 'LLM answer failed verification');
      return { ...baseline, notice: NOTICE_UNVERIFIED };
    }
    const warnings = citations.filter((c) => c.status !== 'còn hiệu lực' && c.status !== 'hết hiệu lực một phần').map((c) => `Lưu ý: ${c.label} — ${c.validityNote}.`);
    const preface = analysis.time ? `Trả lời ${analysis.time.phrase}.` : '';
    const short = [preface, ...sentences].filter(Boolean).join(' ');
    return {
      answer: [short, '', 'Căn cứ:', ...citations.map((c) => `[${c.n}] ${c.label}${c.title ? ` (${c.title})` : ''}: “${c.quote}”`), ...warnings].join('\n'),
      short,
      outcome: 'answer',
      citations,
      grounded: true,
      mode: 'generative',
      confidence: baseline.confidence,
      asOf,
    };
  }
}

function parseDraft(raw: string): z.infer<typeof Draft> | undefined {
  const start = raw.indexOf('{');
  const end = raw.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const parsed = Draft.safeParse(JSON.parse(raw.slice(start, end + 1)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
