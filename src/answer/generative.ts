/**
 * The generative answerer, for any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, vLLM, Ollama).
 * Follow-ups are rewritten into standalone questions; the model answers only from numbered sources;
 * every answer is verified (see verify.ts). If nothing verified remains, or the endpoint fails or
 * times out, the offline answer is returned with a notice.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { unitLabel } from '../legal/units.js';
import { today } from '../legal/validity.js';
import type { Retriever } from '../retrieval/retriever.js';
import { citationOf } from './citations.js';
import type { ExtractiveAnswerer } from './extractive.js';
import { fillPrompt, type Prompts } from './prompts.js';
import { timeInQuestion } from '../legal/timeInQuestion.js';
import type { Answerer, ChatAnswer, ChatRequest, ChatTurn } from './types.js';
import { verifyDraft } from './verify.js';

export interface GenerativeOptions {
  retriever: Retriever;
  offline: ExtractiveAnswerer;
  prompts: Prompts;
  baseURL: string;
  apiKey: string;
  model: string;
  timeoutMs: number;
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
    const { retriever, offline } = this.options;
    let question = request.message;
    try {
      question = await this.standalone(request.message, request.history ?? []);
    } catch {
      return { ...(await this.options.offline.answer({ ...request, message: question })), notice: NOTICE_UNREACHABLE };
    }
    const stated = timeInQuestion(question, [...retriever.knowledge.documents.values()]);
    const asOf = request.asOf ?? stated?.asOf ?? today();
    const baseline = await offline.answer({ message: question, asOf });
    if (!baseline.grounded) return baseline;
    const hits = await retriever.search(question, { k: this.options.sources ?? 6, asOf });
    const sources = hits.map((hit) => hit.unit);
    const listing = hits
      .map((hit, index) => `[${index + 1}] ${unitLabel(hit.unit)} — ${hit.unit.articleTitle} (${hit.validity.note})\n${hit.unit.text}`)
      .join('\n\n');
    let raw: string;
    try {
      raw = await this.complete(fillPrompt(this.options.prompts.answer, { asOf, sources: listing, question }));
    } catch {
      return { ...baseline, notice: NOTICE_UNREACHABLE };
    }
    // The offline answer already computed stands in whenever the model's cannot be used.
    const draft = parseDraft(raw);
    if (!draft) return { ...baseline, notice: NOTICE_UNVERIFIED };
    if (draft.grounded === false) return { ...baseline, grounded: false, mode: 'generative' };
    const verified = verifyDraft(draft.answer, draft.citations, sources);
    if (verified.citations.length === 0 || verified.answer.trim() === '') return { ...baseline, notice: NOTICE_UNVERIFIED };
    const citations = verified.citations.map((c) => citationOf(retriever, c.unit, c.quote, c.n, asOf));
    const warnings = citations.filter((c) => !c.inForce).map((c) => `Lưu ý: ${c.label} — ${c.validityNote}.`);
    const preface = stated ? `Trả lời ${stated.phrase}.\n` : '';
    return {
      answer: [preface + verified.answer, ...warnings].join('\n'),
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
