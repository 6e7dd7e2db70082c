/**
 * Relations a legal text states in its own words: "sửa đổi, bổ sung một số điều của Nghị định số X"
 * (amends), "Nghị định này thay thế ..." or "X hết hiệu lực kể từ ngày ... có hiệu lực" (replaces),
 * "Bãi bỏ Chương II, các Điều 75, 77 ... Nghị định số X" (repeals in part, with the parts named), and
 * "các văn bản và quy định sau đây hết hiệu lực thi hành:" with the texts or parts listed below it.
 */
import { canonicalNumber } from './documentTypes.js';
import type { ArticleNode, RepealedPart } from './types.js';

const NUMBER = /\d{1,5}\/\d{4}\/[\p{Lu}\d]+(?:-\s?[\p{L}\d]+)*/gu;

export interface StatedRelations {
  amends: string[];
  replaces: string[];
  repealsInPart: string[];
  repealedParts: RepealedPart[];
}

/** Where the first document number starts in a text (its length when there is none). */
function firstNumberAt(text: string): number {
  const match = new RegExp(NUMBER.source, 'u').exec(text);
  return match ? match.index : text.length;
}

function numbersIn(text: string): string[] {
  return [...new Set([...text.matchAll(NUMBER)].map((m) => canonicalNumber(m[0].replace(/\s+/gu, ''))))];
}

export function extractRelations(
  text: string,
  articles: readonly ArticleNode[],
  self: string | undefined,
  title: string | undefined,
  effective: string | undefined,
): StatedRelations {
  const relations: StatedRelations = { amends: [], replaces: [], repealsInPart: [], repealedParts: [] };
  const others = (numbers: string[]): string[] => numbers.filter((n) => n !== self);

  const head = title ?? text.slice(0, 1500);
  const amendMatch = /sửa đổi, bổ sung (?:một số điều|một số khoản|điều|khoản)[^\n]*?của\s+((?:Bộ luật|Luật|Nghị định|Thông tư|Nghị quyết|Quyết định)[^\n]*?số\s+\d{1,5}\/\d{4}\/[\p{Lu}\d-]+)/iu.exec(head);
  if (amendMatch?.[1]) relations.amends.push(...others(numbersIn(amendMatch[1])));

  // Where texts state what they replace or repeal: the articles on entry into force and transition,
  // an article that repeals or amends other texts, and (in an amending decree) "Bãi bỏ Điều 9."
  const stating = articles.filter((a) => /hiệu lực|chuyển tiếp|thi hành|bãi bỏ|có liên quan/iu.test(a.title));
  const scopes = stating.length > 0 ? stating.map((a) => ({ article: a, text: text.slice(a.start, a.end) })) : [{ article: undefined, text: text.slice(-5000) }];
  for (const { article, text: scope } of scopes) {
    if (article && relations.amends[0] && /^Bãi bỏ(?!\p{L})/u.test(article.title) && numbersIn(article.title).length === 0) {
      relations.repealedParts.push({ ...parseRepealedParts(article.title), document: relations.amends[0], by: self ?? '', ...(effective ? { from: effective } : {}) });
    }
    const lines = scope.split('\n').map((line) => line.trim());
    lines.forEach((line, index) => {
      for (const sentence of line.split(/(?<=[.;])\s+(?=\p{Lu}|\d+\.)/u)) {
        if (/(?:Nghị định|Luật|Thông tư|Quyết định) này thay thế/iu.test(sentence)) relations.replaces.push(...others(numbersIn(sentence)));
        const expiry = /hết hiệu lực/iu.exec(sentence);
        if (expiry) {
          const before = sentence.slice(0, expiry.index);
          const first = numbersIn(before)[0];
          const lead = before.slice(0, firstNumberAt(before));
          // "Luật Thanh tra số 11/2022/QH15 hết hiệu lực ..." is the whole text; "khoản 3 Điều 5 Nghị định số ..." is a part.
          if (first && !/(?:Điều|khoản|điểm)\s+\d/iu.test(lead)) relations.replaces.push(...others([first]));
        }
      }
      // "… các văn bản và quy định sau đây hết hiệu lực thi hành:" lists them in the points below: a text
      // named alone ends whole, "Điểm g khoản 6 Điều 24 Nghị định số …" ends in part.
      if (EXPIRY_LIST.test(line)) {
        for (const item of takeListItems(lines, index + 1)) {
          const main = others(numbersIn(item))[0];
          if (!main) continue;
          const lead = item.slice(0, firstNumberAt(item));
          if (!/(?:Điều|khoản|điểm|Phần|Mục|Phụ lục)\s+[\dIVXLa-zđ]/iu.test(lead)) {
            relations.replaces.push(main);
            continue;
          }
          relations.repealsInPart.push(main);
          relations.repealedParts.push({ ...parseRepealedParts(lead), document: main, by: self ?? '', ...(effective ? { from: effective } : {}) });
        }
        return;
      }
      if (!/^(?:\d+\.\s*|[a-zđ]\)\s*)?Bãi bỏ/u.test(line)) return;
      // "Bãi bỏ một số quy định sau:" lists what it repeals in the points below.
      const items = /:$/u.test(line) ? takePoints(lines, index + 1) : [line];
      for (const item of items) {
        const numbers = others(numbersIn(item));
        const main = numbers[0];
        if (!main) continue;
        relations.repealsInPart.push(...numbers);
        const parts = parseRepealedParts(item.slice(0, firstNumberAt(item)));
        const whole = parts.articles.length === 0 && parts.chapters.length === 0 && parts.ranges.length === 0;
        relations.repealedParts.push({ ...parts, document: main, by: self ?? '', ...(effective ? { from: effective } : {}), ...(whole ? { whole: true } : {}) });
      }
    });
  }
  relations.replaces = [...new Set(relations.replaces)];
  relations.repealsInPart = [...new Set(relations.repealsInPart)];
  relations.amends = [...new Set(relations.amends)];
  return relations;
}

/** A line that ends by saying the texts listed below it cease to have effect (OCR debris after the colon tolerated). */
const EXPIRY_LIST = /hết hiệu lực(?: thi hành)?\s*:[\s:|.]*$/u;

/**
 * The points of a list below a line, each with the lines it wraps onto: "a) Nghị định … của Chính phủ" +
 * "quy định về …". Scanned texts misread the letter ("4)", ".c)"): any one letter or digit before ")" opens a
 * point. The list ends at a new Khoản or Điều.
 */
function takeListItems(lines: readonly string[], from: number): string[] {
  const points: string[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    if (/^[.,]?\s*[a-zđ\d]\)\s/u.test(line)) points.push(line);
    else if (points.length > 0 && !/^(?:#|-\s*Điều|Điều\s+\d|\d+\.\s)/u.test(line)) points[points.length - 1] += ` ${line}`;
    else break;
  }
  return points;
}

/** The point lines (a), b) ...) that follow a line ending in ":". */
function takePoints(lines: readonly string[], from: number): string[] {
  const points: string[] = [];
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    if (!/^[a-zđ]\)\s/u.test(line)) break;
    points.push(line);
  }
  return points;
}

/** "Chương II, Chương III, các Điều 75, 77, 93a và các điều từ Điều 98 đến Điều 106 Chương V, Chương VI" */
export function parseRepealedParts(phrase: string): Omit<RepealedPart, 'document' | 'by'> {
  const ranges: Array<[string, string]> = [];
  let rest = phrase.replace(/(?:các điều )?từ Điều\s+(\d+[a-zđ]?)\s+đến Điều\s+(\d+[a-zđ]?)/giu, (_match, from: string, to: string) => {
    ranges.push([from, to]);
    return ` §${ranges.length - 1} `;
  });
  const chapters: string[] = [];
  // A Chương right after an article list locates those articles ("Điều 106 Chương V"), it is not repealed whole.
  rest = rest.replace(/(\d+[a-zđ]?|§\d+)\s+Chương\s+([IVXLC]+)/gu, '$1 ');
  for (const match of rest.matchAll(/Chương\s+([IVXLC]+)/gu)) if (match[1]) chapters.push(match[1]);
  const articles: string[] = [];
  for (const match of rest.matchAll(/(?:các\s+)?Điều\s+((?:\d+[a-zđ]?(?:\s*,\s*|\s+và\s+)?)+)/giu)) {
    for (const number of (match[1] ?? '').split(/\s*,\s*|\s+và\s+/u)) if (/^\d+[a-zđ]?$/u.test(number.trim())) articles.push(number.trim());
  }
  return { articles, chapters, ranges };
}

/** Whether an article number falls in a repealed part (chapters need the text to be known). */
export function isArticleRepealed(part: RepealedPart, article: string, chapterOf?: string): boolean {
  if (part.whole || part.articles.includes(article)) return true;
  if (chapterOf && part.chapters.includes(chapterOf)) return true;
  const value = articleValue(article);
  return part.ranges.some(([from, to]) => value >= articleValue(from) && value <= articleValue(to));
}

function articleValue(article: string): number {
  const match = /^(\d+)([a-zđ]?)$/u.exec(article);
  const letters = 'abcdđeghiklmnopqrstuvxy';
  return Number(match?.[1] ?? 0) + (match?.[2] ? (letters.indexOf(match[2]) + 1) / 100 : 0);
}
