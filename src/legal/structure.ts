/**
 * The structure parser: Phần / Chương / Mục / Điều / Khoản / Điểm and Phụ lục, with character
 * offsets into the document's normalised text.
 *
 * Headings are recognised only at the start of a line, so a cross-reference inside a sentence
 * ("quy định tại khoản 2 Điều 5 Nghị định này") stays text. Article numbers must follow each other
 * (5, 6, 6a, 7 ...): a heading that breaks the sequence is text too — in an amending decree that is an
 * article it quotes, in a damaged OCR it is a misread line — and is counted so that a document with
 * broken numbering can be flagged. Lines inside a quotation (amending decrees quote whole articles
 * of the decree they amend) never open an article, clause or point.
 */
import type { AppendixNode, ArticleNode, ClauseNode, DocumentStructure, HeadingRef } from './types.js';

const POINT_LETTERS = 'abcdđeghiklmnopqrstuvxy';

const PART = /^(?:Phần|PHẦN)\s+(thứ\s+\S+|THỨ\s+\S+|[IVXLC]+|\d+)(?![\p{L}\d])[.:]?\s*(.*)$/u;
const CHAPTER = /^(?:Chương|CHƯƠNG)\s+([IVXLCĐHÌÍ1l]+|\d+)(?![\p{L}\d])\s*[.:]?\s*(.*)$/u;
const SECTION = /^(?:Mục|MỤC)\s+(\d+[a-zđ]?)(?![\p{L}\d])\s*[.:]?\s*(.*)$/u;
const ARTICLE = /^(?:Điều|ĐIỀU)\s+(\d{1,3}[a-zđ]?)\s*[.:]\s*(.*)$/u;
const CODIFIED_ARTICLE = /^Điều\s+(\d+\.\d+\.[A-ZĐ]+\.[\d.]*\d)\.?\s+(.*)$/u;
const CLAUSE = /^(\d{1,3})\.\s+(?=\S)/u;
const POINT = /^([a-zđ])\)\s*(?=\S)/u;
const APPENDIX = /^(?:Phụ lục|PHỤ LỤC)(?:\s+([IVXLC\d]+[a-z]?))?(?![\p{L}\d])\s*[.:]?\s*(.*)$/u;
const OPENING_QUOTE = /^["“]/u;
const CLOSING_QUOTE = /["”]\s*[.;,]?\s*\)?\s*$/u;

export interface StructureOptions {
  /** Codified topics (Pháp điển) number their articles "18.1.LQ.1" and need no sequence. */
  codified?: boolean;
  /** Datasets (ALQAC) number articles their own way (ids like 53421): any number, no sequence. */
  anyArticleNumber?: boolean;
}

const ANY_ARTICLE = /^Điều\s+(\d{1,7}[a-zđ]?)\s*[.:]\s*(.*)$/u;

interface Line {
  text: string;
  start: number;
  end: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const raw of text.split('\n')) {
    const end = start + raw.length;
    const lead = raw.length - raw.trimStart().length;
    lines.push({ text: raw.trim(), start: start + lead, end: start + raw.trimEnd().length });
    start = end + 1;
  }
  return lines;
}

function articleKey(number: string): { base: number; suffix: string } {
  const match = /^(\d+)([a-zđ]?)$/u.exec(number);
  return { base: Number(match?.[1] ?? Number.NaN), suffix: match?.[2] ?? '' };
}

/** Whether `next` may follow `previous` as the next article (5 → 6, 6 → 6a, 6a → 6b, 6a → 7). */
export function followsInSequence(previous: string | undefined, next: string): boolean {
  const n = articleKey(next);
  if (Number.isNaN(n.base)) return false;
  if (previous === undefined) return n.base <= 2 && n.suffix === '';
  const p = articleKey(previous);
  if (n.base === p.base + 1 && n.suffix === '') return true;
  if (n.base === p.base && n.suffix !== '') {
    return POINT_LETTERS.indexOf(n.suffix) > POINT_LETTERS.indexOf(p.suffix);
  }
  return false;
}

function isUpperCaseTitle(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toUpperCase();
}

export function parseStructure(text: string, options: StructureOptions = {}): DocumentStructure {
  const lines = splitLines(text);
  const articles: ArticleNode[] = [];
  const appendices: AppendixNode[] = [];
  let rejectedTitleHeadings = 0;
  let part: HeadingRef | undefined;
  let chapter: HeadingRef | undefined;
  let section: HeadingRef | undefined;
  let article: ArticleNode | undefined;
  let clause: ClauseNode | undefined;
  let appendix: AppendixNode | undefined;
  let inQuote = false;
  let lastEnd = 0;

  const closeClause = (): void => {
    if (clause) {
      const lastPoint = clause.points.at(-1);
      if (lastPoint) lastPoint.end = Math.max(lastPoint.end, lastEnd);
      clause.end = Math.max(clause.end, lastEnd);
      clause = undefined;
    }
  };
  const closeArticle = (): void => {
    closeClause();
    if (article) {
      const lastPoint = article.points.at(-1);
      if (lastPoint) lastPoint.end = Math.max(lastPoint.end, lastEnd);
      article.end = Math.max(article.end, lastEnd);
      article = undefined;
    }
  };
  const closeAppendix = (): void => {
    if (appendix) {
      appendix.end = Math.max(appendix.end, lastEnd);
      appendix = undefined;
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line || line.text === '') continue;
    const content = line.text;

    if (appendix) {
      // Inside an appendix only another appendix heading starts something new.
      const nextAppendix = APPENDIX.exec(content);
      if (nextAppendix && content.length < 200 && !inQuote) {
        closeAppendix();
        appendix = { title: content, start: line.start, end: line.end };
        appendices.push(appendix);
      }
      lastEnd = line.end;
      continue;
    }

    if (inQuote) {
      const heading = ARTICLE.exec(content);
      const escapes = heading?.[1] !== undefined && !OPENING_QUOTE.test(content) && followsInSequence(articles.at(-1)?.number, heading[1]) && !options.codified;
      if (!escapes) {
        if (CLOSING_QUOTE.test(content)) inQuote = false;
        lastEnd = line.end;
        continue;
      }
      inQuote = false;
    }

    if (!options.codified) {
      const appendixMatch = APPENDIX.exec(content);
      if (appendixMatch && content.length < 200 && (articles.length > 0 || i > 0) && isAppendixHeading(content)) {
        closeArticle();
        appendix = { title: content, start: line.start, end: line.end };
        appendices.push(appendix);
        lastEnd = line.end;
        continue;
      }
    }

    const partMatch = PART.exec(content);
    if (partMatch?.[1] !== undefined && content.length < 160) {
      closeArticle();
      part = { number: partMatch[1], title: takeTitle(partMatch[2], lines, i) };
      chapter = undefined;
      section = undefined;
      lastEnd = line.end;
      continue;
    }
    const chapterMatch = CHAPTER.exec(content);
    if (chapterMatch?.[1] !== undefined && content.length < 160 && isHeadingRest(chapterMatch[2])) {
      closeArticle();
      chapter = { number: chapterMatch[1], title: takeTitle(chapterMatch[2], lines, i) };
      section = undefined;
      lastEnd = line.end;
      continue;
    }
    const sectionMatch = SECTION.exec(content);
    if (sectionMatch?.[1] !== undefined && content.length < 200 && isHeadingRest(sectionMatch[2])) {
      closeArticle();
      section = { number: sectionMatch[1], title: takeTitle(sectionMatch[2], lines, i) };
      lastEnd = line.end;
      continue;
    }

    const codifiedMatch = options.codified ? CODIFIED_ARTICLE.exec(content) : null;
    const articleMatch = codifiedMatch ?? (options.anyArticleNumber ? ANY_ARTICLE : ARTICLE).exec(content);
    if (articleMatch?.[1] !== undefined) {
      const number = articleMatch[1];
      const accepted = options.codified
        ? codifiedMatch !== null
        : options.anyArticleNumber || followsInSequence(articles.at(-1)?.number, number);
      if (accepted) {
        closeArticle();
        article = {
          number,
          title: (articleMatch[2] ?? '').replace(/[.:]\s*$/u, '').trim(),
          start: line.start,
          end: line.end,
          headingEnd: line.end,
          ...(part ? { part } : {}),
          ...(chapter ? { chapter } : {}),
          ...(section ? { section } : {}),
          clauses: [],
          points: [],
        };
        articles.push(article);
        lastEnd = line.end;
        continue;
      }
      if (!options.codified) {
        if (looksLikeTitle(articleMatch[2] ?? '')) {
          rejectedTitleHeadings++;
          // A whole article out of sequence is quoted (amending decrees) or misread: its Khoản are not ours.
          if (article) {
            inQuote = true;
            article.end = line.end;
            lastEnd = line.end;
            continue;
          }
        }
      }
    }

    if (article) {
      if (opensQuotation(content)) inQuote = true;
      const clauseMatch = CLAUSE.exec(content);
      const pointMatch = POINT.exec(content);
      if (clauseMatch?.[1] !== undefined && nextClauseNumber(article) === clauseMatch[1]) {
        closeClause();
        clause = { number: clauseMatch[1], start: line.start, end: line.end, points: [] };
        article.clauses.push(clause);
      } else if (pointMatch?.[1] !== undefined) {
        const holder = clause ?? (article.clauses.length === 0 ? article : undefined);
        if (holder && isNextPoint(holder.points.at(-1)?.letter, pointMatch[1])) {
          const previousPoint = holder.points.at(-1);
          if (previousPoint) previousPoint.end = lastEnd;
          holder.points.push({ letter: pointMatch[1], start: line.start, end: line.end });
        }
      }
      if (clause) clause.end = line.end;
      const lastPoint = (clause ?? article).points.at(-1);
      if (lastPoint) lastPoint.end = line.end;
      article.end = line.end;
    }
    lastEnd = line.end;
  }
  closeArticle();
  closeAppendix();
  return { articles, appendices, rejectedTitleHeadings };
}

/** A line that leaves a quotation open: more “ than ”, or an odd number of straight quotes. */
function opensQuotation(line: string): boolean {
  const opening = (line.match(/“/gu) ?? []).length;
  const closing = (line.match(/”/gu) ?? []).length;
  const straight = (line.match(/"/gu) ?? []).length;
  if (opening > closing) return true;
  if (straight % 2 === 1) return !CLOSING_QUOTE.test(line) || OPENING_QUOTE.test(line) && line.length < 3;
  return false;
}

/** "Giải thích từ ngữ" is a title; "Luật Tiếp công dân, các điểm b, c ..." is a wrapped sentence. */
function looksLikeTitle(rest: string): boolean {
  const trimmed = rest.trim();
  return trimmed.length > 0 && trimmed.length < 200 && /^\p{Lu}/u.test(trimmed) && !/[,;]$/u.test(trimmed) && !/^(?:Luật|Nghị định|Bộ luật|Thông tư)\b/u.test(trimmed);
}

/** What follows "Chương II" in a heading: nothing, or a title ("QUY ĐỊNH CHUNG", ". Quy định chung"); not "; Điều 53 ..." or "của Luật". */
function isHeadingRest(rest: string | undefined): boolean {
  const trimmed = (rest ?? '').trim();
  if (trimmed === '') return true;
  return /^[.:–-]?\s*\p{Lu}/u.test(trimmed) && !/^[.:–-]?\s*(?:Điều|Khoản|Luật|Nghị định|Chương|Mục)\b/u.test(trimmed) && !/[;,]$/u.test(trimmed);
}

function isAppendixHeading(content: string): boolean {
  // "Phụ lục" at the start of a line that is a title, not "Phụ lục ban hành kèm theo ... quy định tại".
  return !/^(?:Phụ lục|PHỤ LỤC)\s+(?:ban hành kèm|này|của)/u.test(content) || content.length < 80;
}

function nextClauseNumber(article: ArticleNode): string {
  const last = article.clauses.at(-1);
  return last ? String(Number(last.number) + 1) : '1';
}

function isNextPoint(previous: string | undefined, next: string): boolean {
  const index = POINT_LETTERS.indexOf(next);
  if (index < 0) return false;
  if (previous === undefined) return next === 'a';
  return index === POINT_LETTERS.indexOf(previous) + 1;
}

/** A heading's title: the rest of its line, or the upper-case line(s) right below it. */
function takeTitle(rest: string | undefined, lines: readonly Line[], index: number): string {
  const inline = (rest ?? '').replace(/^[.:\s]+/u, '').trim();
  if (inline) return inline;
  const pieces: string[] = [];
  for (let j = index + 1; j < lines.length && pieces.length < 3; j++) {
    const next = lines[j]?.text ?? '';
    if (next === '') {
      if (pieces.length > 0) break;
      continue;
    }
    if (ARTICLE.test(next) || !isUpperCaseTitle(next)) break;
    pieces.push(next);
  }
  return pieces.join(' ');
}
