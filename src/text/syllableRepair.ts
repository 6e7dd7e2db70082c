/**
 * Repair for Vietnamese words glued together by PDF text extraction ("thủtục", "Nghịquyết").
 * A Vietnamese syllable has exactly one vowel nucleus, so an accented token with two vowel groups is
 * two syllables; it is split where the first keeps a valid final consonant and the second starts with
 * a valid initial. Plain ASCII tokens (Internet, website) are left alone.
 */
import { foldDiacritics } from './vietnamese.js';

const VOWELS = new Set([...'aeiouy']);
const ONSETS = new Set(['', 'b', 'c', 'ch', 'd', 'đ', 'g', 'gh', 'gi', 'h', 'k', 'kh', 'l', 'm', 'n', 'ng', 'ngh', 'nh', 'p', 'ph', 'q', 'qu', 'r', 's', 't', 'th', 'tr', 'v', 'x']);
const FINALS = new Set(['', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't']);

function isVowel(char: string): boolean {
  return VOWELS.has(foldDiacritics(char).toLowerCase());
}

/** Splits one token if it holds more than one syllable; returns it unchanged otherwise. */
export function splitGluedToken(token: string): string {
  if (/^[\x00-\x7f]*$/u.test(token) || token.length < 4) return token;
  const chars = [...token];
  const groups: Array<[number, number]> = [];
  for (let i = 0; i < chars.length; ) {
    if (!isVowel(chars[i] as string)) {
      i++;
      continue;
    }
    const start = i;
    while (i < chars.length && isVowel(chars[i] as string)) i++;
    groups.push([start, i]);
  }
  if (groups.length < 2) return token;
  const [, firstEnd] = groups[0] as [number, number];
  const [secondStart] = groups[1] as [number, number];
  const between = chars.slice(firstEnd, secondStart).join('').toLowerCase();
  for (let cut = 0; cut <= between.length; cut++) {
    const final = between.slice(0, cut);
    const onset = between.slice(cut);
    if (FINALS.has(final) && ONSETS.has(onset)) {
      const at = firstEnd + cut;
      return `${chars.slice(0, at).join('')} ${splitGluedToken(chars.slice(at).join(''))}`;
    }
  }
  return token;
}

export function repairGluedSyllables(text: string): string {
  return text.replace(/\p{L}+/gu, (token) => splitGluedToken(token));
}
