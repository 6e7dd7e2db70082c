/**
 * Query processing for lexical search: conversational wrapping is dropped, and the term kinds are
 * weighted by what the question looks like. A question with diacritics is matched mostly on exact
 * forms, a little on folded ones (OCR damage); one without is matched on the folded forms only (the
 * retriever first tries to put its diacritics back, see diacritics.ts).
 */
import { findLawMentions } from '../legal/reference.js';
import { consequenceMask, wrappingMask } from '../text/conversational.js';
import { termsOfTokens } from '../text/terms.js';
import { foldDiacritics, hasDiacritics, normalizeText, syllables } from '../text/vietnamese.js';

export interface QueryWeights {
  exact: number;
  exactBigram: number;
  folded: number;
  foldedBigram: number;
}

export const DEFAULT_QUERY_WEIGHTS: QueryWeights = { exact: 1, exactBigram: 0.5, folded: 0.15, foldedBigram: 0.15 };

/**
 * The question's own legal words: conversational wrapping and the name of a law it mentions
 * ("theo Bộ luật Hình sự 2015") are left out. The name says which document, not which article;
 * the retriever uses it as a document prior (see Retriever.documentPrior).
 */
export function legalContent(question: string): string[] {
  const tokens = syllables(question);
  const mask = wrappingMask(tokens);
  consequenceMask(tokens, mask).forEach((masked, i) => {
    if (masked) mask[i] = true;
  });
  const lower = normalizeText(question).toLowerCase();
  for (const mention of findLawMentions(question)) {
    const from = syllables(lower.slice(0, mention.start)).length;
    const to = from + syllables(lower.slice(mention.start, mention.end)).length;
    for (let i = from; i < to && i < mask.length; i++) mask[i] = true;
  }
  const kept = tokens.filter((_, index) => !mask[index]);
  return kept.length > 0 ? kept : tokens;
}

/**
 * What a legal question asks for, by its wording, and the words the provision that answers it
 * usually carries: a definition sits in "Giải thích từ ngữ", a fine in "Phạt tiền", and so on.
 */
const INTENTS: ReadonlyArray<{ pattern: RegExp; adds: string }> = [
  { pattern: /(?:là gì|la gi|định nghĩa|dinh nghia|khái niệm|khai niem|được hiểu|duoc hieu|hiểu (?:như )?thế nào)/iu, adds: 'giải thích từ ngữ khái niệm là' },
  { pattern: /(?:phạt bao nhiêu|phat bao nhieu|mức phạt|muc phat|bị phạt|bi phat|xử phạt|xu phat)/iu, adds: 'phạt tiền hành vi' },
  { pattern: /(?:bao lâu|bao lau|thời hạn|thoi han|mấy ngày|may ngay|trong vòng)/iu, adds: 'thời hạn ngày' },
  { pattern: /(?:ai có thẩm quyền|ai co tham quyen|cơ quan nào|co quan nao|thẩm quyền|tham quyen)/iu, adds: 'thẩm quyền' },
  { pattern: /(?:hồ sơ|ho so|giấy tờ|giay to|thủ tục|thu tuc)/iu, adds: 'hồ sơ gồm' },
  // How the law words limits: "tối đa" is written "không quá", "tối thiểu" "không dưới" or "ít nhất".
  { pattern: /(?:tối đa|toi da|nhiều nhất|nhieu nhat)/iu, adds: 'không quá' },
  { pattern: /(?:tối thiểu|toi thieu|ít nhất|it nhat)/iu, adds: 'không dưới ít nhất' },
];

/** Words added for the question's intent, at a lower weight than the question's own. */
export function intentTerms(question: string): string[] {
  return INTENTS.filter((intent) => intent.pattern.test(question)).flatMap((intent) => syllables(intent.adds));
}

export const INTENT_WEIGHT = 0.3;

export function lexicalQuery(question: string, weights: QueryWeights = DEFAULT_QUERY_WEIGHTS): Map<string, number> {
  const query = ownTerms(question, weights);
  for (const [term, weight] of ownTerms(intentTerms(question).join(' '), weights, true)) {
    query.set(term, (query.get(term) ?? 0) + weight * INTENT_WEIGHT);
  }
  return query;
}

/** Terms of a law's name (folded words), to find the document whose text is about it. */
export function nameTerms(foldedName: string): Map<string, number> {
  const raw = termsOfTokens(syllables(foldedName));
  return new Map([...raw].filter(([term]) => term.startsWith('f:') || term.startsWith('g:')));
}

function ownTerms(question: string, weights: QueryWeights, accentedForm = false): Map<string, number> {
  const tokens = legalContent(question);
  const accented = accentedForm || hasDiacritics(question);
  const raw = termsOfTokens(tokens);
  const query = new Map<string, number>();
  for (const [term, count] of raw) {
    const kind = term.slice(0, 1);
    const weight = accented
      ? kind === 's' ? weights.exact : kind === 'b' ? weights.exactBigram : kind === 'f' ? weights.folded : weights.foldedBigram
      : kind === 'f' ? 1 : kind === 'g' ? 1 : 0;
    if (weight > 0) query.set(term, weight * count);
  }
  return query;
}

/**
 * The term a definition question asks about, as folded syllables: "hoa lợi được hiểu như thế nào"
 * → [hoa, loi]; "Định nghĩa của “Cưỡng bức lao động”" → [cuong, buc, lao, dong]. Laws define a term
 * as "X là ...", so the unit that says "X là" is the answer. Undefined when the question is not a
 * definition question or the term is not short enough to be one (≤ 8 syllables).
 */
export function definiendum(question: string): string[] | undefined {
  const text = foldDiacritics(normalizeText(question).toLowerCase()).replace(/\s+/gu, ' ');
  if (!DEFINITION.test(text)) return undefined;
  const quoted = /["“”'‘’]([^"“”'‘’]{2,80})["“”'‘’]/u.exec(normalizeText(question));
  let term: string | undefined = quoted ? foldDiacritics(quoted[1] as string).toLowerCase() : undefined;
  if (!term) {
    for (const pattern of DEFINIENDUM_PATTERNS) {
      const match = pattern.exec(text);
      if (match?.[1]) {
        term = match[1];
        break;
      }
    }
  }
  if (!term) return undefined;
  // Drop a leading source clause ("theo bộ luật dân sự 2015, ...") and what ends the term.
  term = term.replace(/^\s*(?:theo|trong) [^,]*,\s*/u, '').replace(/ (?:theo|trong (?:bo )?luat|cua (?:bo )?luat) .*$/u, '');
  const words = syllables(term).filter((w) => !/^\d+$/u.test(w));
  // "Trách nhiệm của Bộ Y tế ... là gì" asks what a provision says, not what a term means.
  if (!quoted && (words.includes('cua') || /[,;]/u.test(term))) return undefined;
  return words.length >= 1 && words.length <= 8 ? words : undefined;
}

const DEFINITION = /(?:la gi|dinh nghia|khai niem|duoc hieu|hieu (?:nhu )?the nao|the nao (?:duoc coi )?la)/u;

const DEFINIENDUM_PATTERNS: readonly RegExp[] = [
  /(?:dinh nghia|khai niem)(?: (?:ve|cua))? ([^?.;:]+?)(?: (?:la gi|theo|duoc)\b.*)?[?.]?$/u,
  /the nao (?:duoc coi )?la ([^?.;:]+?)[?.]?$/u,
  /([^?.;:]+?) (?:duoc hieu|hieu)(?: nhu)? (?:the nao|la gi|ra sao)/u,
  /([^?.;:]+?) la gi\b/u,
];
