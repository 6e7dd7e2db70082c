/**
 * The short answer that opens every grounded answer: one to three plain sentences that say what was
 * asked — the fine (for organisations, and for individuals by the decree's own rule), the additional
 * sanctions and remedial measures attached to the act, the deadline, who has the power, the
 * definition, the ordered steps — each carrying the marker of the provision it comes from. Offline,
 * every sentence is extracted from the provisions' own words, never invented: the act and the
 * amount are the Điểm's and the clause's words; a deadline is the span that states it.
 */
import { appliesTo, fineScopeRule, readSanctionClause, type SanctionItem } from '../legal/sanctions.js';
import type { LegalUnit } from '../legal/units.js';
import type { QuestionAnalysis } from '../retrieval/analyze.js';
import type { Retriever } from '../retrieval/retriever.js';
import { actTerms, bestAct } from '../retrieval/stages/sanction.js';
import { overlapScore, quotableSpans, type Span } from '../text/coverage.js';
import { foldDiacritics } from '../text/vietnamese.js';
import type { CitationList } from './citationList.js';

/** A period of time as the law states it: "45 ngày", "03 tháng", "10 ngày làm việc", "24 giờ". */
export const DURATION = /\d+\s*(?:ngày làm việc|ngày|tháng|năm|giờ)(?![\p{L}])/u;
/** Words of power and duty. */
export const AUTHORITY = /thẩm quyền|có quyền|được quyền|có trách nhiệm|quyết định|phạt tiền đến|Chánh [Tt]hanh tra|Trưởng đoàn|Thủ trưởng|Chủ tịch|Giám đốc|Bộ trưởng|người đứng đầu/u;
/** Other acts of the matched clause are named too when they cover at least this share of what the best one covers. */
const SAME_FINE_SHARE = 0.6;
/** At most this many of them. */
const SAME_FINE_ACTS = 2;
/** Longest short-answer sentence taken from a span before it is cut at a clause boundary. */
const SENTENCE_CHARS = 280;

export interface ShortAnswerContext {
  retriever: Retriever;
  analysis: QuestionAnalysis;
  /** The provision the answer rests on (the best Khoản of the best article). */
  lead: LegalUnit;
  /** The question named the provision by reference: the answer stays within it. */
  exact: boolean;
  citations: CitationList;
}

/** A span cut to at most SENTENCE_CHARS at a boundary (";", ",", a space), keeping what `keep` matches. */
export function clip(text: string, keep?: RegExp): string {
  const trimmed = text.trim().replace(/[;:,]\s*$/u, '');
  if (trimmed.length <= SENTENCE_CHARS) return trimmed;
  const at = keep ? trimmed.search(keep) : -1;
  const window = at > SENTENCE_CHARS - 60 ? trimmed.slice(Math.max(0, at - 120)) : trimmed;
  const cut = window.slice(0, SENTENCE_CHARS);
  const boundary = Math.max(cut.lastIndexOf(';'), cut.lastIndexOf(','), cut.lastIndexOf(' '));
  return `${window === trimmed ? '' : '…'}${cut.slice(0, boundary > 80 ? boundary : cut.length).trim()}…`;
}

/** "Phạt tiền từ …" → "phạt tiền từ …" (a sentence taken into the middle of another). */
function lowerFirst(text: string): string {
  return text.length > 1 && text[1] === text[1]?.toLowerCase() ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The line of a unit that holds a Điểm's words, as an exact span. */
function lineWith(unit: LegalUnit, words: string): Span | undefined {
  return quotableSpans(unit.text).find((span) => span.text.includes(words.slice(0, 60)));
}

/** The item's words without the acts it applies to: "Tịch thu tang vật … đối với hành vi vi phạm quy định tại khoản 7 Điều này" → "Tịch thu tang vật …". */
function itemMeasure(item: SanctionItem): string {
  return item.text.replace(/\s+(?:đối với|đối với các|đối với mỗi)\s+(?:các\s+)?hành vi[\s\S]*$/u, '').replace(/[;.]\s*$/u, '').trim();
}

/** The fine, its scope and the measures the same Điều attaches to the act — for a question about a penalty. */
function penaltySentences(context: ShortAnswerContext): string[] | undefined {
  const { retriever, analysis, lead, citations } = context;
  const index = retriever.knowledge.indexOf(lead.id);
  const clause = index === undefined ? undefined : retriever.sanctions.of(index);
  if (clause?.kind !== 'fine') return undefined;
  const match = bestAct(clause, actTerms(analysis), retriever.weightOf);
  const fine = match?.act.fine ?? clause.fine;
  if (!match || !fine) return undefined;
  const opening = quotableSpans(lead.text)[0];
  const actLine = match.act.point ? lineWith(lead, match.act.text) : undefined;
  const n = citations.cite(lead, [opening?.text ?? '', actLine?.text ?? ''], match.act.point);
  const act = clip(match.act.text).replace(/[.;]$/u, '');
  const scope = fineScopeRule(retriever.knowledge.unitsOfDocument(lead.ref.document));
  const sentences: string[] = [];
  const offender = clause.offender;
  if (offender) {
    sentences.push(`${upperFirst(offender)}: ${lowerFirst(act)} — bị phạt tiền ${fine.text} [${n}].`);
  } else if (scope && scope.unit.id !== lead.id) {
    const m = citations.cite(scope.unit, [scope.sentence]);
    if (analysis.offender === 'individual') {
      sentences.push(`Cá nhân có hành vi ${lowerFirst(act)} bị phạt bằng 1/2 mức phạt tiền đối với tổ chức, tức 1/2 của mức ${fine.text} [${n}][${m}].`);
    } else {
      sentences.push(`Tổ chức có hành vi ${lowerFirst(act)} bị phạt tiền ${fine.text}; cá nhân có cùng hành vi bị phạt bằng 1/2 mức phạt tiền đối với tổ chức [${n}][${m}].`);
    }
  } else {
    sentences.push(`Hành vi ${lowerFirst(act)} bị phạt tiền ${fine.text} [${n}].`);
  }
  // Other acts of the same clause that the question may mean: fined the same ("cùng mức").
  if (!match.act.fine) {
    const others = clause.acts
      .filter((act) => act !== match.act && act.point && !act.fine)
      .map((act) => ({ act, score: overlapScore(actTerms(analysis), `${clause.offender ?? ''} ${act.text}`, retriever.weightOf) }))
      .filter((other) => other.score > 0 && other.score >= match.score * SAME_FINE_SHARE)
      .sort((p, q) => q.score - p.score)
      .slice(0, SAME_FINE_ACTS);
    if (others.length > 0) {
      const parts = others.map(({ act }) => {
        const line = lineWith(lead, act.text);
        const marker = citations.cite(lead, [line?.text ?? ''], act.point);
        return `${lowerFirst(clip(act.text)).replace(/[.;]$/u, '')} [${marker}]`;
      });
      sentences.push(`Cùng mức phạt: ${parts.join('; ')}.`);
    }
  }
  // The same Điều's additional sanctions and remedial measures for this act.
  const measures: Array<{ kind: 'additional' | 'remedial'; unit: LegalUnit; item: SanctionItem }> = [];
  for (const unit of retriever.knowledge.unitsOfArticleOf(lead)) {
    const read = unit.kind === 'clause' ? readSanctionClause(unit) : undefined;
    if (read?.kind !== 'additional' && read?.kind !== 'remedial') continue;
    for (const item of read.items) if (lead.ref.clause && appliesTo(item, lead.ref.clause, match.act.point)) measures.push({ kind: read.kind, unit, item });
  }
  for (const kind of ['additional', 'remedial'] as const) {
    const items = measures.filter((m) => m.kind === kind);
    if (items.length === 0) continue;
    const parts = items.map(({ unit, item }) => {
      const line = item.point ? lineWith(unit, item.text) : quotableSpans(unit.text)[0];
      const marker = citations.cite(unit, [line?.text ?? ''], item.point);
      return `${lowerFirst(clip(itemMeasure(item)))} [${marker}]`;
    });
    sentences.push(`${kind === 'additional' ? 'Hình thức xử phạt bổ sung' : 'Biện pháp khắc phục hậu quả'}: ${parts.join('; ')}.`);
  }
  return sentences;
}

/**
 * The spans that best answer the question, from the lead and the other Khoản of its Điều (the lead's
 * own spans first on a tie), preferring those that match `pattern`; in the order of the text.
 */
function keySpans(context: ShortAnswerContext, limit: number, pattern?: RegExp): Array<{ unit: LegalUnit; span: Span }> {
  const { retriever, analysis, lead } = context;
  const terms = [...new Set([...analysis.terms, ...analysis.lawTerms])];
  const units = context.exact ? [lead] : [lead, ...retriever.knowledge.unitsOfArticleOf(lead).filter((u) => u.id !== lead.id)];
  const scored = units.flatMap((unit, rank) =>
    quotableSpans(unit.text)
      .filter((span) => span.text.replace(/^(?:\d+\.|[a-zđ]\))\s*/u, '').length > 12)
      .map((span) => ({ unit, span, rank, score: overlapScore(terms, span.text, retriever.weightOf) + (pattern && pattern.test(span.text) ? 1 : 0) - (rank > 0 ? 0.05 : 0) })),
  );
  scored.sort((p, q) => q.score - p.score || p.rank - q.rank || p.span.start - q.span.start);
  return scored
    .slice(0, limit)
    .filter((s, i) => i === 0 || s.score > 0.3)
    .sort((p, q) => p.unit.order - q.unit.order || p.span.start - q.span.start)
    .map(({ unit, span }) => ({ unit, span }));
}

function sentenceOf(span: Span, marker: number, keep?: RegExp): string {
  const text = upperFirst(clip(span.text.replace(/^(?:\d+\.|[a-zđ]\))\s*/u, ''), keep)).replace(/[.;:,]$/u, '');
  return `${text} [${marker}].`;
}

/** A definition: the sentence that says "X là …". */
function definitionSentences(context: ShortAnswerContext): string[] | undefined {
  const term = context.analysis.definitionTerm;
  if (!term) return undefined;
  for (const unit of [context.lead, ...context.retriever.knowledge.unitsOfArticleOf(context.lead)]) {
    const span = quotableSpans(unit.text).find((s) => ` ${foldDiacritics(s.text.toLowerCase()).replace(/[^a-z0-9 ]+/gu, ' ')} `.replace(/\s+/gu, ' ').includes(` ${term.join(' ')} la `));
    if (span) return [sentenceOf(span, context.citations.cite(unit, [span.text]))];
  }
  return undefined;
}

/** Ordered steps: the Khoản (or Điểm) of the lead's Điều in order, each cut to its first words. */
function stepSentences(context: ShortAnswerContext): string[] | undefined {
  const units = context.retriever.knowledge.unitsOfArticleOf(context.lead).filter((u) => u.kind === 'clause');
  const steps: string[] = [];
  if (units.length >= 3) {
    for (const unit of units.slice(0, 8)) {
      const first = quotableSpans(unit.text)[0];
      if (!first) continue;
      const marker = context.citations.cite(unit, [first.text]);
      steps.push(`(${steps.length + 1}) ${lowerFirst(clip(first.text.replace(/^\d+\.\s*/u, '')).replace(/[.;:,]$/u, ''))} [${marker}]`);
    }
  } else if (context.lead.points.length >= 3) {
    const spans = quotableSpans(context.lead.text).filter((s) => /^[a-zđ]\)/u.test(s.text)).slice(0, 8);
    for (const span of spans) {
      const point = span.text.charAt(0);
      const marker = context.citations.cite(context.lead, [span.text], point);
      steps.push(`(${steps.length + 1}) ${lowerFirst(clip(span.text.replace(/^[a-zđ]\)\s*/u, '')).replace(/[.;:,]$/u, ''))} [${marker}]`);
    }
  }
  return steps.length >= 3 ? [`Trình tự: ${steps.join('; ')}.`] : undefined;
}

/** The opening sentences, best effort by what the question asks; at least the lead's key sentence. */
export function shortAnswer(context: ShortAnswerContext): string[] {
  const { analysis, citations } = context;
  const intents = analysis.intents;
  const byIntent =
    (intents.includes('penalty') || intents.includes('additional') || intents.includes('remedial') ? penaltySentences(context) : undefined) ??
    (intents.includes('definition') ? definitionSentences(context) : undefined) ??
    (intents.includes('steps') ? stepSentences(context) : undefined);
  if (byIntent && byIntent.length > 0) return byIntent;
  const pattern = intents.includes('deadline') || intents.includes('maximum') || intents.includes('minimum') ? DURATION : intents.includes('authority') ? AUTHORITY : undefined;
  return keySpans(context, 2, pattern).map(({ unit, span }) => sentenceOf(span, citations.cite(unit, [span.text]), pattern));
}
