/**
 * The offline answerer: it quotes the provisions that answer the question, with their markers and
 * labels ("Theo Khoản 1 Điều 47 Luật Thanh tra số 84/2025/QH15: “...” [1]"), warns when a cited
 * text is not in force, and below a calibrated confidence declines while offering the closest
 * provisions.
 */
import type { LegalUnit } from '../legal/units.js';
import { displayDate, today } from '../legal/validity.js';
import { Lookup } from '../retrieval/lookup.js';
import type { Retriever, SearchHit } from '../retrieval/retriever.js';
import { citationOf } from './citations.js';
import type { QuestionAnalysis } from '../retrieval/analyze.js';
import { conversationSubject, leansOnPrevious } from '../text/followUp.js';
import { coverage, GENERIC_LEGAL_TERMS, overlapScore, quotableSpans, type Span } from '../text/coverage.js';
import type { Answerer, ChatAnswer, ChatRequest, Citation } from './types.js';

export interface ExtractiveSettings {
  /** Below this confidence the answerer declines (calibrated on the dev sets, see evals/answers.ts). */
  minConfidence: number;
  /** Longest quote, in characters, before a unit is quoted by its best sentences instead. */
  wholeUnitChars: number;
  /** Share of phrase (adjacent pair) coverage in the confidence, against single-term coverage. */
  pairWeight: number;
}

export const DEFAULT_EXTRACTIVE_SETTINGS: ExtractiveSettings = { minConfidence: 0.6, wholeUnitChars: 450, pairWeight: 0.5 };

export const DECLINE_TEXT = 'Chưa tìm thấy căn cứ pháp lý phù hợp để trả lời câu hỏi này trong kho văn bản hiện có.';

export class ExtractiveAnswerer implements Answerer {
  readonly mode = 'extractive' as const;
  private readonly retriever: Retriever;
  private readonly settings: ExtractiveSettings;

  private readonly lookup: Lookup;

  constructor(retriever: Retriever, settings: Partial<ExtractiveSettings> = {}) {
    this.retriever = retriever;
    this.lookup = new Lookup(retriever);
    this.settings = { ...DEFAULT_EXTRACTIVE_SETTINGS, ...settings };
  }

  private weightOf = (term: string): number => Math.max(0.1, this.retriever.knowledge.bm25.idf(`f:${term}`)) * (GENERIC_LEGAL_TERMS.has(term) ? 0.25 : 1);

  /** How much of the question the unit (with its article and document titles) covers, IDF-weighted. */
  confidenceOf(analysis: QuestionAnalysis, hit: SearchHit): number {
    if (hit.exact) return 1;
    const terms = analysis.terms.filter((t) => this.retriever.knowledge.bm25.documentFrequency(`f:${t}`) > 0 || t.length > 2);
    // What the answer would quote: the best Khoản of the article, read with its Điều title and lead-in.
    const unit = this.bestClauseOf(analysis, hit.unit);
    const text = [unit.documentTitle, unit.articleTitle, unit.lead ?? '', unit.text].join('\n');
    const found = coverage(terms, text, this.weightOf);
    return (1 - this.settings.pairWeight) * found.terms + this.settings.pairWeight * found.pairs;
  }

  async answer(request: ChatRequest): Promise<ChatAnswer> {
    // Confidence and the sentences quoted are judged on the question with its diacritics, put back
    // from the corpus when it was typed without them ("bi phat" must weigh as "bị phạt", a stop word and a verb).
    const subject = request.history && request.history.length > 0 && leansOnPrevious(request.message) ? conversationSubject(request.history) : undefined;
    const analysis = this.retriever.analyze(request.message, subject);
    const asOf = request.asOf ?? analysis.time?.asOf ?? today();
    const hits = await this.retriever.search(analysis, { k: 8, asOf });
    const top = hits[0];
    if (!top) return this.decline([], asOf, 0);
    const confidence = this.confidenceOf(analysis, top);
    if (confidence < this.settings.minConfidence) return this.decline(hits, asOf, confidence);
    return this.compose(analysis, hits, asOf, confidence, analysis.time?.phrase);
  }

  private bestSpans(analysis: QuestionAnalysis, unit: LegalUnit, limit: number): Span[] {
    const spans = quotableSpans(unit.text);
    if (unit.text.length <= this.settings.wholeUnitChars || spans.length <= 1) return [{ start: 0, end: unit.text.length, text: unit.text }];
    const terms = this.answerTerms(analysis);
    const scored = spans.map((span, index) => ({ span, index, score: overlapScore(terms, span.text, this.weightOf) }));
    scored.sort((p, q) => q.score - p.score || p.index - q.index);
    const chosen = scored.slice(0, limit).filter((s, i) => i === 0 || s.score > 0);
    // A point quoted alone loses its clause's opening ("Phạt tiền từ ... đối với một trong các hành vi sau:").
    const opening = spans[0];
    if (opening && !chosen.some((c) => c.index === 0) && /(?:sau đây|sau):$/u.test(opening.text)) chosen.push({ span: opening, index: 0, score: 1 });
    return chosen.sort((p, q) => p.index - q.index).map((c) => c.span);
  }

  /** The question's words plus how the law words what it asks ("tối đa" → "không quá"). */
  private answerTerms(analysis: QuestionAnalysis): string[] {
    return [...new Set([...analysis.terms, ...analysis.lawTerms])];
  }

  /** Within the best article, the Khoản whose words answer the question best (the earlier one on a tie). */
  private bestClauseOf(analysis: QuestionAnalysis, unit: LegalUnit): LegalUnit {
    if (unit.kind !== 'clause') return unit;
    const terms = this.answerTerms(analysis);
    const siblings = this.retriever.knowledge.unitsOfArticleOf(unit).filter((u) => u.kind === 'clause');
    let best = unit;
    let bestScore = overlapScore(terms, unit.text, this.weightOf);
    for (const sibling of siblings) {
      const score = overlapScore(terms, sibling.text, this.weightOf);
      if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) < 1e-9 && sibling.order < best.order)) {
        best = sibling;
        bestScore = score;
      }
    }
    return best;
  }

  private quoteOf(spans: readonly Span[]): string {
    return spans.map((s) => s.text).join(' … ');
  }

  private compose(analysis: QuestionAnalysis, hits: readonly SearchHit[], asOf: string, confidence: number, timePhrase?: string): ChatAnswer {
    const citations: Citation[] = [];
    const parts: string[] = [];
    const top = hits[0] as SearchHit;
    const used = new Set<string>();
    const cite = (unit: LegalUnit, spans: readonly Span[], lead: string): void => {
      const n = citations.length + 1;
      const first = spans[0];
      if (!first) return;
      const citation = citationOf(this.retriever, unit, first.text, n, asOf, spans.map((span) => span.text));
      citations.push(citation);
      used.add(`${unit.ref.document}|${unit.ref.article}`);
      parts.push(`${lead} ${citation.label}${unit.articleTitle ? ` (${unit.articleTitle})` : ''}: “${this.quoteOf(spans)}” [${n}]`);
      if (!citation.inForce) parts.push(`Lưu ý: ${citation.label} — ${citation.validityNote.charAt(0).toLowerCase()}${citation.validityNote.slice(1)}.`);
    };
    // Quotes joined by "…" are several spans: the citation carries each of them, verbatim.
    const lead = top.exact ? top.unit : this.bestClauseOf(analysis, top.unit);
    cite(lead, this.bestSpans(analysis, lead, 2), 'Theo');
    const second = hits.slice(1, 4).find((hit) => !used.has(`${hit.unit.ref.document}|${hit.unit.ref.article}`) && this.confidenceOf(analysis, hit) >= confidence * 0.85 && !hit.exact);
    if (second && !top.exact) cite(second.unit, this.bestSpans(analysis, second.unit, 1), 'Ngoài ra, theo');
    this.addAmendments(citations, parts, asOf);
    this.addFineScope(citations, parts, asOf);
    if (timePhrase) parts.unshift(`Trả lời ${timePhrase}.`);
    const answer = parts.join('\n');
    return { answer, citations, grounded: true, mode: 'extractive', confidence: Number(confidence.toFixed(3)), asOf };
  }

  /** A cited provision that an amending text in the corpus changed: cite the amending provision too. */
  private addAmendments(citations: Citation[], parts: string[], asOf: string): void {
    for (const citation of [...citations]) {
      const unit = this.retriever.knowledge.unitById(citation.unitId);
      if (!unit) continue;
      for (const amendment of this.lookup.amendmentsOf(unit)) {
        if (amendment.effective && amendment.effective > asOf) continue;
        const amending = this.retriever.knowledge.unitById(amendment.unitId);
        const span = amending ? quotableSpans(amending.text)[0] : undefined;
        if (!amending || !span || citations.some((c) => c.unitId === amending.id)) continue;
        const n = citations.length + 1;
        const cited = citationOf(this.retriever, amending, span.text, n, asOf);
        citations.push(cited);
        parts.push(`Lưu ý: ${citation.label} đã được sửa đổi, bổ sung bởi ${amendment.label}${amendment.effective ? ` từ ${displayDate(amendment.effective)}` : ''}: “${span.text}” [${n}]`);
      }
    }
  }

  /** Fines are stated for one kind of offender; the decree's early article says how the other pays. */
  private addFineScope(citations: Citation[], parts: string[], asOf: string): void {
    const fine = citations.find((c) => /phạt tiền/iu.test(c.quote) || /phạt tiền/iu.test(this.retriever.knowledge.unitById(c.unitId)?.text ?? ''));
    if (!fine) return;
    const scope = this.retriever.knowledge
      .unitsOfDocument(fine.ref.document)
      .find((u) => /1\/2 mức phạt tiền|một phần hai mức phạt tiền/iu.test(u.text) && u.id !== fine.unitId);
    if (!scope) return;
    const span = quotableSpans(scope.text).find((s) => /1\/2 mức phạt tiền|một phần hai mức phạt tiền/iu.test(s.text));
    if (!span) return;
    const n = citations.length + 1;
    const citation = citationOf(this.retriever, scope, span.text, n, asOf);
    citations.push(citation);
    parts.push(`Về đối tượng áp dụng mức phạt, ${citation.label} quy định: “${span.text}” [${n}]`);
  }

  private decline(hits: readonly SearchHit[], asOf: string, confidence: number): ChatAnswer {
    const closest = hits.slice(0, 3);
    const citations = closest.map((hit, index) => {
      const span = quotableSpans(hit.unit.text)[0] ?? { text: hit.unit.text, start: 0, end: hit.unit.text.length };
      return citationOf(this.retriever, hit.unit, span.text, index + 1, asOf);
    });
    const offered = citations.length > 0 ? `\nCác quy định gần nhất có thể tham khảo: ${citations.map((c) => `${c.label} (${c.title}) [${c.n}]`).join('; ')}.` : '';
    return {
      answer: `${DECLINE_TEXT} Câu hỏi có thể nằm ngoài phạm vi các văn bản đã nạp, hoặc cần diễn đạt cụ thể hơn (nêu lĩnh vực, hành vi, văn bản).${offered}`,
      citations,
      grounded: false,
      mode: 'extractive',
      confidence: Number(confidence.toFixed(3)),
      asOf,
    };
  }
}

