/**
 * How people ask, which the law never writes: the conversational wrapping around a legal question
 * ("cho em hỏi", "thưa luật sư", "đúng hay sai?"), the question words ("bao lâu", "là gì"), and
 * consequence frames ("có bị truy cứu trách nhiệm hình sự không?"). Each phrase is written once,
 * with its diacritics; matching is on diacritic-folded, lower-cased syllables, so a question typed
 * without diacritics is recognised too, and diacritic restoration can pin these phrases.
 */
import { foldDiacritics, STOP_SYLLABLES, syllables } from './vietnamese.js';

/** Courtesy and framing around the question; removed before ranking. */
export const WRAPPING_PHRASES: readonly string[] = [
  'cho em hỏi', 'cho tôi hỏi', 'cho mình hỏi', 'cho cháu hỏi', 'xin hỏi', 'em xin hỏi', 'tôi xin hỏi',
  'thưa luật sư', 'chào luật sư', 'kính gửi luật sư', 'luật sư cho em hỏi', 'luật sư ơi',
  'xin chào', 'em chào anh chị', 'mong luật sư tư vấn', 'mong được tư vấn', 'xin cảm ơn', 'cảm ơn',
  'em cảm ơn', 'tôi cảm ơn', 'nhờ luật sư giải đáp', 'xin tư vấn giúp', 'tư vấn giúp em',
  'đúng hay sai', 'đúng hay không', 'có đúng không', 'phải không', 'được không ạ', 'ạ',
  'trường hợp của tôi', 'trường hợp của em', 'vấn đề của tôi', 'em muốn hỏi', 'tôi muốn hỏi',
  'theo quy định pháp luật hiện hành', 'theo quy định của pháp luật', 'theo pháp luật',
  'quy định như thế nào', 'như thế nào', 'ra sao',
];

/** Question words: they say what is asked, not what the provision is about. */
export const QUESTION_WORDS: readonly string[] = [
  'bao lâu', 'bao nhiêu', 'là gì', 'thế nào', 'hay không', 'có phải', 'được không', 'ở đâu', 'khi nào', 'như nào',
  'có được', 'phải không', 'những gì', 'gồm những', 'ai', 'gì', 'nào', 'không',
];

/** Phrase lists as folded syllable sequences, longest first. */
function foldedPhrases(phrases: readonly string[]): string[][] {
  return [...phrases].map((p) => foldDiacritics(p).split(' ')).sort((a, b) => b.join(' ').length - a.join(' ').length);
}

const FOLDED_WRAPPING = foldedPhrases(WRAPPING_PHRASES);
const FOLDED_QUESTION_WORDS = foldedPhrases(QUESTION_WORDS);

/** Marks, in `mask`, the first (longest) phrase that starts at each position; returns `mask`. */
function markPhrases(folded: readonly string[], phrases: readonly string[][], mask: boolean[], skip?: (phrase: string[], at: number) => boolean): boolean[] {
  for (let i = 0; i < folded.length; i++) {
    for (const phrase of phrases) {
      if (i + phrase.length > folded.length) continue;
      if (!phrase.every((word, j) => folded[i + j] === word)) continue;
      if (skip?.(phrase, i)) continue;
      for (let j = 0; j < phrase.length; j++) mask[i + j] = true;
      break;
    }
  }
  return mask;
}

/** Mask of question words and time expressions ("năm 2024") in a question's syllables. */
export function questionWordMask(tokens: readonly string[]): boolean[] {
  const folded = tokens.map((t) => foldDiacritics(t));
  const mask = new Array<boolean>(tokens.length).fill(false);
  for (let i = 0; i < folded.length; i++) {
    if (/^(?:19|20)\d{2}$/u.test(folded[i] ?? '') && (folded[i - 1] === 'nam' || folded[i - 1] === 'ngay')) {
      mask[i] = true;
      mask[i - 1] = true;
    }
  }
  return markPhrases(folded, FOLDED_QUESTION_WORDS, mask, (_phrase, at) => mask[at] === true);
}

/**
 * Returns, for each syllable of `tokens`, whether it belongs to conversational wrapping.
 * `tokens` are lower-cased syllables as produced by `syllables()`.
 */
export function wrappingMask(tokens: readonly string[]): boolean[] {
  const folded = tokens.map((t) => foldDiacritics(t));
  const mask = new Array<boolean>(tokens.length).fill(false);
  // The particle "ạ" only at the very end of a question.
  return markPhrases(folded, FOLDED_WRAPPING, mask, (phrase, at) => phrase.length === 1 && phrase[0] === 'a' && !(at === folded.length - 1 && tokens[at] === 'ạ'));
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
  // "có bị buộc thu hồi tên miền không?", "có bị tịch thu … không?": the measure asked about is attached to
  // many acts; the act the question describes chooses the article.
  /(?<![a-z0-9])(?:(?:thi|co|se|con) ){0,2}(?:bi (?:buoc|tich thu|thu hoi|tuoc|dinh chi)|tich thu)(?: [a-z0-9]+){0,6} (?:khong|nua khong)(?![a-z0-9])/gu,
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

/** Content syllables of a question, folded, without wrapping, question words and stop syllables (each once, in order). */
export function contentTerms(question: string): string[] {
  const tokens = syllables(question);
  const wrapping = wrappingMask(tokens);
  const asking = questionWordMask(tokens);
  const kept = tokens.filter((t, i) => !wrapping[i] && !asking[i] && !STOP_SYLLABLES.has(t) && t.length > 1);
  return [...new Set(kept.map((t) => foldDiacritics(t)))];
}
