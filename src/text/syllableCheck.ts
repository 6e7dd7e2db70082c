/**
 * Is this token a Vietnamese syllable? A written syllable is an onset, a rhyme (an optional medial
 * o/u, a vowel nucleus, an optional final) and at most one tone mark, and the parts constrain each
 * other (k/gh/ngh only before i, e, ê; ă and â need a final; a syllable ending in p, t, c, ch takes
 * only the sắc or nặng tone ...). Text extraction and OCR that lose or misplace a letter or a mark
 * leave tokens that break these rules ("nạt m dừng", "giị", "vă"), so the share of tokens that are
 * not syllables — numbers, document codes, roman numerals, known abbreviations and foreign words
 * aside — measures how faithful a document's text is.
 */

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
export type Tone = 'ngang' | 'huyền' | 'sắc' | 'ngã' | 'hỏi' | 'nặng';
const TONE_OF_MARK: Record<string, Tone> = { '\u0300': 'huyền', '\u0301': 'sắc', '\u0303': 'ngã', '\u0309': 'hỏi', '\u0323': 'nặng' };

/** Onsets, longest first so that "ngh" is tried before "ng" and "n". */
const ONSETS = ['ngh', 'ng', 'gh', 'gi', 'kh', 'nh', 'ph', 'th', 'tr', 'ch', 'qu', 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x', ''];

/**
 * Rhymes without tone, with the medial (o/u) included; the list of the Vietnamese "vần" in use,
 * written with both i and y where spelling varies (lí/lý). Rhymes ending in p/t/c/ch are marked
 * "stop": they take only the sắc or nặng tone.
 */
const OPEN_RHYMES = [
  'a', 'e', 'ê', 'i', 'y', 'o', 'ô', 'ơ', 'u', 'ư',
  'ai', 'ay', 'ao', 'au', 'âu', 'ây', 'eo', 'êu', 'ia', 'iu', 'iêu', 'yêu', 'oi', 'ôi', 'ơi', 'ui', 'ưi', 'ưu', 'ưa', 'ua', 'uôi', 'ươi', 'ươu',
  'oa', 'oai', 'oay', 'oao', 'oe', 'oeo', 'uê', 'uy', 'uya', 'uyu', 'uơ', 'uây', 'uâu', 'uai', 'uay', 'uao', 'ue', 'ueo', 'uêu', 'uyê', 'oo',
];
const CLOSED_NUCLEI: Record<string, readonly string[]> = {
  // nucleus (with medial) → finals it takes (besides the open rhymes above)
  a: ['c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'],
  ă: ['c', 'm', 'n', 'ng', 'p', 't'],
  â: ['c', 'm', 'n', 'ng', 'p', 't'],
  e: ['c', 'm', 'n', 'ng', 'p', 't'],
  ê: ['ch', 'm', 'n', 'nh', 'p', 't'],
  i: ['ch', 'm', 'n', 'nh', 'p', 't'],
  y: ['ch', 'm', 'n', 'nh', 'p', 't'],
  o: ['c', 'm', 'n', 'ng', 'p', 't'],
  ô: ['c', 'm', 'n', 'ng', 'p', 't'],
  ơ: ['m', 'n', 'p', 't'],
  u: ['c', 'm', 'n', 'ng', 'p', 't'],
  ư: ['c', 'm', 'n', 'ng', 't'],
  iê: ['c', 'm', 'n', 'ng', 'p', 't'],
  yê: ['m', 'n', 'ng', 't'],
  uô: ['c', 'm', 'n', 'ng', 't'],
  ươ: ['c', 'm', 'n', 'ng', 'p', 't'],
  oa: ['c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't'],
  oă: ['c', 'm', 'n', 'ng', 't'],
  oe: ['n', 't', 'ng', 'c'],
  oo: ['c', 'ng'],
  uâ: ['n', 'ng', 't', 'c'],
  uê: ['ch', 'n', 'nh', 't'],
  uy: ['ch', 'n', 'nh', 't', 'p'],
  uyê: ['n', 't'],
  uơ: ['n', 'm'],
  ua: ['n', 'ng', 't', 'c', 'nh', 'ch'],
  uă: ['n', 'ng', 't', 'c'],
  ue: ['n', 't'],
};

const RHYMES = new Map<string, boolean>();
for (const rhyme of OPEN_RHYMES) RHYMES.set(rhyme, false);
for (const [nucleus, finals] of Object.entries(CLOSED_NUCLEI)) {
  for (const final of finals) RHYMES.set(nucleus + final, /(?:p|t|c|ch)$/u.test(final));
}

const FRONT_VOWEL = /^[iyeê]/u;

function onsetFits(onset: string, rhyme: string): boolean {
  switch (onset) {
    case 'k':
    case 'gh':
    case 'ngh':
      return FRONT_VOWEL.test(rhyme);
    case 'c':
    case 'ng':
      return !FRONT_VOWEL.test(rhyme);
    case 'g':
      // "gì", "gìn" are g + i; "ge", "gê" are written gh.
      return !/^[eê]/u.test(rhyme);
    case 'qu':
      // "qu" carries the medial itself: "quê", "quy", "quốc", never "quu" or "quo".
      return !/^[uo]/u.test(rhyme);
    case 'gi':
      return !/^i/u.test(rhyme);
    case '':
      return true;
    default:
      // "yê" begins a syllable only without an onset or after the medial u: "yên", "khuyên".
      return !/^y[êa]/u.test(rhyme);
  }
}

/** The tone of a syllable and its letters without tone marks (vowel marks ă â ê ô ơ ư kept); undefined if two tone marks. */
export function splitTone(token: string): { tone: Tone; bare: string } | undefined {
  const decomposed = token.normalize('NFD');
  const marks = decomposed.match(TONE_MARKS) ?? [];
  if (marks.length > 1) return undefined;
  const tone = marks[0] ? TONE_OF_MARK[marks[0]] ?? 'ngang' : 'ngang';
  return { tone, bare: decomposed.replace(TONE_MARKS, '').normalize('NFC') };
}

/** True when the token (any case) is one well-formed Vietnamese syllable. */
export function isVietnameseSyllable(token: string): boolean {
  const lower = token.toLowerCase();
  if (!/^[a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ\u0300-\u036f]+$/u.test(lower.normalize('NFC'))) return false;
  const split = splitTone(lower);
  if (!split) return false;
  const { tone, bare } = split;
  for (const onset of ONSETS) {
    if (!bare.startsWith(onset)) continue;
    const rhyme = bare.slice(onset.length);
    // "gì", "gỉ": the i of "gi" is also the nucleus.
    if (onset === 'gi' && rhyme === '') return true;
    const stop = RHYMES.get(rhyme);
    if (stop === undefined) continue;
    if (!onsetFits(onset, rhyme)) continue;
    if (stop && tone !== 'sắc' && tone !== 'nặng') continue;
    return true;
  }
  return false;
}

const ROMAN = /^(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$/u;

/** Foreign words and abbreviations that Vietnamese legal texts use as they are. */
export const KNOWN_NON_SYLLABLES: ReadonlySet<string> = new Set(
  [
    'internet', 'website', 'web', 'email', 'e-mail', 'online', 'offline', 'video', 'camera', 'file', 'server', 'software', 'hardware', 'sim', 'wifi', 'ip',
    'gps', 'sms', 'mms', 'otp', 'pdf', 'url', 'ict', 'it', 'id', 'cccd', 'cmnd', 'ubnd', 'hđnd', 'nđ', 'cp', 'qh', 'tt', 'ttg', 'qđ', 'nq', 'ttra', 'btttt',
    'bkhcn', 'bca', 'bqp', 'btc', 'vphc', 'cntt', 'tw', 'ttcp', 'ubtvqh', 'vksnd', 'tand', 'mttq', 'pl', 'ctn', 'cv', 'kh', 'bc', 'tb', 'bb', 'qđ-ttg', 'isbn',
    'issn', 'vnpt', 'mhz', 'ghz', 'khz', 'hz', 'dbm', 'kw', 'mw', 'km', 'mm', 'cm', 'kg', 'gb', 'mb', 'kb', 'tb', 'vnd', 'usd', 'euro', 'covid', 'esim', 'ekyc',
    'app', 'mobile', 'money', 'zalo', 'facebook', 'youtube', 'google', 'tiktok', 'iso', 'iec', 'tcvn', 'qcvn', 'itu', 'wto', 'asean', 'apec', 'nato', 'un', 'unesco',
    'ott', 'vod', 'iptv', 'dvb', 'fm', 'am', 'hf', 'vhf', 'uhf', 'lte', 'gsm', 'cdma', 'wcdma', '5g', '4g', '3g', 'tcp', 'http', 'https', 'www', 'vn', 'gov', 'com', 'org', 'net',
  ].map((word) => word.toLowerCase()),
);

const TOKEN = /[\p{L}\p{M}\p{N}]+(?:[/.\-–][\p{L}\p{M}\p{N}]+)*/gu;
const POINT_LETTERS = new Set([...'abcdđeghiklmnopqrstuvxy']);

export interface SyllableCheckOptions {
  /** Extra words (any case) to accept: a corpus's own abbreviations or loanwords. */
  knownWords?: ReadonlySet<string>;
}

export interface SyllableReport {
  /** Word tokens counted (numbers and codes with digits are not counted). */
  tokens: number;
  /** Tokens that are neither syllables nor known words, in order of appearance (with repeats). */
  nonSyllables: string[];
  /** nonSyllables.length / tokens, 0 for an empty text. */
  share: number;
}

/** Why a token is acceptable without being a syllable; undefined when it is not. */
function acceptedOtherwise(token: string, before: string, after: string, precedingText: string, known: ReadonlySet<string> | undefined): boolean {
  const lower = token.toLowerCase();
  if (KNOWN_NON_SYLLABLES.has(lower) || known?.has(lower) || known?.has(token)) return true;
  if (ROMAN.test(token)) return true;
  // A document code or its parts: "NĐ-CP", "TT-BKHCN", "QĐ-TTg", "BTTTT-TTra".
  if (/[-/]/u.test(token) && token.split(/[-/]/u).every((part) => part === '' || /\d/u.test(part) || KNOWN_NON_SYLLABLES.has(part.toLowerCase()) || isVietnameseSyllable(part) || /^[A-ZĐ][A-ZĐa-z]{0,7}$/u.test(part))) return true;
  // Upper-case abbreviations adjoining a code: "Luật số 84/2025/QH15" parts are already digits.
  if (/^[A-ZĐ]{2,}$/u.test(token) && /[-/]$/u.test(before)) return true;
  // A Điểm letter: "a)", "điểm b", "các điểm a, b và c".
  if ([...lower].length === 1 && POINT_LETTERS.has(lower)) {
    if (after.startsWith(')')) return true;
    if (/điểm(?:\s+[a-zđ],?)*\s*(?:và|hoặc)?\s*$/iu.test(precedingText.slice(-60))) return true;
  }
  return false;
}

/** Counts the word tokens of a text and lists those that are not Vietnamese syllables or known words. */
export function checkSyllables(text: string, options: SyllableCheckOptions = {}): SyllableReport {
  const nonSyllables: string[] = [];
  let tokens = 0;
  for (const match of text.normalize('NFC').matchAll(TOKEN)) {
    const whole = match[0];
    const start = match.index;
    if (/\d/u.test(whole)) continue;
    const parts = whole.split(/[.\-–/]/u).filter((part) => part !== '');
    const before = text.slice(Math.max(0, start - 1), start);
    const after = text.slice(start + whole.length, start + whole.length + 1);
    if (parts.length > 1 && acceptedOtherwise(whole, before, after, text.slice(Math.max(0, start - 60), start), options.knownWords)) {
      tokens += parts.length;
      continue;
    }
    for (const part of parts) {
      tokens++;
      if (isVietnameseSyllable(part)) continue;
      if (acceptedOtherwise(part, before, after, text.slice(Math.max(0, start - 60), start), options.knownWords)) continue;
      nonSyllables.push(part);
    }
  }
  return { tokens, nonSyllables, share: tokens === 0 ? 0 : nonSyllables.length / tokens };
}
