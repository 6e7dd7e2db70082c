/**
 * Conversational wrapping that people put around a legal question ("cho em hỏi",
 * "thưa luật sư", "đúng hay sai?"). It is removed before ranking so that it does not drown
 * the legal content. Phrases are matched on diacritic-folded, lower-cased text.
 */
import { foldDiacritics, normalizeText } from './vietnamese.js';

const WRAPPING_PHRASES: readonly string[] = [
  'cho em hoi', 'cho toi hoi', 'cho minh hoi', 'cho chau hoi', 'xin hoi', 'em xin hoi', 'toi xin hoi',
  'thua luat su', 'chao luat su', 'kinh gui luat su', 'luat su cho em hoi', 'luat su oi',
  'xin chao', 'em chao anh chi', 'mong luat su tu van', 'mong duoc tu van', 'xin cam on', 'cam on',
  'em cam on', 'toi cam on', 'nho luat su giai dap', 'xin tu van giup', 'tu van giup em',
  'dung hay sai', 'dung hay khong', 'co dung khong', 'phai khong', 'duoc khong a', 'a',
  'truong hop cua toi', 'truong hop cua em', 'van de cua toi', 'em muon hoi', 'toi muon hoi',
  'theo quy dinh phap luat hien hanh', 'theo quy dinh cua phap luat', 'theo phap luat',
  'quy dinh nhu the nao', 'nhu the nao', 'ra sao',
];

/** Folded syllable sequences of the wrapping phrases, longest first. */
const FOLDED_PHRASES = [...WRAPPING_PHRASES].sort((a, b) => b.length - a.length).map((p) => p.split(' '));

/**
 * Returns, for each syllable of `tokens`, whether it belongs to conversational wrapping.
 * `tokens` are lower-cased syllables as produced by `syllables()`.
 */
export function wrappingMask(tokens: readonly string[]): boolean[] {
  const folded = tokens.map((t) => foldDiacritics(t));
  const mask = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i < folded.length; i++) {
    for (const phrase of FOLDED_PHRASES) {
      if (phrase.length === 1 && phrase[0] === 'a') {
        // The particle "ạ" only at the very end of a question.
        if (i === folded.length - 1 && tokens[i] === 'ạ') mask[i] = true;
        continue;
      }
      if (i + phrase.length > folded.length) continue;
      let matches = true;
      for (let j = 0; j < phrase.length; j++) {
        if (folded[i + j] !== phrase[j]) { matches = false; break; }
      }
      if (matches) {
        for (let j = 0; j < phrase.length; j++) mask[i + j] = true;
        break;
      }
    }
  }
  return mask;
}

/** The question without its conversational wrapping (for display and logs). */
export function stripWrapping(question: string): string {
  return normalizeText(question).replace(/\s+/g, ' ').trim();
}
