/**
 * Header metadata read from a document's own text: number ("Số: 174/2026/NĐ-CP", "Luật số:
 * 84/2025/QH15"), type (the upper-case type line), title (trích yếu), issuer, date issued, and the
 * effective date from the article on entry into force.
 */
import { canonicalNumber, typeFromNumber } from './documentTypes.js';
import type { ArticleNode, DocumentMetadata, DocumentType } from './types.js';

const TYPE_LINES: ReadonlyArray<readonly [RegExp, DocumentType]> = [
  [/^HIẾN PHÁP$/u, 'Hiến pháp'],
  [/^BỘ LUẬT(?!\p{L})/u, 'Bộ luật'],
  [/^LUẬT(?!\p{L})/u, 'Luật'],
  [/^PHÁP LỆNH(?!\p{L})/u, 'Pháp lệnh'],
  [/^NGHỊ QUYẾT(?!\p{L})/u, 'Nghị quyết'],
  [/^NGHỊ ĐỊNH(?!\p{L})/u, 'Nghị định'],
  [/^QUYẾT ĐỊNH(?!\p{L})/u, 'Quyết định'],
  [/^THÔNG TƯ LIÊN TỊCH(?!\p{L})/u, 'Thông tư liên tịch'],
  [/^THÔNG TƯ(?!\p{L})/u, 'Thông tư'],
  [/^CHỈ THỊ(?!\p{L})/u, 'Chỉ thị'],
];

const KNOWN_ISSUERS: Readonly<Record<string, string>> = {
  'CHÍNH PHỦ': 'Chính phủ',
  'QUỐC HỘI': 'Quốc hội',
  'ỦY BAN THƯỜNG VỤ QUỐC HỘI': 'Ủy ban Thường vụ Quốc hội',
  'THỦ TƯỚNG CHÍNH PHỦ': 'Thủ tướng Chính phủ',
  'BỘ KHOA HỌC VÀ CÔNG NGHỆ': 'Bộ Khoa học và Công nghệ',
  'BỘ THÔNG TIN VÀ TRUYỀN THÔNG': 'Bộ Thông tin và Truyền thông',
  'BỘ CÔNG AN': 'Bộ Công an',
  'BỘ TƯ PHÁP': 'Bộ Tư pháp',
  'THANH TRA CHÍNH PHỦ': 'Thanh tra Chính phủ',
  'BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH': 'Bộ Văn hóa, Thể thao và Du lịch',
};

const ISSUER_BY_SUFFIX: ReadonlyArray<readonly [RegExp, string]> = [
  [/\/QH\d+$/u, 'Quốc hội'],
  [/\/UBTVQH\d+$/u, 'Ủy ban Thường vụ Quốc hội'],
  [/\/NĐ-CP$/u, 'Chính phủ'],
  [/\/QĐ-TTg$/u, 'Thủ tướng Chính phủ'],
  [/\/TT-BKHCN$/u, 'Bộ Khoa học và Công nghệ'],
  [/\/TT-BTTTT$/u, 'Bộ Thông tin và Truyền thông'],
];

const NUMBER_LINE = /(?:^|\n)\s*(?:Luật|Bộ luật|Pháp lệnh|Nghị quyết)?\s*[Ss]ố(?: hiệu)?\s*[:.]?\s*(\d{1,5}\/\d{4}\/[\p{Lu}\d]+(?:-[\p{L}\d]+)*)/u;
const DATE = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u;

function isoDate(day: string, month: string, year: string): string {
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

function sentenceCase(upper: string): string {
  const lower = upper.toLocaleLowerCase('vi');
  return lower.charAt(0).toLocaleUpperCase('vi') + lower.slice(1);
}

function headerLines(text: string): string[] {
  const end = text.search(/\n\s*(?:Căn cứ|Chương\s|CHƯƠNG\s|Điều\s+1\.|Phần\s)/u);
  return text
    .slice(0, end > 0 ? end : 4000)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^[_\-=*.]+$/u.test(line));
}

export function extractMetadata(text: string, articles: readonly ArticleNode[] = []): DocumentMetadata {
  const metadata: DocumentMetadata = {};
  const head = text.slice(0, 6000);
  const numberMatch = NUMBER_LINE.exec(head);
  if (numberMatch?.[1]) metadata.number = canonicalNumber(numberMatch[1]);

  const lines = headerLines(text);
  const isTypeLine = (line: string): boolean =>
    TYPE_LINES.some(([pattern]) => pattern.test(line)) && line === line.toLocaleUpperCase('vi') && line.length < 80 && !/(?:^|\s)SỐ(?:\s|$)/u.test(line);
  const exactIndex = lines.findIndex((line) => TYPE_LINES.some(([pattern, t]) => pattern.test(line) && line === t.toLocaleUpperCase('vi')));
  const typeIndex = exactIndex >= 0 ? exactIndex : lines.findIndex(isTypeLine);
  const typeLine = typeIndex >= 0 ? lines[typeIndex] : undefined;
  const typeEntry = typeLine ? TYPE_LINES.find(([pattern]) => pattern.test(typeLine)) : undefined;
  const type = typeEntry?.[1] ?? (metadata.number ? typeFromNumber(metadata.number) : undefined);
  if (type) metadata.type = type;

  if (typeLine && type) {
    // The title is the rest of the type line ("LUẬT THANH TRA") or the lines below it.
    const rest = typeLine.replace(TYPE_LINES.find(([, t]) => t === type)?.[0] ?? /^$/u, '').trim();
    const below: string[] = [];
    for (const line of lines.slice(typeIndex + 1)) {
      if (/^(?:Căn c|Theo đề nghị|Chính phủ ban hành|Quốc hội ban hành|Bộ trưởng)/u.test(line)) break;
      if (/^(?:Số|Luật số)\s*:/u.test(line) || /^[\p{L} .]{2,30}, ngày\s+\d/u.test(line)) break;
      below.push(line);
      if (below.length >= 4) break;
    }
    const phrase = [rest, ...below].filter(Boolean).join(' ').replace(/\s+/gu, ' ').trim();
    if (phrase) {
      const upper = phrase === phrase.toLocaleUpperCase('vi') ? sentenceCase(phrase) : phrase;
      // The short title leaves out the date and issuer of a document it names ("... số 124/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ").
      const readable = upper.replace(/\s+ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}(?:\s+của\s+(?:Chính phủ|Quốc hội|Thủ tướng Chính phủ))?/gu, '');
      const lowerFirst = readable.charAt(0).toLocaleLowerCase('vi') + readable.slice(1);
      metadata.title = type === 'Luật' || type === 'Bộ luật' || type === 'Pháp lệnh' ? `${type} ${readable}` : `${type} ${lowerFirst}`;
    }
  }

  const issuerLine = lines.find((line) => KNOWN_ISSUERS[line] !== undefined);
  if (issuerLine) metadata.issuer = KNOWN_ISSUERS[issuerLine] ?? issuerLine;
  else if (metadata.number) {
    const bySuffix = ISSUER_BY_SUFFIX.find(([pattern]) => pattern.test(metadata.number ?? ''));
    if (bySuffix) metadata.issuer = bySuffix[1];
  }

  const dateLine = lines.find((line) => DATE.test(line) && /,\s*ngày/u.test(line)) ?? lines.find((line) => DATE.test(line));
  const dateMatch = dateLine ? DATE.exec(dateLine) : null;
  if (dateMatch?.[1] && dateMatch[2] && dateMatch[3]) metadata.issued = isoDate(dateMatch[1], dateMatch[2], dateMatch[3]);

  const effective = effectiveDate(text, articles, metadata.issued);
  if (effective) metadata.effective = effective;
  const later = articleStartDates(text, articles);
  if (later.length > 0) metadata.articleEffective = later;
  return metadata;
}

/**
 * Articles that take effect on their own date, as the article on entry into force says: "Điều 8
 * Thông tư này có hiệu lực thi hành kể từ ngày 15 tháng 6 năm 2026", "Các Điều 5 và 6 Nghị định này
 * có hiệu lực từ ngày ...". A start date for part of an article (a Khoản) is not an article's own.
 */
export function articleStartDates(text: string, articles: readonly ArticleNode[]): Array<{ articles: string[]; from: string }> {
  const dates: Array<{ articles: string[]; from: string }> = [];
  for (const article of articles.filter((a) => /hiệu lực/iu.test(a.title))) {
    const scope = text.slice(article.headingEnd, article.end);
    for (const match of scope.matchAll(/(?:^|\n|\.\s)(?:\d+\.\s*)?((?:Các\s+)?Điều\s+\d+[a-zđ]?(?:(?:\s*,\s*|\s+và\s+)(?:Điều\s+)?\d+[a-zđ]?)*)\s+(?:của\s+)?(?:Thông tư|Nghị định|Luật|Bộ luật|Nghị quyết|Quyết định) này có hiệu lực(?: thi hành)?(?: kể)? từ ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/gu)) {
      const numbers = [...(match[1] ?? '').matchAll(/\d+[a-zđ]?/gu)].map((m) => m[0]);
      if (numbers.length > 0 && match[2] && match[3] && match[4]) dates.push({ articles: numbers, from: isoDate(match[2], match[3], match[4]) });
    }
  }
  return dates;
}

/** "có hiệu lực (thi hành) (kể) từ ngày 01 tháng 7 năm 2026", or "từ ngày ký" (= the issue date). */
export function effectiveDate(text: string, articles: readonly ArticleNode[], issued?: string): string | undefined {
  const candidates = articles.filter((a) => /hiệu lực/iu.test(a.title));
  const scopes = [...candidates.map((a) => text.slice(a.start, a.end)), text.slice(-8000)];
  for (const scope of scopes) {
    const match = /có hiệu lực(?: th\S{1,2} hành)?(?: k\S{1,2})? từ ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/u.exec(scope);
    if (match?.[1] && match[2] && match[3]) return isoDate(match[1], match[2], match[3]);
    if (/có hiệu lực(?: th\S{1,2} hành)?(?: k\S{1,2})? từ ngày ký/u.test(scope) && issued) return issued;
  }
  return undefined;
}
