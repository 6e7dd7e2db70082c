/**
 * Correction of OCR'd Vietnamese against the statistics of clean text. Tesseract's errors on
 * Vietnamese are mostly diacritics (a mark dropped, doubled or swapped for a neighbour: "bẳn" for
 * "bản", "duyỆt" for "duyệt") and, less often, one letter ("lịnh" for "định"). A token is replaced
 * only when the clean vocabulary gives a clearly better reading close to it:
 * - a token that is not a Vietnamese syllable goes to the nearest syllable of the vocabulary;
 * - a syllable the vocabulary has never seen next to its neighbours goes to a close syllable that it
 *   has seen next to them many times ("văn bẳn" → "văn bản", "Nghị lịnh" → "Nghị định").
 * The vocabulary is built from born-digital texts (buildOcrVocabulary): nothing is downloaded and
 * nothing is invented — a word the corpus does not know stays as it was read.
 */
import { isVietnameseSyllable, KNOWN_NON_SYLLABLES } from './syllableCheck.js';
import { foldDiacritics } from './vietnamese.js';

export interface OcrVocabulary {
  /** Lower-case syllable → count. */
  syllables: Map<string, number>;
  /** "left right" lower-case syllable pairs → count. */
  pairs: Map<string, number>;
  /** The syllables by length in characters, for the nearest-syllable search. */
  byLength: Map<number, string[]>;
  /** Lower-case syllable → how often it is written capitalised ("Bộ") rather than in lower case ("bộ"). */
  capitalised: Map<string, number>;
}

export interface OcrCorrection {
  /** Offset of the token in the corrected text's source (the text given). */
  offset: number;
  from: string;
  to: string;
  reason: 'case' | 'not-a-syllable' | 'context';
}

const WORD = /[\p{L}\p{M}]+/gu;

function* words(text: string): Generator<string> {
  for (const match of text.normalize('NFC').matchAll(WORD)) yield match[0];
}

/** Counts the syllables and syllable pairs of clean texts (born-digital documents). */
export function buildOcrVocabulary(texts: Iterable<string>): OcrVocabulary {
  const syllables = new Map<string, number>();
  const pairs = new Map<string, number>();
  const capitalised = new Map<string, number>();
  for (const text of texts) {
    for (const line of text.split(/[\n.;:!?()"“”]/u)) {
      let previous: string | undefined;
      for (const written of words(line)) {
        const word = written.toLowerCase();
        const first = written[0] ?? '';
        if (first !== first.toLowerCase() && written.slice(1) === written.slice(1).toLowerCase()) capitalised.set(word, (capitalised.get(word) ?? 0) + 1);
        if (!isVietnameseSyllable(word)) {
          previous = undefined;
          continue;
        }
        syllables.set(word, (syllables.get(word) ?? 0) + 1);
        if (previous !== undefined) pairs.set(`${previous} ${word}`, (pairs.get(`${previous} ${word}`) ?? 0) + 1);
        previous = word;
      }
    }
  }
  const byLength = new Map<number, string[]>();
  for (const word of syllables.keys()) {
    const length = [...word].length;
    const list = byLength.get(length) ?? [];
    list.push(word);
    byLength.set(length, list);
  }
  return { syllables, pairs, byLength, capitalised };
}

/** Restores the case pattern of the token read ("Nghị", "NGHỊ", "nghị") on a replacement. */
function withCaseOf(model: string, word: string): string {
  const letters = [...model];
  const upper = letters.filter((char) => char !== char.toLowerCase()).length;
  if (upper === letters.length && letters.length > 1) return word.toUpperCase();
  if (letters[0] && letters[0] !== letters[0].toLowerCase()) return (word[0]?.toUpperCase() ?? '') + word.slice(1);
  return word;
}

/** "duyỆt" → "duyệt", "Nghị" stays, "QUỐC" stays: a capital inside a lower-case word is a misread mark. */
function fixInnerCapital(token: string): string | undefined {
  const chars = [...token];
  const rest = chars.slice(1);
  const capitals = rest.filter((char) => char !== char.toLowerCase()).length;
  const lowers = rest.filter((char) => char !== char.toUpperCase()).length;
  if (capitals === 0 || lowers === 0 || capitals > 1) return undefined;
  const fixed = (chars[0] ?? '') + rest.join('').toLowerCase();
  return isVietnameseSyllable(fixed) ? fixed : undefined;
}

/**
 * "CƠ quan", "các BỘ, cơ quan": Tesseract reads some short lower-case words with a horn or a dot
 * below as capitals. A short all-capital syllable between lower-case words takes the case the clean
 * texts write it in (mostly "cơ", mostly "Bộ"); with no vocabulary, lower case.
 */
function fixShoutedWord(token: string, previous: string | undefined, next: string | undefined, vocabulary: OcrVocabulary | undefined): string | undefined {
  const chars = [...token];
  if (chars.length < 2 || chars.length > 3 || token !== token.toUpperCase() || !isVietnameseSyllable(token)) return undefined;
  const isLower = (word: string | undefined): boolean => word !== undefined && word === word.toLowerCase() && /\p{Ll}/u.test(word);
  if (!isLower(previous) && !isLower(next)) return undefined;
  // In a heading in capitals ("CÁC BỘ, CƠ QUAN NGANG BỘ") the capitals are meant.
  const longCapitals = (word: string | undefined): boolean => word !== undefined && [...word].length >= 4 && word === word.toUpperCase() && /\p{Lu}/u.test(word);
  if (longCapitals(previous) || longCapitals(next)) return undefined;
  const lower = token.toLowerCase();
  if (KNOWN_NON_SYLLABLES.has(lower)) return undefined;
  const capitalisedCount = vocabulary?.capitalised.get(lower) ?? 0;
  const lowerCount = (vocabulary?.syllables.get(lower) ?? 0) - capitalisedCount;
  return capitalisedCount > lowerCount ? (chars[0] ?? '') + chars.slice(1).join('').toLowerCase() : lower;
}

/** Edit distance where swapping a letter for the same letter with other marks costs 0.4. */
export function ocrDistance(a: string, b: string, limit = 2): number {
  const left = [...a];
  const right = [...b];
  if (Math.abs(left.length - right.length) > limit) return Number.POSITIVE_INFINITY;
  const foldedLeft = left.map((char) => foldDiacritics(char));
  const foldedRight = right.map((char) => foldDiacritics(char));
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= right.length; j++) {
      const same = left[i - 1] === right[j - 1];
      const substitution = same ? 0 : foldedLeft[i - 1] === foldedRight[j - 1] ? 0.4 : 1;
      const value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + substitution);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return Number.POSITIVE_INFINITY;
    previous = current;
  }
  return previous[right.length] ?? Number.POSITIVE_INFINITY;
}

function candidates(vocabulary: OcrVocabulary, token: string, maxDistance: number): Array<{ word: string; distance: number }> {
  const length = [...token].length;
  const found: Array<{ word: string; distance: number }> = [];
  for (let candidateLength = length - 1; candidateLength <= length + 1; candidateLength++) {
    for (const word of vocabulary.byLength.get(candidateLength) ?? []) {
      if (word === token) continue;
      const distance = ocrDistance(token, word, maxDistance);
      if (distance <= maxDistance) found.push({ word, distance });
    }
  }
  return found;
}

interface Token {
  start: number;
  /** Length of the token as read, in UTF-16 units. */
  length: number;
  text: string;
  lower: string;
}

function pairCount(vocabulary: OcrVocabulary, left: string | undefined, right: string | undefined): number {
  return left === undefined || right === undefined ? 0 : vocabulary.pairs.get(`${left} ${right}`) ?? 0;
}

/** Corrects recognised text; without a vocabulary only misread capitals inside words are fixed. */
export function correctOcrText(text: string, vocabulary?: OcrVocabulary): { text: string; corrections: OcrCorrection[] } {
  const source = text.normalize('NFC');
  const corrections: OcrCorrection[] = [];
  const changed: Token[] = [];
  for (const line of lineSpans(source)) {
    const tokens: Token[] = [];
    for (const match of line.text.matchAll(WORD)) tokens.push({ start: line.start + match.index, length: match[0].length, text: match[0], lower: match[0].toLowerCase() });
    tokens.forEach((token, index) => {
      const capitalFix = fixInnerCapital(token.text) ?? fixShoutedWord(token.text, tokens[index - 1]?.text, tokens[index + 1]?.text, vocabulary);
      if (capitalFix) {
        corrections.push({ offset: token.start, from: token.text, to: capitalFix, reason: 'case' });
        token.text = capitalFix;
        token.lower = capitalFix.toLowerCase();
        changed.push(token);
      }
      if (!vocabulary) return;
      const previous = tokens[index - 1]?.lower;
      const next = tokens[index + 1]?.lower;
      const choice = chooseReplacement(vocabulary, token.text, previous, next);
      if (!choice) return;
      const to = withCaseOf(token.text, choice.word);
      corrections.push({ offset: token.start, from: token.text, to, reason: choice.reason });
      token.lower = choice.word;
      token.text = to;
      if (!capitalFix) changed.push(token);
    });
  }
  let output = '';
  let cursor = 0;
  for (const token of changed) {
    output += source.slice(cursor, token.start) + token.text;
    cursor = token.start + token.length;
  }
  return { text: output + source.slice(cursor), corrections };
}

function lineSpans(text: string): Array<{ start: number; text: string }> {
  const spans: Array<{ start: number; text: string }> = [];
  let start = 0;
  for (const line of text.split('\n')) {
    spans.push({ start, text: line });
    start += line.length + 1;
  }
  return spans;
}

/** How much more often a replacement must be seen in context than the token read. */
const CONTEXT_MARGIN = 3;
/** Pairs a re-lettered form must be seen in to replace a syllable the clean texts never use. */
const RELETTER_MARGIN = 5;
/** Pairs a re-marked form must be seen in to replace a frequent word. */
const FREQUENT_WORD_MARGIN = 10;

/** Tokens that are not words to correct: Điểm letters ("điểm c"), roman numerals, abbreviations (NĐ-CP, UBND), known loanwords. */
function isLeftAlone(original: string): boolean {
  if ([...original].length <= 1) return true;
  if (KNOWN_NON_SYLLABLES.has(original.toLowerCase())) return true;
  return original === original.toUpperCase() && !isVietnameseSyllable(original);
}

function chooseReplacement(vocabulary: OcrVocabulary, original: string, previous: string | undefined, next: string | undefined): { word: string; reason: OcrCorrection['reason'] } | undefined {
  if (isLeftAlone(original)) return undefined;
  const token = original.toLowerCase();
  const known = vocabulary.syllables.get(token) ?? 0;
  const valid = isVietnameseSyllable(token);
  if (!valid && /^[a-z]+$/u.test(token) && known === 0 && [...token].length > 3) return undefined; // a foreign word
  const support = pairCount(vocabulary, previous, token) + pairCount(vocabulary, token, next);
  if (valid && support > 0) return undefined;
  // A frequent word never seen beside either neighbour, while a re-marked form is seen there often,
  // is the re-marked form ("tham những" → "tham nhũng"); a frequent word with one neighbour missing is left.
  const frequent = known >= 50;
  if (valid && frequent && (previous === undefined || next === undefined)) return undefined;
  // A real syllable is only ever re-marked ("tiên hành" → "tiến hành"), never re-lettered: a rare
  // word or a name ("Viện kiểm sát", "Luật Đê điều") must not become a frequent neighbour.
  // A syllable the clean texts never use ("Nghị lịnh") may also be re-lettered, on strong context.
  const unseen = known === 0;
  const found = candidates(vocabulary, token, valid && !unseen ? 0.8 : 1.2).filter((candidate) => !valid || unseen || foldDiacritics(candidate.word) === foldDiacritics(token));
  let best: { word: string; score: number; support: number } | undefined;
  for (const { word, distance } of found) {
    const wordSupport = pairCount(vocabulary, previous, word) + pairCount(vocabulary, word, next);
    const frequency = vocabulary.syllables.get(word) ?? 0;
    const score = 2 * Math.log1p(wordSupport) + 0.5 * Math.log1p(frequency) - 3 * distance;
    if (!best || score > best.score) best = { word, score, support: wordSupport };
  }
  if (!best) return undefined;
  if (!valid) return { word: best.word, reason: 'not-a-syllable' };
  // The better reading must be seen in this context clearly more often than the word read is seen at all.
  const relettered = foldDiacritics(best.word) !== foldDiacritics(token);
  const needed = frequent ? FREQUENT_WORD_MARGIN : relettered ? RELETTER_MARGIN : Math.max(CONTEXT_MARGIN, known / 2);
  return best.support >= needed ? { word: best.word, reason: 'context' } : undefined;
}
