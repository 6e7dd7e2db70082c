/**
 * Follow-up questions: a message that leans on the previous turn ("còn cá nhân thì sao?", "nếu tái
 * phạm thì sao?", "thời hạn đó có được gia hạn không?") is read in the context of the conversation's
 * subject — the earlier questions of the user. Recognised by the words Vietnamese uses to refer back
 * (còn … thì sao, thế còn, trường hợp đó, … đó/này/trên) or by being too short to stand alone.
 */
import { contentTerms } from './conversational.js';
import { foldDiacritics, normalizeText } from './vietnamese.js';

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

/** Phrases that refer back to what was said before, folded. */
const REFERRING_BACK: readonly RegExp[] = [
  /^(?:the |vay |the thi )?con\b/u,
  /\bthi sao\b/u,
  /\bthe con\b/u,
  /\b(?:truong hop|hanh vi|thoi han|quyet dinh|van ban|nghi dinh|quy dinh|muc phat|doi tuong|nguoi|co quan|doan|ket luan|cuoc thanh tra|cuoc kiem tra) (?:do|nay|tren|vua roi|noi tren)\b/u,
  /\b(?:ngoai|ngoai ra|ben canh) (?:tien phat|phat tien|muc phat|viec do|dieu do)\b/u,
  /\bnua (?:khong|ko)\b/u,
  /^(?:vay|the|neu vay|nhu vay)\b/u,
  /\b(?:khi do|luc do|sau do|o tren)\b/u,
  // No subject of its own (Vietnamese drops the one already under discussion): "phải công khai bằng hình thức nào?".
  /^(?:co )?(?:phai|can|bi|duoc|nen) /u,
];

/** Fewest content words a question must have to stand on its own when it refers back to nothing. */
const STANDALONE_TERMS = 4;

/** Whether `message` leans on the previous turn of a conversation. */
export function leansOnPrevious(message: string): boolean {
  const folded = foldDiacritics(normalizeText(message).toLowerCase()).replace(/[^a-z0-9/ ]+/gu, ' ').replace(/\s+/gu, ' ').trim();
  if (REFERRING_BACK.some((pattern) => pattern.test(folded))) return true;
  return contentTerms(message).length < STANDALONE_TERMS;
}

/**
 * The subject the conversation is about: the user's earlier questions, latest last — the one before a
 * follow-up may itself have been a follow-up, so the question it leaned on comes along.
 */
export function conversationSubject(history: readonly Turn[]): string | undefined {
  const asked = history.filter((turn) => turn.role === 'user').map((turn) => turn.content.trim()).filter(Boolean);
  const last = asked.at(-1);
  if (!last) return undefined;
  const before = asked.at(-2);
  return before && leansOnPrevious(last) ? `${before} ${last}` : last;
}

/** What the assistant last answered, when the conversation has an answer. */
export function previousAnswer(history: readonly Turn[]): string | undefined {
  return history.filter((turn) => turn.role === 'assistant').at(-1)?.content.trim() || undefined;
}
