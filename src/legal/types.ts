/** The domain model of Vietnamese legal texts, shared by every stage. */

export const DOCUMENT_TYPES = [
  'Hiến pháp', 'Bộ luật', 'Luật', 'Pháp lệnh', 'Nghị quyết', 'Nghị định', 'Quyết định', 'Thông tư',
  'Thông tư liên tịch', 'Chỉ thị', 'Công văn', 'Văn bản hợp nhất', 'Bài học kinh nghiệm', 'Văn bản',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** A citable position: document, then Điều, Khoản, Điểm (all as written, e.g. article "93a"). */
export interface LegalRef {
  /** Official number as the text writes it ("84/2025/QH15") or the dataset's own id. */
  document: string;
  article?: string;
  clause?: string;
  point?: string;
  /** An appendix, by its number as written ("I", "XI"), or "" for a document's only, unnumbered one. */
  appendix?: string;
}

/** Character span in a document's normalised text. */
export interface Span {
  start: number;
  end: number;
}

export interface PointNode extends Span {
  letter: string;
}

export interface ClauseNode extends Span {
  number: string;
  points: PointNode[];
}

export interface HeadingRef {
  number: string;
  title: string;
}

export interface ArticleNode extends Span {
  number: string;
  title: string;
  /** End of the heading line; the body runs from here to `end`. */
  headingEnd: number;
  part?: HeadingRef;
  chapter?: HeadingRef;
  section?: HeadingRef;
  clauses: ClauseNode[];
  /** Points that stand directly under the article (no Khoản). */
  points: PointNode[];
  /** For codified topics (Pháp điển): the source the note names. */
  source?: CodifiedSource;
}

/** The note under a Pháp điển article: "(Điều 1 Luật số 02/2011/QH13 ..., có hiệu lực thi hành kể từ ngày 01/07/2012)". */
export interface CodifiedSource {
  document: string;
  type: DocumentType;
  article: string;
  title?: string;
  effective?: string;
  codeNumber: string;
  /** "được sửa đổi ... bởi Điều 18 Luật số 35/2018/QH14" */
  amendedBy?: string[];
}

export interface AppendixNode extends Span {
  title: string;
}

export interface DocumentStructure {
  articles: ArticleNode[];
  appendices: AppendixNode[];
  /** Article-like headings rejected because their numbers break the sequence and that look like real article titles: many of them mean broken numbering. */
  rejectedTitleHeadings: number;
}

export interface DocumentMetadata {
  number?: string;
  type?: DocumentType;
  title?: string;
  issuer?: string;
  /** ISO dates (YYYY-MM-DD). */
  issued?: string;
  effective?: string;
  expired?: string;
  /** Articles with a start date of their own, later than the document's. */
  articleEffective?: Array<{ articles: string[]; from: string }>;
}

export interface DocumentRelations {
  replaces: string[];
  replacedBy?: string;
  amends: string[];
  amendedBy: string[];
  repealsInPart: string[];
  /** Parts named by the repealing text, per repealed document. */
  repealedParts: RepealedPart[];
}

export interface RepealedPart {
  document: string;
  /** Article numbers repealed; chapters are expanded to their articles when the text is known, else kept in `chapters`. */
  articles: string[];
  chapters: string[];
  /** Range of articles: [from, to] inclusive. */
  ranges: Array<[string, string]>;
  by: string;
  from?: string;
  /** The whole document is repealed ("Bãi bỏ Nghị định số 135/2021/NĐ-CP"). */
  whole?: boolean;
}
