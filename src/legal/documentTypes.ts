/** Document numbers and document types: "174/2026/nđ-cp" → "174/2026/NĐ-CP", suffix → type. */
import type { DocumentType } from './types.js';
import { foldDiacritics } from '../text/vietnamese.js';

/** Canonical upper-case number with the Vietnamese Đ restored in the usual suffixes. */
export function canonicalNumber(raw: string): string {
  const parts = raw.trim().split('/');
  return parts
    .map((part, index) => {
      if (index === 0) return part;
      const upper = part.toUpperCase();
      return upper
        .split('-')
        .map((piece) => (piece === 'ND' ? 'NĐ' : piece === 'QD' ? 'QĐ' : piece === 'TTLT' ? 'TTLT' : piece))
        .join('-');
    })
    .join('/');
}

/** Compare two document numbers loosely: case, diacritics and leading zeros ignored. */
export function numberKey(raw: string): string {
  return foldDiacritics(raw)
    .toUpperCase()
    .split('/')
    .map((piece, index) => (index === 0 ? piece.replace(/^0+(?=\d)/, '') : piece))
    .join('/');
}

export function typeFromNumber(number: string): DocumentType | undefined {
  const suffix = foldDiacritics(number.split('/').slice(2).join('/')).toUpperCase();
  if (!suffix) return undefined;
  if (suffix.startsWith('TTLT')) return 'Thông tư liên tịch';
  if (suffix.startsWith('TT')) return 'Thông tư';
  if (suffix.startsWith('ND')) return 'Nghị định';
  if (suffix.startsWith('QD')) return 'Quyết định';
  if (suffix.startsWith('NQ')) return 'Nghị quyết';
  if (suffix.startsWith('VBHN')) return 'Văn bản hợp nhất';
  if (suffix.startsWith('UBTVQH')) return 'Nghị quyết';
  if (suffix.startsWith('QH')) return 'Luật';
  if (suffix.startsWith('CT')) return 'Chỉ thị';
  return undefined;
}

/** How each type is named in running text, in folded lower case, with the abbreviations people type. */
export const TYPE_ALIASES: ReadonlyArray<readonly [DocumentType, readonly string[]]> = [
  ['Thông tư liên tịch', ['thong tu lien tich', 'ttlt']],
  ['Bộ luật', ['bo luat', 'blds', 'blhs']],
  ['Luật', ['luat', 'l']],
  ['Pháp lệnh', ['phap lenh']],
  ['Nghị quyết', ['nghi quyet', 'nq']],
  ['Nghị định', ['nghi dinh', 'nd', 'nđ']],
  ['Quyết định', ['quyet dinh', 'qd', 'qđ']],
  ['Thông tư', ['thong tu', 'tt']],
  ['Hiến pháp', ['hien phap']],
];

export function typeFromWord(word: string): DocumentType | undefined {
  const folded = foldDiacritics(word).toLowerCase().trim();
  for (const [type, aliases] of TYPE_ALIASES) {
    if (aliases.includes(folded)) return type;
  }
  return undefined;
}
