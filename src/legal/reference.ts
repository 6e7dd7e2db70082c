/**
 * Legal references in free text: "điểm a khoản 2 điều 5 nđ 174/2026", "Đ.47 Luật Thanh tra 2025",
 * "k2 đ11 174/2026/nđ-cp", with or without diacritics; and the official way to write them back:
 * "Điểm a Khoản 2 Điều 5 Nghị định số 174/2026/NĐ-CP".
 */
import { foldDiacritics, normalizeText } from '../text/vietnamese.js';
import { canonicalNumber, numberKey, typeFromNumber, typeFromWord } from './documentTypes.js';
import type { DocumentType, LegalRef } from './types.js';

/** What a reference says about its document, before it is matched against the known documents. */
export interface DocumentMention {
  /** Full official number when written ("174/2026/NĐ-CP"). */
  number?: string;
  /** Number without its suffix ("174", "174/2026"). */
  partialNumber?: string;
  type?: DocumentType;
  /** Name words after the type, folded ("thanh tra"). */
  name?: string;
  year?: string;
  /** "Nghị định này", "Luật này": the document the text belongs to. */
  self?: boolean;
}

export interface ParsedReference {
  /** "phụ lục XI": an appendix by its number ("" when none is given). */
  appendix?: string;
  article?: string;
  clause?: string;
  point?: string;
  document?: DocumentMention;
  /** True when the text is little more than the reference itself. */
  isPureReference: boolean;
}

/** A document the resolver may match a mention against. */
export interface KnownDocument {
  number: string;
  type?: DocumentType | undefined;
  title?: string | undefined;
  issued?: string | undefined;
}

const POINT = /(?:^|[^a-z0-9])(?:diem|d\.)\s*([a-z])(?![a-z0-9])/;
const CLAUSE = /(?:^|[^a-z0-9])(?:khoan|k)\s*\.?\s*(\d{1,3})(?![0-9/])/;
const ARTICLE = /(?:^|[^a-z0-9])(?:dieu|d)\s*\.?\s*(\d{1,4}[a-z]?)(?![0-9/a-z])/;
const APPENDIX = /(?:^|[^a-z0-9])phu luc(?:\s+(?:so\s+)?([ivxlc]+|\d{1,2})(?![a-z0-9]))?/;
const FULL_NUMBER = /(\d{1,5})\s*\/\s*(\d{4})\s*\/\s*([a-z0-9đ]+(?:-[a-z0-9đ]+)*)/;
const YEARLESS_NUMBER = /(\d{1,5})\s*\/\s*([a-zđ]+(?:-[a-zđ0-9]+)+)/;
const TYPED_NUMBER =
  /(?:^|[^a-z0-9])(nghi dinh|nd|thong tu|tt|quyet dinh|qd|nghi quyet|nq|luat|bo luat)\s*(?:so\s*)?(\d{1,5})(?:\s*\/\s*(\d{4}))?(?![0-9/])/;
// "luật" inside "kỷ luật", "pháp luật", "quy luật", "điều luật", and "luật sư", names no law.
const NAMED_LAW = /(?:^|[^a-z0-9])(?<!(?:ky|phap|quy|dieu) )(bo luat|luat)\s+(?!su\b)((?:(?!so\b|nam\b)[a-z]+[ ,]*){1,8}?)\s*(?:(?:so\s+)?(?:nam\s+)?(\d{4}))?(?=$|[^a-z ,])/;
const SELF = /(?:^|[^a-z0-9])(nghi dinh|luat|thong tu|quyet dinh|nghi quyet|bo luat) nay(?![a-z])/;
const REFERENCE_WORDS = new Set([
  'diem', 'khoan', 'dieu', 'k', 'd', 'nd', 'nghi', 'dinh', 'luat', 'bo', 'so', 'thong', 'tu', 'tt', 'qd',
  'quyet', 'nq', 'nay', 'cua', 'nam', 'theo', 'tai', 'quy', 'cp', 'qh', 'xem', 'tra', 'cuu', 'noi', 'dung', 'phu', 'luc',
]);

export function parseReference(input: string): ParsedReference {
  const lower = normalizeText(input).toLowerCase().replace(/\s+/g, ' ');
  const folded = foldDiacritics(lower);
  const result: ParsedReference = { isPureReference: false };

  const pointMatch = POINT.exec(folded);
  if (pointMatch?.[1] !== undefined) {
    // Recover "đ" from the unfolded text at the same position (folding keeps positions in NFC text).
    const at = pointMatch.index + pointMatch[0].length - 1;
    const original = lower[at];
    result.point = original === 'đ' ? 'đ' : pointMatch[1];
  }
  const clauseMatch = CLAUSE.exec(folded);
  if (clauseMatch?.[1] !== undefined) result.clause = String(Number(clauseMatch[1]));
  const appendixMatch = APPENDIX.exec(folded);
  if (appendixMatch) result.appendix = (appendixMatch[1] ?? '').toUpperCase();
  const articleMatch = ARTICLE.exec(folded);
  if (articleMatch?.[1] !== undefined) result.article = articleMatch[1].replace(/^0+(?=\d)/, '');

  const document = parseDocumentMention(lower, folded);
  if (document) result.document = document;
  result.isPureReference = isMostlyReference(folded) && (result.article !== undefined || result.appendix !== undefined || document !== undefined);
  return result;
}

function parseDocumentMention(lower: string, folded: string): DocumentMention | undefined {
  const full = FULL_NUMBER.exec(lower);
  if (full) {
    const number = canonicalNumber(`${full[1]}/${full[2]}/${full[3]}`);
    const type = typeFromNumber(number);
    return { number, ...(type ? { type } : {}), ...(full[2] ? { year: full[2] } : {}) };
  }
  const typed = TYPED_NUMBER.exec(folded);
  if (typed?.[1] !== undefined && typed[2] !== undefined) {
    const type = typeFromWord(typed[1]);
    const partialNumber = typed[3] ? `${typed[2]}/${typed[3]}` : typed[2];
    return { partialNumber, ...(type ? { type } : {}), ...(typed[3] ? { year: typed[3] } : {}) };
  }
  const yearless = YEARLESS_NUMBER.exec(lower);
  if (yearless?.[1] !== undefined && yearless[2] !== undefined && !/^(nd|nđ|tt|qd|qđ)$/.test(yearless[2])) {
    return { number: canonicalNumber(`${yearless[1]}/${yearless[2]}`) };
  }
  const self = SELF.exec(folded);
  if (self?.[1] !== undefined) {
    const type = typeFromWord(self[1]);
    return { self: true, ...(type ? { type } : {}) };
  }
  const named = NAMED_LAW.exec(folded);
  if (named?.[1] !== undefined && named[2] !== undefined) {
    const name = named[2].replace(/[ ,]+$/, '').trim();
    const type = typeFromWord(named[1]);
    if (name.length >= 3) return { name, ...(type ? { type } : {}), ...(named[3] ? { year: named[3] } : {}) };
  }
  const typeOnly = /(?:^|[^a-z0-9])(nghi dinh|nd|thong tu|quyet dinh)(?![a-z])/.exec(folded);
  if (typeOnly?.[1] !== undefined) {
    const type = typeFromWord(typeOnly[1]);
    if (type) return { type };
  }
  return undefined;
}

function isMostlyReference(folded: string): boolean {
  const words = folded.split(/[^a-z0-9]+/).filter(Boolean);
  if (words.length === 0) return false;
  const other = words.filter((w) => !REFERENCE_WORDS.has(w) && !/^\d/.test(w) && !/^[a-z]$/.test(w) && !/^[dk]\d/.test(w));
  // A reference may carry the law's name ("Luật Thanh tra 2025"): allow a few name words.
  return other.length <= 3;
}

/** Match a mention against the documents the knowledge base holds. */
export function resolveDocument(
  mention: DocumentMention,
  documents: readonly KnownDocument[],
  context?: { currentDocument?: string; asOf?: string },
): string | undefined {
  if (mention.self) return context?.currentDocument;
  if (mention.number) {
    const key = numberKey(mention.number);
    const hit = documents.find((d) => numberKey(d.number) === key);
    return hit ? hit.number : mention.number;
  }
  const byType = (d: KnownDocument): boolean =>
    !mention.type || !d.type || d.type === mention.type || (mention.type === 'Luật' && d.type === 'Bộ luật');
  if (mention.partialNumber) {
    const prefix = numberKey(mention.partialNumber);
    const hits = documents.filter((d) => {
      const key = numberKey(d.number);
      return byType(d) && (key === prefix || key.startsWith(`${prefix}/`));
    });
    return newest(hits)?.number;
  }
  if (mention.name) {
    const name = mention.name;
    const hits = documents.filter((d) => {
      if (!d.title || !byType(d)) return false;
      const title = foldDiacritics(d.title).toLowerCase().replace(/[,]/g, ' ').replace(/\s+/g, ' ');
      return title === `luat ${name}` || title === `bo luat ${name}` || title.endsWith(` ${name}`) || title === name;
    });
    const year = mention.year;
    if (year) {
      const sameYear = hits.filter((d) => d.issued?.startsWith(year) || d.number.split('/')[1] === year);
      return newest(sameYear)?.number;
    }
    const asOf = context?.asOf;
    const current = asOf ? hits.filter((d) => !d.issued || d.issued <= asOf) : hits;
    return newest(current.length > 0 ? current : hits)?.number;
  }
  return undefined;
}

function newest(documents: readonly KnownDocument[]): KnownDocument | undefined {
  let best: KnownDocument | undefined;
  for (const d of documents) {
    const year = d.issued ?? d.number.split('/')[1] ?? '';
    const bestYear = best ? (best.issued ?? best.number.split('/')[1] ?? '') : '';
    if (!best || year > bestYear) best = d;
  }
  return best;
}

/** "Nghị định số 174/2026/NĐ-CP", "Luật Thanh tra số 84/2025/QH15", or a dataset's own name. */
export function formatDocument(number: string, type?: DocumentType, title?: string): string {
  if (!/^\d+\//.test(number)) return number;
  const kind = type ?? typeFromNumber(number);
  if ((kind === 'Luật' || kind === 'Bộ luật') && title && /^(Bộ luật|Luật)\s/.test(title)) {
    return `${title} số ${number}`;
  }
  return kind ? `${kind} số ${number}` : `Văn bản số ${number}`;
}

/** Smallest level first, each capitalised: "Điểm a Khoản 2 Điều 5 Nghị định số 174/2026/NĐ-CP". */
export function formatReference(ref: LegalRef, type?: DocumentType, title?: string): string {
  const pieces: string[] = [];
  if (ref.point) pieces.push(`Điểm ${ref.point}`);
  if (ref.clause) pieces.push(`Khoản ${ref.clause}`);
  if (ref.article) pieces.push(`Điều ${ref.article}`);
  if (ref.appendix !== undefined) pieces.push(ref.appendix ? `Phụ lục ${ref.appendix}` : 'Phụ lục');
  pieces.push(formatDocument(ref.document, type, title));
  return pieces.join(' ');
}

/** A law named inside a question ("... theo Bộ luật Hình sự 2015, ...", "vi phạm luật an ninh mạng khi ..."). */
export interface LawMention {
  mention: DocumentMention;
  /** Character span of the whole mention, "theo" included, in `normalizeText(question).toLowerCase()`. */
  start: number;
  end: number;
}

/** Words that end a law's name in running text: what follows the name, not part of it. */
const NAME_STOP_ACCENTED = 'khi|thì|có|là|được|quy|về|như|không|đối|nếu|và|để|thế|ra|sẽ|bị|phải|nào|gì|cho|với|trong|theo|hay|hoặc|hiện|mới|cũ|thuộc|tại|ở|này|khác';

/** The pattern of a law named in running text, over accented or (for questions typed without diacritics) folded words. */
function lawInQuestion(stops: string, words: { the: string; of: string; at: string; in: string; violate: string; rule: string; code: string; law: string; lawyer: string; fix: string; year: string; prevent: string; against: string; legal: string; compounds: string }): RegExp {
  const word = '[\\p{L}]+';
  const notStop = `(?!(?:${stops})(?![\\p{L}]))`;
  return new RegExp(
    `(?:(?<![\\p{L}\\d])(?:${words.the}|${words.in}|${words.at}|${words.of}|${words.violate})\\s+)?(?:${words.rule} (?:${words.of}|${words.at})\\s+)?` +
      `(?<![\\p{L}])(?<!(?:${words.legal}|${words.compounds}) )(${words.code}|${words.law})\\s+(?!(?:${words.lawyer}|${words.fix})(?![\\p{L}]))` +
      `((?:${words.prevent},?\\s+${words.against}\\s+)?(?:${notStop}${word}\\s+){0,5}?${notStop}${word})` +
      `(?:\\s+(?:${words.year}\\s+)?((?:19|20)\\d\\d))?(?=$|[^\\p{L}\\d\\s]|\\s+(?:${stops})(?![\\p{L}])|\\s*$)`,
    'gu',
  );
}

/** Words about a text's validity that end its name ("Luật Thanh tra 2022 còn hiệu lực không"); folded, only as phrases that no law's name contains. */
const VALIDITY_STOP_ACCENTED = 'còn|vẫn|đang|hết';
const VALIDITY_STOP_FOLDED = 'con hieu|con duoc|con ap|van con|dang con|het hieu|co hieu';

const LAW_IN_ACCENTED_QUESTION = lawInQuestion(`${NAME_STOP_ACCENTED}|${VALIDITY_STOP_ACCENTED}`, {
  the: 'theo', of: 'của', at: 'tại', in: 'trong', violate: 'vi phạm', rule: 'quy định', code: 'bộ luật', law: 'luật',
  lawyer: 'sư', fix: 'định', year: 'năm', prevent: 'phòng', against: 'chống', legal: 'pháp',
  // "kỷ luật", "quy luật", "điều luật": no law named.
  compounds: 'kỷ|quy|điều',
});
const LAW_IN_FOLDED_QUESTION = lawInQuestion(`${foldDiacritics(NAME_STOP_ACCENTED)}|${VALIDITY_STOP_FOLDED}`, {
  the: 'theo', of: 'cua', at: 'tai', in: 'trong', violate: 'vi pham', rule: 'quy dinh', code: 'bo luat', law: 'luat',
  lawyer: 'su', fix: 'dinh', year: 'nam', prevent: 'phong', against: 'chong', legal: 'phap',
  compounds: 'ky|quy|dieu',
});

/**
 * The laws a question names by their names, with where the words are: they point at a document,
 * not at an article, so the retriever turns them into a document prior instead of matching them
 * against the articles' words. Numbers ("Luật số 84/2025/QH15") are left to `parseReference`.
 * Stop words are matched with their accents where the question has them ("trọng tài" is not "trong").
 */
export function findLawMentions(question: string): LawMention[] {
  const lower = normalizeText(question).toLowerCase();
  const accented = foldDiacritics(lower) !== lower;
  const mentions: LawMention[] = [];
  for (const match of (accented ? lower : foldDiacritics(lower)).matchAll(accented ? LAW_IN_ACCENTED_QUESTION : LAW_IN_FOLDED_QUESTION)) {
    if (!match[1] || !match[2]) continue;
    const name = foldDiacritics(match[2]).replace(/[\s,]+/gu, ' ');
    // "luật áp dụng", "luật quốc tế": legal notions, not a law's name.
    if (name.length < 3 || GENERIC_LAW.test(name)) continue;
    const type = typeFromWord(foldDiacritics(match[1]));
    const mention: DocumentMention = { name, ...(type ? { type } : {}), ...(match[3] ? { year: match[3] } : {}) };
    mentions.push({ mention, start: match.index, end: match.index + match[0].length });
  }
  return mentions;
}

const GENERIC_LAW = /^(?:ap dung|quoc te|nuoc ngoai|chuyen nganh|lien quan|hien hanh|moi|cu|tuc|le|chung|rieng|hoa|chi|hinh thuc|noi dung)(?![a-z])/u;
