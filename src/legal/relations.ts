/**
 * Relations a legal text states in its own words: "sửa đổi, bổ sung một số điều của Nghị định số X"
 * (amends), "Nghị định này thay thế ..." or "X hết hiệu lực kể từ ngày ... có hiệu lực" (replaces),
 * "Bãi bỏ Chương II, các Điều 75, 77 ... Nghị định số X" (repeals in part, with the parts named).
 */
import { canonicalNumber } from './documentTypes.js';
import type { ArticleNode, RepealedPart } from './types.js';

const NUMBER = /\d{1,5}\/\d{4}\/[\p{Lu}\d]+(?:-[\p{L}\d]+)*/gu;

export interface StatedRelations {
  amends: string[];
  replaces: string[];
  repealsInPart: string[];
  repealedParts: RepealedPart[];
}

function numbersIn(text: string): string[] {
  return [...new Set([...text.matchAll(NUMBER)].map((m) => canonicalNumber(m[0])))];
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

  const finalArticles = articles.filter((a) => /hiệu lực|chuyển tiếp|thi hành/iu.test(a.title));
  const scopes = finalArticles.length > 0 ? finalArticles.map((a) => text.slice(a.start, a.end)) : [text.slice(-5000)];
  for (const scope of scopes) {
    for (const sentence of scope.split(/(?<=[.;])\s+|\n/u)) {
      if (/thay thế/iu.test(sentence) && /(?:Nghị định|Luật|Thông tư|Quyết định) này thay thế/iu.test(sentence)) {
        relations.replaces.push(...others(numbersIn(sentence)));
      }
      if (/hết hiệu lực/iu.test(sentence) && !/một số|các điều|Điều \d/iu.test(sentence.split('hết hiệu lực')[0] ?? '')) {
        relations.replaces.push(...others(numbersIn(sentence.split('hết hiệu lực')[0] ?? '')));
      }
      if (/^\s*(?:\d+\.\s*)?Bãi bỏ/iu.test(sentence)) {
        const numbers = others(numbersIn(sentence));
        const main = numbers[0];
        if (!main) continue;
        relations.repealsInPart.push(...numbers);
        relations.repealedParts.push({ ...parseRepealedParts(sentence.split(main)[0] ?? ''), document: main, by: self ?? '', ...(effective ? { from: effective } : {}) });
      }
    }
  }
  relations.replaces = [...new Set(relations.replaces)];
  relations.repealsInPart = [...new Set(relations.repealsInPart)];
  relations.amends = [...new Set(relations.amends)];
  return relations;
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
  if (part.articles.includes(article)) return true;
  if (chapterOf && part.chapters.includes(chapterOf)) return true;
  const value = articleValue(article);
  return part.ranges.some(([from, to]) => value >= articleValue(from) && value <= articleValue(to));
}

function articleValue(article: string): number {
  const match = /^(\d+)([a-zđ]?)$/u.exec(article);
  const letters = 'abcdđeghiklmnopqrstuvxy';
  return Number(match?.[1] ?? 0) + (match?.[2] ? (letters.indexOf(match[2]) + 1) / 100 : 0);
}
