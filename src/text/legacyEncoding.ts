/**
 * Legacy Vietnamese encodings, detected and converted to Unicode: TCVN3 (the "ABC" encoding of the
 * .VnTime fonts), VNI (VNI-Windows, the VNI-Times fonts) and Windows-1258. Before Unicode, Vietnamese
 * documents were typed in 8-bit font encodings; such a file reads as Latin-1 gibberish ("§iÒu 1" in
 * TCVN3, "Ñieàu 1" in VNI), and so does the same text pasted into, or saved again as, a UTF-8 file.
 *
 * Which encoding a text is in is decided by what each conversion yields: the one whose words are
 * Vietnamese syllables wins, and a text that no conversion turns into Vietnamese is left alone (the
 * caller reports it). UTF-16 with or without a byte-order mark is recognised too.
 */

export type LegacyEncoding = 'tcvn3' | 'vni' | 'windows-1258';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | LegacyEncoding;

/** How each encoding is named to a user. */
export const ENCODING_LABELS: Readonly<Record<TextEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 LE',
  'utf-16be': 'UTF-16 BE',
  tcvn3: 'TCVN3 (ABC)',
  vni: 'VNI',
  'windows-1258': 'Windows-1258',
};

// ---------------------------------------------------------------------------------------------
// TCVN3: one byte per letter. Only lower-case toned letters and the seven upper-case letters
// Ă Â Đ Ê Ô Ơ Ư have codes of their own; upper-case toned letters were typed with the lower-case
// codes in an upper-case font (.VnTimeH), so a file holds them as lower-case letters.

/** Byte → letter, by vowel: plain, then the grave, acute, hook, tilde and dot-below tones. */
const TCVN3_LETTERS: ReadonlyArray<readonly [number, string]> = [
  [0xb5, 'à'], [0xb8, 'á'], [0xb6, 'ả'], [0xb7, 'ã'], [0xb9, 'ạ'],
  [0xa8, 'ă'], [0xbb, 'ằ'], [0xbe, 'ắ'], [0xbc, 'ẳ'], [0xbd, 'ẵ'], [0xc6, 'ặ'],
  [0xa9, 'â'], [0xc7, 'ầ'], [0xca, 'ấ'], [0xc8, 'ẩ'], [0xc9, 'ẫ'], [0xcb, 'ậ'],
  [0xcc, 'è'], [0xd0, 'é'], [0xce, 'ẻ'], [0xcf, 'ẽ'], [0xd1, 'ẹ'],
  [0xaa, 'ê'], [0xd2, 'ề'], [0xd5, 'ế'], [0xd3, 'ể'], [0xd4, 'ễ'], [0xd6, 'ệ'],
  [0xd7, 'ì'], [0xdd, 'í'], [0xd8, 'ỉ'], [0xdc, 'ĩ'], [0xde, 'ị'],
  [0xdf, 'ò'], [0xe3, 'ó'], [0xe1, 'ỏ'], [0xe2, 'õ'], [0xe4, 'ọ'],
  [0xab, 'ô'], [0xe5, 'ồ'], [0xe8, 'ố'], [0xe6, 'ổ'], [0xe7, 'ỗ'], [0xe9, 'ộ'],
  [0xac, 'ơ'], [0xea, 'ờ'], [0xed, 'ớ'], [0xeb, 'ở'], [0xec, 'ỡ'], [0xee, 'ợ'],
  [0xef, 'ù'], [0xf3, 'ú'], [0xf1, 'ủ'], [0xf2, 'ũ'], [0xf4, 'ụ'],
  [0xad, 'ư'], [0xf5, 'ừ'], [0xf8, 'ứ'], [0xf6, 'ử'], [0xf7, 'ữ'], [0xf9, 'ự'],
  [0xfa, 'ỳ'], [0xfd, 'ý'], [0xfb, 'ỷ'], [0xfc, 'ỹ'], [0xfe, 'ỵ'],
  [0xae, 'đ'],
  [0xa1, 'Ă'], [0xa2, 'Â'], [0xa7, 'Đ'], [0xa3, 'Ê'], [0xa4, 'Ô'], [0xa5, 'Ơ'], [0xa6, 'Ư'],
];
const TCVN3_DECODE = new Map<number, string>(TCVN3_LETTERS);
const TCVN3_ENCODE = new Map<string, number>(TCVN3_LETTERS.map(([byte, letter]) => [letter, byte]));

// ---------------------------------------------------------------------------------------------
// VNI: a base letter followed by one or two mark characters (Latin-1 letters drawn by the VNI fonts
// as marks), with a few letters of one character. Upper-case letters use the upper-case marks.

const GRAVE = '\u0300';
const ACUTE = '\u0301';
const HOOK = '\u0309';
const TILDE = '\u0303';
const DOT = '\u0323';
const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031b';
const TONES = ['', GRAVE, ACUTE, HOOK, TILDE, DOT] as const;

const VNI_TONE: Readonly<Record<string, string>> = { '': '', [GRAVE]: 'ø', [ACUTE]: 'ù', [HOOK]: 'û', [TILDE]: 'õ', [DOT]: 'ï' };
const VNI_CIRCUMFLEX: Readonly<Record<string, string>> = { '': 'â', [GRAVE]: 'à', [ACUTE]: 'á', [HOOK]: 'å', [TILDE]: 'ã', [DOT]: 'ä' };
const VNI_BREVE: Readonly<Record<string, string>> = { '': 'ê', [GRAVE]: 'è', [ACUTE]: 'é', [HOOK]: 'ú', [TILDE]: 'ü', [DOT]: 'ë' };
/** Letters VNI writes as one character. */
const VNI_SINGLE: Readonly<Record<string, string>> = { 'đ': 'ñ', 'ì': 'ì', 'í': 'í', 'ỉ': 'æ', 'ĩ': 'ó', 'ị': 'ò', 'ỵ': 'î' };

/** The VNI spelling of one lower-case Vietnamese letter (NFC). */
function vniOf(letter: string): string {
  const single = VNI_SINGLE[letter];
  if (single) return single;
  const parts = [...letter.normalize('NFD')];
  const base = parts[0] ?? '';
  const marks = new Set(parts.slice(1));
  const tone = TONES.find((mark) => mark !== '' && marks.has(mark)) ?? '';
  if (marks.has(HORN)) return (base === 'o' ? 'ô' : 'ö') + (VNI_TONE[tone] ?? '');
  if (marks.has(CIRCUMFLEX)) return base + (VNI_CIRCUMFLEX[tone] ?? '');
  if (marks.has(BREVE)) return base + (VNI_BREVE[tone] ?? '');
  return base + (VNI_TONE[tone] ?? '');
}

/** Every lower-case Vietnamese letter with a diacritic, NFC. */
const VIETNAMESE_LETTERS: readonly string[] = (() => {
  const letters = new Set<string>(['đ']);
  const bases = ['a', 'a' + BREVE, 'a' + CIRCUMFLEX, 'e', 'e' + CIRCUMFLEX, 'i', 'o', 'o' + CIRCUMFLEX, 'o' + HORN, 'u', 'u' + HORN, 'y'];
  for (const base of bases) for (const tone of TONES) letters.add((base + tone).normalize('NFC'));
  return [...letters].filter((letter) => !/^[a-z]$/u.test(letter));
})();

const VNI_ENCODE = new Map<string, string>();
const VNI_DECODE = new Map<string, string>();
for (const letter of VIETNAMESE_LETTERS) {
  const lower = vniOf(letter);
  const upper = lower.toUpperCase();
  VNI_ENCODE.set(letter, lower);
  VNI_ENCODE.set(letter.toUpperCase(), upper);
  VNI_DECODE.set(lower, letter);
  VNI_DECODE.set(upper, letter.toUpperCase());
  // Files mix the cases of base and mark (a capital typed before a lower-case mark): the base decides.
  if (lower.length === 2) {
    VNI_DECODE.set((lower[0] as string) + (upper[1] as string), letter);
    VNI_DECODE.set((upper[0] as string) + (lower[1] as string), letter.toUpperCase());
  }
}

// ---------------------------------------------------------------------------------------------
// Conversions

/** Text in a legacy encoding as bytes (for TCVN3 and VNI: what a file typed in those fonts holds). */
export function encodeLegacy(text: string, encoding: 'tcvn3' | 'vni'): Buffer {
  const bytes: number[] = [];
  for (const char of text.normalize('NFC')) {
    if (encoding === 'tcvn3') {
      const byte = TCVN3_ENCODE.get(char) ?? TCVN3_ENCODE.get(char.toLowerCase());
      if (byte !== undefined) bytes.push(byte);
      else bytes.push(...latin1Bytes(char));
      continue;
    }
    bytes.push(...latin1Bytes(VNI_ENCODE.get(char) ?? char));
  }
  return Buffer.from(bytes);
}

function latin1Bytes(text: string): number[] {
  return [...text].map((char) => {
    const code = char.codePointAt(0) ?? 0x3f;
    return code <= 0xff ? code : 0x3f;
  });
}

/**
 * TCVN3 read as Latin-1 (each byte one character, as a file read byte by byte or a text saved again
 * as UTF-8 holds it) → Unicode. A word typed in capitals keeps its toned letters in capitals too.
 */
export function fromTcvn3(text: string): string {
  let converted = '';
  const flags: boolean[] = [];
  for (const char of text) {
    const letter = TCVN3_DECODE.get(char.codePointAt(0) ?? 0);
    converted += letter ?? char;
    flags.push(letter !== undefined && letter === letter.toLowerCase());
  }
  return restoreCapitals(converted, flags);
}

/**
 * Lower-case toned letters from TCVN3 codes become capitals inside a line typed all in capitals, or
 * inside a word whose other letters (at least two) are all capitals.
 */
function restoreCapitals(text: string, lowered: readonly boolean[]): string {
  const chars = [...text];
  const isLetter = (char: string): boolean => /\p{L}/u.test(char);
  const capitalsOnly = (from: number, to: number): { capitals: boolean; others: number; lowered: boolean } => {
    let others = 0;
    let capitals = true;
    let anyLowered = false;
    for (let i = from; i < to; i++) {
      const char = chars[i] as string;
      if (lowered[i]) anyLowered = true;
      else if (isLetter(char)) {
        others++;
        if (char === char.toLowerCase()) capitals = false;
      }
    }
    return { capitals, others, lowered: anyLowered };
  };
  const raise = (from: number, to: number): void => {
    for (let i = from; i < to; i++) if (lowered[i]) chars[i] = (chars[i] as string).toUpperCase();
  };
  for (let lineStart = 0; lineStart < chars.length; ) {
    let lineEnd = lineStart;
    while (lineEnd < chars.length && chars[lineEnd] !== '\n') lineEnd++;
    const line = capitalsOnly(lineStart, lineEnd);
    if (line.lowered && line.capitals && line.others >= 3) raise(lineStart, lineEnd);
    else if (line.lowered) {
      for (let start = lineStart; start < lineEnd; ) {
        if (!isLetter(chars[start] as string)) {
          start++;
          continue;
        }
        let end = start;
        while (end < lineEnd && isLetter(chars[end] as string)) end++;
        const word = capitalsOnly(start, end);
        if (word.lowered && word.capitals && word.others >= 2) raise(start, end);
        start = end;
      }
    }
    lineStart = lineEnd + 1;
  }
  return chars.join('');
}

/** VNI read as Latin-1 → Unicode: two-character spellings first, then the one-character letters. */
export function fromVni(text: string): string {
  let converted = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const pair = (chars[i] as string) + (chars[i + 1] ?? '');
    const two = chars[i + 1] !== undefined ? VNI_DECODE.get(pair) : undefined;
    if (two !== undefined) {
      converted += two;
      i++;
      continue;
    }
    converted += VNI_DECODE.get(chars[i] as string) ?? chars[i];
  }
  return converted;
}

// ---------------------------------------------------------------------------------------------
// Is it Vietnamese? A written syllable is an optional onset and a rhyme, with at most one tone mark.

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const ONSET = '(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?';
const RHYMES = [
  'a', 'ai', 'ao', 'au', 'ay', 'ac', 'ach', 'am', 'an', 'ang', 'anh', 'ap', 'at',
  'ăc', 'ăm', 'ăn', 'ăng', 'ăp', 'ăt',
  'âc', 'âm', 'ân', 'âng', 'âp', 'ât', 'âu', 'ây',
  'e', 'eo', 'ec', 'em', 'en', 'eng', 'ep', 'et',
  'ê', 'êch', 'êm', 'ên', 'ênh', 'êp', 'êt', 'êu',
  'i', 'ia', 'ich', 'im', 'in', 'inh', 'ip', 'it', 'iu', 'iêc', 'iêm', 'iên', 'iêng', 'iêp', 'iêt', 'iêu',
  'o', 'oa', 'oac', 'oach', 'oai', 'oam', 'oan', 'oang', 'oanh', 'oao', 'oap', 'oat', 'oay',
  'oăc', 'oăm', 'oăn', 'oăng', 'oăt', 'oe', 'oen', 'oeo', 'oet', 'oi', 'oc', 'om', 'on', 'ong', 'ooc', 'oong', 'op', 'ot',
  'ô', 'ôc', 'ôi', 'ôm', 'ôn', 'ông', 'ôp', 'ôt',
  'ơ', 'ơi', 'ơm', 'ơn', 'ơp', 'ơt',
  'u', 'ua', 'uân', 'uâng', 'uât', 'uây', 'uc', 'ui', 'um', 'un', 'ung', 'up', 'ut',
  'uê', 'uêch', 'uên', 'uênh', 'uy', 'uya', 'uych', 'uyên', 'uyêt', 'uyn', 'uynh', 'uyp', 'uyt', 'uyu',
  'uơ', 'uôc', 'uôi', 'uôm', 'uôn', 'uông', 'uôt',
  'ư', 'ưa', 'ưc', 'ưi', 'ưm', 'ưn', 'ưng', 'ưt', 'ưu', 'ươc', 'ươi', 'ươm', 'ươn', 'ương', 'ươp', 'ươt', 'ươu',
  'y', 'yêm', 'yên', 'yêng', 'yêt', 'yêu',
];
const SYLLABLE = new RegExp(`^${ONSET}(?:${RHYMES.join('|')})$`, 'u');

/** True when a word is a Vietnamese syllable (any case, at most one tone mark). */
export function isVietnameseSyllable(word: string): boolean {
  const decomposed = word.toLowerCase().normalize('NFD');
  const tones = decomposed.match(TONE_MARKS) ?? [];
  if (tones.length > 1) return false;
  return SYLLABLE.test(decomposed.replace(TONE_MARKS, '').normalize('NFC'));
}

/** How much of a text the encoding is judged on. */
const SAMPLE_CHARS = 60_000;

export interface VietnameseScore {
  /** Words with a letter beyond ASCII that are Vietnamese syllables. */
  syllables: number;
  /** Words with a letter beyond ASCII that are not. */
  others: number;
}

/** Counts, over the first `sampleChars` characters, the words with non-ASCII letters that are Vietnamese syllables and those that are not. */
export function vietnameseScore(text: string, sampleChars = SAMPLE_CHARS): VietnameseScore {
  const sample = text.slice(0, sampleChars).normalize('NFC');
  let syllables = 0;
  let others = 0;
  // Words are runs of letters and of the Latin-1 symbols legacy encodings use as letters (§ ¨ ® ...).
  for (const match of sample.matchAll(/[\p{L}\u00a1-\u00bf\p{M}]+/gu)) {
    const word = match[0];
    if (/^[\x00-\x7f]*$/u.test(word) || [...word].length < 2) continue;
    if (isVietnameseSyllable(word)) syllables++;
    else others++;
  }
  return { syllables, others };
}

function shareOf(score: VietnameseScore): number {
  const total = score.syllables + score.others;
  return total === 0 ? 0 : score.syllables / total;
}

// ---------------------------------------------------------------------------------------------
// Decoding a file

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  /** True when the characters were converted from a legacy encoding (read as bytes, or as Latin-1 characters inside UTF-8/UTF-16). */
  converted: boolean;
}

/**
 * Bytes → Unicode text: UTF-8 and UTF-16 (with a byte-order mark, or UTF-16 without one recognised by
 * its zero bytes); then, inside those, legacy text saved again as Unicode; and bytes that are not
 * UTF-8 read as TCVN3, VNI or Windows-1258, whichever yields Vietnamese. Undefined when none does.
 */
export function decodeVietnameseText(bytes: Uint8Array): DecodedText | undefined {
  const unicode = decodeUnicode(bytes);
  if (unicode) return repairLegacyInUnicode(unicode.text, unicode.encoding);
  const sample = bytes.subarray(0, SAMPLE_CHARS);
  const latin1 = (part: Uint8Array): string => Buffer.from(part.buffer, part.byteOffset, part.byteLength).toString('latin1');
  const windows1258 = (part: Uint8Array): string => new TextDecoder('windows-1258').decode(part).normalize('NFC');
  const best = bestCandidate([
    { encoding: 'tcvn3' as const, text: fromTcvn3(latin1(sample)), convert: (part: Uint8Array) => fromTcvn3(latin1(part)) },
    { encoding: 'vni' as const, text: fromVni(latin1(sample)), convert: (part: Uint8Array) => fromVni(latin1(part)) },
    { encoding: 'windows-1258' as const, text: windows1258(sample), convert: windows1258 },
  ]);
  if (!best || best.score.syllables < 3 || shareOf(best.score) < 0.6) return undefined;
  return { text: best.convert(bytes), encoding: best.encoding, converted: true };
}

function decodeUnicode(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' } | undefined {
  const strict = (label: 'utf-8' | 'utf-16le' | 'utf-16be', from: number): string | undefined => {
    try {
      return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(from));
    } catch {
      return undefined;
    }
  };
  const [b0, b1, b2] = [bytes[0], bytes[1], bytes[2]];
  let decoded: { text: string | undefined; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' };
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) decoded = { text: strict('utf-8', 3), encoding: 'utf-8' };
  else if (b0 === 0xff && b1 === 0xfe) decoded = { text: strict('utf-16le', 2), encoding: 'utf-16le' };
  else if (b0 === 0xfe && b1 === 0xff) decoded = { text: strict('utf-16be', 2), encoding: 'utf-16be' };
  else {
    const guessed = guessUtf16(bytes);
    decoded = guessed ? { text: strict(guessed, 0), encoding: guessed } : { text: strict('utf-8', 0), encoding: 'utf-8' };
  }
  return decoded.text === undefined ? undefined : { text: decoded.text, encoding: decoded.encoding };
}

/**
 * UTF-16 without a byte-order mark: most characters of a Vietnamese text (spaces, digits, unaccented
 * letters) have a zero high byte, so one byte of every pair is often zero and the other almost never.
 */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined;
  const length = Math.min(bytes.length, 16_384) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < length; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = length / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** A Unicode text that is really TCVN3 or VNI seen as Latin-1 (a legacy file saved again as UTF-8) is converted. */
function repairLegacyInUnicode(text: string, encoding: TextEncoding): DecodedText {
  const sample = text.slice(0, SAMPLE_CHARS);
  const latinLetters = (sample.match(/[\u00a1-\u00ff]/gu) ?? []).length;
  if (latinLetters < 3) return { text, encoding, converted: false };
  const original = vietnameseScore(sample);
  if (original.syllables >= 20 && shareOf(original) >= 0.9) return { text, encoding, converted: false };
  const best = bestCandidate([
    { encoding: 'tcvn3' as const, text: fromTcvn3(sample), convert: fromTcvn3 },
    { encoding: 'vni' as const, text: fromVni(sample), convert: fromVni },
  ]);
  if (!best || best.score.syllables < 3 || shareOf(best.score) < 0.6 || best.score.syllables <= 2 * original.syllables) {
    return { text, encoding, converted: false };
  }
  return { text: best.convert(text), encoding: best.encoding, converted: true };
}

function bestCandidate<T extends { text: string }>(candidates: readonly T[]): (T & { score: VietnameseScore }) | undefined {
  let best: (T & { score: VietnameseScore }) | undefined;
  for (const candidate of candidates) {
    const score = vietnameseScore(candidate.text);
    if (!best || score.syllables - score.others > best.score.syllables - best.score.others) best = { ...candidate, score };
  }
  return best;
}
