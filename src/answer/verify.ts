/**
 * The verifier every generative answer passes before it is shown: markers must point to sources
 * given, quotes must occur verbatim in their unit, and a sentence that names a Điều, Khoản or
 * document not among the sources is removed. What survives is renumbered in order of appearance.
 */
import type { LegalUnit } from '../legal/units.js';
import { parseReference } from '../legal/reference.js';
import { numberKey } from '../legal/documentTypes.js';

export interface DraftCitation {
  n: number;
  quote: string;
}

export interface VerifiedDraft {
  answer: string;
  /** Verified citations, renumbered: source unit and the exact quote. */
  citations: Array<{ n: number; unit: LegalUnit; quote: string }>;
  removed: string[];
}

/** The exact span of `text` that matches `quote` up to white space, or undefined. */
export function locateQuote(text: string, quote: string): string | undefined {
  const wanted = quote.trim().replace(/^[“"']+|[”"']+$/gu, '').trim();
  if (wanted.length < 8) return undefined;
  if (text.includes(wanted)) return wanted;
  const pattern = wanted
    .split(/\s+/u)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'))
    .join('\\s+');
  return new RegExp(pattern, 'u').exec(text)?.[0];
}

function sentencesOf(answer: string): string[] {
  return answer
    .split(/(?<=[.!?:;])\s+(?=[\p{Lu}“"(])|\n+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Whether every legal reference a sentence makes is among the sources. */
function referencesOnlySources(sentence: string, sources: readonly LegalUnit[]): boolean {
  const numbers = [...sentence.matchAll(/\d{1,5}\/\d{4}\/[\p{Lu}\d-]+/gu)].map((m) => numberKey(m[0]));
  const known = new Set(sources.map((u) => numberKey(u.ref.document)));
  if (numbers.some((n) => !known.has(n))) return false;
  for (const match of sentence.matchAll(/(?:(?:[Đđ]iểm\s+[a-zđ]\s+)?(?:[Kk]hoản\s+\d+\s+)?[Đđ]iều\s+\d+[a-zđ]?)(?:\s+(?:của\s+)?(?:Luật|Nghị định|Thông tư|Bộ luật)[^,.;]{0,80})?/gu)) {
    const parsed = parseReference(match[0]);
    if (!parsed.article) continue;
    const sameArticle = sources.filter((u) => u.ref.article === parsed.article);
    if (sameArticle.length === 0) return false;
    if (parsed.clause && !sameArticle.some((u) => u.ref.clause === parsed.clause || u.ref.clause === undefined)) return false;
  }
  return true;
}

export function verifyDraft(answer: string, drafts: readonly DraftCitation[], sources: readonly LegalUnit[]): VerifiedDraft {
  const valid = new Map<number, { unit: LegalUnit; quote: string }>();
  for (const draft of drafts) {
    const unit = sources[draft.n - 1];
    if (!unit || valid.has(draft.n)) continue;
    const quote = locateQuote(unit.text, draft.quote);
    if (quote) valid.set(draft.n, { unit, quote });
  }
  const removed: string[] = [];
  const kept: string[] = [];
  for (const sentence of sentencesOf(answer)) {
    const markers = [...sentence.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1]));
    const badMarker = markers.some((n) => !valid.has(n));
    const unsupportedClaim = markers.length === 0 && /[Đđ]iều\s+\d|[Kk]hoản\s+\d|\d+\/\d{4}\//u.test(sentence);
    if (badMarker || unsupportedClaim || !referencesOnlySources(sentence, sources)) {
      removed.push(sentence);
      continue;
    }
    kept.push(sentence);
  }
  // Renumber in order of first appearance.
  const order: number[] = [];
  for (const sentence of kept) for (const m of sentence.matchAll(/\[(\d+)\]/gu)) if (!order.includes(Number(m[1]))) order.push(Number(m[1]));
  const renumber = new Map(order.map((old, index) => [old, index + 1]));
  const text = kept.join(' ').replace(/\[(\d+)\]/gu, (_m, n: string) => `[${renumber.get(Number(n)) ?? n}]`);
  const citations = order.flatMap((old) => {
    const entry = valid.get(old);
    return entry ? [{ n: renumber.get(old) ?? old, unit: entry.unit, quote: entry.quote }] : [];
  });
  return { answer: citations.length > 0 ? text : '', citations, removed };
}

/** Numbers as a text writes them: "30.000.000", "1/2", "45", "01/7/2026". */
const NUMBER = /\d+(?:[.,/]\d+)*/gu;
/** A document number or a part of a text named with its number. */
const REFERENCE = /\d{1,5}\/\d{4}\/[\p{Lu}\d]+(?:-[\p{Lu}\d]+)*|(?:[ĐđDd]iều|[Kk]hoản|[Đđ]iểm|[Cc]hương|[Pp]hụ lục)\s+[\dIVXLC]+[a-zđ]?(?![\p{L}\d])/gu;

/**
 * Whether every number and date in a sentence occurs in a provision the sentence cites (by its
 * markers; all cited provisions when it has none). A short answer may only state what its sources say.
 */
export function verifyNumbers(sentence: string, citations: ReadonlyArray<{ n: number; unitId: string }>, unitById: (id: string) => { text: string } | undefined): boolean {
  const markers = [...sentence.matchAll(/\[(\d+)\]/gu)].map((m) => Number(m[1]));
  const cited = citations.filter((c) => markers.length === 0 || markers.includes(c.n)).map((c) => unitById(c.unitId)?.text ?? '');
  // References name sources ("Điều 62", "84/2025/QH15"); they are checked as citations, not as claims.
  const claims = sentence.replace(/\[\d+\]/gu, ' ').replace(REFERENCE, ' ');
  const numbers = [...claims.matchAll(NUMBER)].map((m) => m[0].replace(/[.,]$/u, ''));
  return numbers.every((number) => cited.some((text) => text.includes(number)));
}
