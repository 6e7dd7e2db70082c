/**
 * Pháp điển topics: each article "Điều 18.1.LQ.1. Phạm vi điều chỉnh" is followed by a note naming
 * its source, "(Điều 1 Luật số 02/2011/QH13 Khiếu nại ngày 11/11/2011 ..., có hiệu lực thi hành kể từ
 * ngày 01/07/2012)". Units are cited by that source article, not by the codification number.
 */
import { canonicalNumber } from '../legal/documentTypes.js';
import { DOCUMENT_TYPES, type CodifiedSource, type DocumentType } from '../legal/types.js';

const NOTE =
  /^\s*\((?:Điều|Điểm [a-zđ] khoản \d+ Điều|Khoản \d+ Điều)\s+(\d{1,3}[a-zđ]?)\s+(Bộ luật|Luật|Pháp lệnh|Nghị quyết liên tịch|Nghị quyết|Nghị định|Thông tư liên tịch|Thông tư|Quyết định|Chỉ thị)\s+(?:số\s+)?(\d{1,5}\/\d{4}\/[\p{Lu}\d]+(?:-[\p{L}\d]+)*)([^)]*)\)/u;

export interface ParsedNote {
  source: Omit<CodifiedSource, 'codeNumber'>;
  /** Length of the note in the body, so the unit text can start after it. */
  length: number;
}

export function parseSourceNote(body: string): ParsedNote | undefined {
  const match = NOTE.exec(body);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  const type = DOCUMENT_TYPES.find((t) => t === match[2]) as DocumentType | undefined;
  if (!type) return undefined;
  const rest = match[4] ?? '';
  const titleMatch = /^\s+(.+?)\s+ngày\s+\d{1,2}\/\d{1,2}\/\d{4}/u.exec(rest);
  const effectiveMatch = /có hiệu lực thi hành kể từ ngày\s+(\d{1,2})\/(\d{1,2})\/(\d{4})/u.exec(rest);
  const amendedBy = [...rest.matchAll(/bởi\s+(?:Điều\s+\d+[a-zđ]?\s+)?(?:Bộ luật|Luật|Nghị định|Thông tư|Nghị quyết|Quyết định)\s+(?:số\s+)?(\d{1,5}\/\d{4}\/[\p{Lu}\d]+(?:-[\p{L}\d]+)*)/gu)].map((m) => canonicalNumber(m[1] ?? ''));
  const rawTitle = titleMatch?.[1]?.replace(/\s+của\s+.*$/u, '').trim();
  const title = rawTitle ? `${type} ${type === 'Luật' || type === 'Bộ luật' ? rawTitle : rawTitle.charAt(0).toLocaleLowerCase('vi') + rawTitle.slice(1)}` : undefined;
  const source: Omit<CodifiedSource, 'codeNumber'> = {
    document: canonicalNumber(match[3]),
    type,
    article: match[1],
    ...(title ? { title } : {}),
    ...(effectiveMatch?.[1] && effectiveMatch[2] && effectiveMatch[3]
      ? { effective: `${effectiveMatch[3]}-${effectiveMatch[2].padStart(2, '0')}-${effectiveMatch[1].padStart(2, '0')}` }
      : {}),
    ...(amendedBy.length > 0 ? { amendedBy } : {}),
  };
  return { source, length: match[0].length + (match.index ?? 0) };
}
