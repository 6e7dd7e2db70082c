/**
 * Which text was in force when. A document is "chưa có hiệu lực" before its effective date,
 * "hết hiệu lực" from its expiry (or its replacement's effective date), and "hết hiệu lực một phần"
 * when another text repealed some of its parts; a single Điều named by the repealing text is
 * "hết hiệu lực" itself from that date.
 */
import { isArticleRepealed } from './relations.js';
import type { RepealedPart } from './types.js';

export type ValidityStatus = 'chưa có hiệu lực' | 'còn hiệu lực' | 'hết hiệu lực một phần' | 'hết hiệu lực' | 'không rõ';

export interface ValidityFacts {
  number: string;
  /** Where the document is known from: only a text's own words make its current status known. */
  origin?: 'text' | 'codification' | 'dataset' | 'lessons' | 'reference' | undefined;
  /** Articles with a start date of their own. */
  articleEffective?: ReadonlyArray<{ articles: readonly string[]; from: string }> | undefined;
  effective?: string | undefined;
  expired?: string | undefined;
  replacedBy?: string | undefined;
  /** Parts of this document repealed by others. */
  repealed?: readonly RepealedPart[];
}

export interface ValidityVerdict {
  status: ValidityStatus;
  inForce: boolean;
  /** Vietnamese sentence for the reader: "Hết hiệu lực từ 01/07/2025 (thay thế bởi ...)". */
  note: string;
  since?: string;
  by?: string;
  /** How a text that is no longer in force ended: its Điều repealed, or the whole text expired or replaced. */
  ended?: 'article repealed' | 'expired';
  /** Every text that ended or repealed (part of) it by then (`by` names them for the reader). */
  endedBy?: string[];
}

export function displayDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function statusOn(facts: ValidityFacts, asOf: string, article?: string, chapterOf?: string): ValidityVerdict {
  if (facts.effective && asOf < facts.effective) {
    return { status: 'chưa có hiệu lực', inForce: false, note: `Chưa có hiệu lực (có hiệu lực từ ${displayDate(facts.effective)})`, since: facts.effective };
  }
  if (facts.expired && asOf >= facts.expired) {
    const by = facts.replacedBy ?? facts.repealed?.find((part) => part.whole)?.by;
    return {
      status: 'hết hiệu lực',
      inForce: false,
      note: `Hết hiệu lực từ ${displayDate(facts.expired)}${by ? ` (được thay thế bởi ${by})` : ''}`,
      since: facts.expired,
      ...(by ? { by, endedBy: [by] } : {}),
      ended: 'expired',
    };
  }
  const ownStart = article ? facts.articleEffective?.find((entry) => entry.articles.includes(article) && asOf < entry.from) : undefined;
  if (ownStart) {
    return { status: 'chưa có hiệu lực', inForce: false, note: `Điều ${article} chưa có hiệu lực (có hiệu lực từ ${displayDate(ownStart.from)})`, since: ownStart.from };
  }
  const repealsInEffect = (facts.repealed ?? []).filter((part) => !part.from || asOf >= part.from);
  if (article) {
    const hit = repealsInEffect.find((part) => isArticleRepealed(part, article, chapterOf));
    if (hit) {
      return {
        status: 'hết hiệu lực',
        inForce: false,
        note: `Điều ${article} đã bị bãi bỏ${hit.from ? ` từ ${displayDate(hit.from)}` : ''} bởi ${hit.by}`,
        ...(hit.from ? { since: hit.from } : {}),
        by: hit.by,
        ended: 'article repealed',
        endedBy: [hit.by],
      };
    }
  }
  if (repealsInEffect.length > 0) {
    const endedBy = [...new Set(repealsInEffect.map((p) => p.by))];
    const by = endedBy.join(', ');
    return { status: 'hết hiệu lực một phần', inForce: true, note: `Hết hiệu lực một phần (bãi bỏ một số quy định bởi ${by})`, by, endedBy };
  }
  if (!facts.effective) return { status: 'không rõ', inForce: true, note: 'Chưa rõ ngày có hiệu lực' };
  if (facts.origin === 'codification' || facts.origin === 'reference') {
    // The codification says when a text took effect, not whether it still is: that stays unknown.
    return { status: 'không rõ', inForce: true, note: `Chưa xác định được hiệu lực hiện hành (văn bản chỉ có trong Bộ pháp điển; có hiệu lực từ ${displayDate(facts.effective)})`, since: facts.effective };
  }
  return { status: 'còn hiệu lực', inForce: true, note: `Còn hiệu lực (từ ${displayDate(facts.effective)})`, since: facts.effective };
}
