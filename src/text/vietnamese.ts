/**
 * Vietnamese text primitives: Unicode normalisation, syllable tokens,
 * diacritic folding and syllable bigrams. Every stage that touches text uses these,
 * so that the index, the query and the reference parser agree on what a token is.
 */

/** NFC-normalise and unify the look-alike characters OCR and Word produce. */
export function normalizeText(input: string): string {
  return input
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/[\u2010-\u2013]/g, '-')
    .replace(/\t/g, ' ');
}

/** Remove Vietnamese diacritics: "Điều khoản" → "Dieu khoan". */
export function foldDiacritics(input: string): string {
  // Most calls fold one syllable, and a language has few: those are remembered; plain ASCII has nothing to fold.
  if (ASCII.test(input)) return input;
  if (input.length > SHORT) return foldText(input);
  let folded = FOLDED_SYLLABLES.get(input);
  if (folded === undefined) {
    folded = foldText(input);
    if (FOLDED_SYLLABLES.size < FOLDED_SYLLABLE_LIMIT) FOLDED_SYLLABLES.set(input, folded);
  }
  return folded;
}

const ASCII = /^[\x00-\x7F]*$/u;
const SHORT = 16;
const FOLDED_SYLLABLES = new Map<string, string>();
const FOLDED_SYLLABLE_LIMIT = 100_000;

function foldText(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

const TOKEN_PATTERN = /[\p{L}\p{N}]+(?:[/.-][\p{L}\p{N}]+)*/gu;

/** Lower-cased syllables and numbers; document numbers like 174/2026/nđ-cp stay whole. */
export function syllables(input: string): string[] {
  const lowered = normalizeText(input).toLowerCase();
  const tokens: string[] = [];
  for (const match of lowered.matchAll(TOKEN_PATTERN)) {
    const token = match[0];
    // Split dotted or hyphenated words ("a.b") unless they look like codes with digits.
    if (/[.-]/.test(token) && !/\d/.test(token)) {
      for (const part of token.split(/[.-]/)) if (part) tokens.push(part);
    } else {
      tokens.push(token);
    }
  }
  return tokens;
}

/** True when a string carries any Vietnamese diacritic (or đ). */
export function hasDiacritics(input: string): boolean {
  return foldDiacritics(input) !== input;
}

/** Adjacent pairs joined by '_' (the usual way Vietnamese words span two syllables). */
export function bigrams(tokens: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < tokens.length; i++) pairs.push(`${tokens[i]}_${tokens[i + 1]}`);
  return pairs;
}

/** Very common function syllables that carry no legal content on their own. */
export const STOP_SYLLABLES: ReadonlySet<string> = new Set([
  'và', 'của', 'các', 'có', 'được', 'cho', 'là', 'với', 'theo', 'trong', 'này', 'đó', 'thì', 'mà',
  'những', 'một', 'để', 'khi', 'về', 'tại', 'từ', 'do', 'hoặc', 'như', 'bị', 'đã', 'sẽ', 'không',
  'nào', 'gì', 'ai', 'sao', 'nếu', 'ra', 'vào', 'lại', 'cũng', 'vẫn', 'rằng', 'hay', 'thế',
]);
