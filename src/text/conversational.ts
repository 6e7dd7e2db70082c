/**
 * Conversational wrapping that people put around a legal question ("cho em hỏi",
 * "thưa luật sư", "đúng hay sai?"). It is removed before ranking so that it does not drown
 * the legal content. Phrases are matched on diacritic-folded, lower-cased text.
 */
import { foldDiacritics } from './vietnamese.js';

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

/** Question words: they say what is asked, not what the provision is about. */
const QUESTION_PHRASES: readonly string[] = [
  'bao lau', 'bao nhieu', 'la gi', 'the nao', 'hay khong', 'co phai', 'duoc khong', 'o dau', 'khi nao', 'nhu nao',
  'co duoc', 'phai khong', 'nhung gi', 'gom nhung', 'ai', 'gi', 'nao', 'khong',
];

const FOLDED_QUESTION_PHRASES = [...QUESTION_PHRASES].sort((a, b) => b.length - a.length).map((p) => p.split(' '));

/** Mask of question words and time expressions ("năm 2024") in a question's syllables. */
export function questionWordMask(tokens: readonly string[]): boolean[] {
  const folded = tokens.map((t) => foldDiacritics(t));
  const mask = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i < folded.length; i++) {
    if (/^(?:19|20)\d{2}$/u.test(folded[i] ?? '') && (folded[i - 1] === 'nam' || folded[i - 1] === 'ngay')) {
      mask[i] = true;
      mask[i - 1] = true;
      continue;
    }
    for (const phrase of FOLDED_QUESTION_PHRASES) {
      if (i + phrase.length > folded.length) continue;
      if (phrase.every((word, j) => folded[i + j] === word)) {
        for (let j = 0; j < phrase.length; j++) mask[i + j] = true;
        break;
      }
    }
  }
  return mask;
}

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

/**
 * Consequence frames: the asker wants to know whether or how the law reacts ("có bị truy cứu trách
 * nhiệm hình sự không?"), and the words of the frame fill the general articles of a code, not the
 * article about the act the question describes ("giả mạo làm công an"). Matched on folded text.
 */
const CONSEQUENCE_FRAMES: readonly RegExp[] = [
  /(?<![a-z0-9])(?:(?:thi|co|se) ){0,2}bi truy cuu (?:trach nhiem )?hinh su(?: (?:khong|nhu the nao|ra sao|the nao|gi))?(?![a-z0-9])/gu,
  /(?<![a-z0-9])(?:(?:thi|co|se) ){0,2}phai chiu trach nhiem hinh su (?:khong|nhu the nao|ra sao|the nao|gi)(?![a-z0-9])/gu,
  /(?<![a-z0-9])(?:thi )?truy cuu trach nhiem hinh su (?:nhu the nao|ra sao|the nao)(?![a-z0-9])/gu,
  /(?<![a-z0-9])(?:(?:thi|co|se) ){0,2}bi (?:xu ly|khoi to)(?: hinh su)?(?: (?:khong|nhu the nao|ra sao|the nao|gi))(?![a-z0-9])/gu,
];

/** Fewest content syllables a question must keep for its consequence frame to be dropped. */
const MIN_CONTENT_LEFT = 4;

/** Mask of the consequence frame in a question's syllables (none when little else would be left). */
export function consequenceMask(tokens: readonly string[], alreadyMasked: readonly boolean[] = []): boolean[] {
  const folded = tokens.map((t) => foldDiacritics(t));
  const joined = folded.join(' ');
  const mask = new Array<boolean>(tokens.length).fill(false);
  for (const frame of CONSEQUENCE_FRAMES) {
    for (const match of joined.matchAll(frame)) {
      const start = match.index === 0 ? 0 : joined.slice(0, match.index).trimEnd().split(' ').length;
      const count = match[0].split(' ').length;
      for (let j = start; j < start + count && j < mask.length; j++) mask[j] = true;
    }
  }
  const asking = questionWordMask(tokens);
  const left = mask.filter((masked, i) => !masked && !alreadyMasked[i] && !asking[i]).length;
  return left >= MIN_CONTENT_LEFT ? mask : mask.fill(false);
}
