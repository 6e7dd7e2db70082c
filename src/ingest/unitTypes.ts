/** The unit of knowledge and the document record, as the ingest produces them and the index stores them. */
import type { DocumentType, HeadingRef, LegalRef, RepealedPart } from '../legal/types.js';

export type UnitKind = 'clause' | 'article' | 'appendix' | 'lesson';

export interface UnitPoint {
  letter: string;
  /** Offsets relative to the unit's `text`. */
  start: number;
  end: number;
}

export interface LegalUnit {
  /** Stable key: document|article|clause (or |appendix:n). */
  id: string;
  ref: LegalRef;
  kind: UnitKind;
  documentTitle: string;
  documentType?: DocumentType;
  articleTitle: string;
  part?: HeadingRef;
  chapter?: HeadingRef;
  section?: HeadingRef;
  /** The unit's own words: a Khoản with its Điểm, a whole Điều, an appendix, a lesson. */
  text: string;
  /** The article's lead-in before its first Khoản (context for a Khoản read alone). */
  lead?: string;
  points: UnitPoint[];
  source: { file: string; start: number; end: number };
  /** Codification number when the unit came from a Pháp điển topic ("18.1.LQ.1"). */
  codifiedAs?: string;
  /** Order of the unit within its document (for neighbours and the table of contents). */
  order: number;
}

export type DocumentOrigin = 'text' | 'codification' | 'dataset' | 'lessons' | 'reference';

export interface DocumentRecord {
  /** Official number as the text writes it, or the dataset's own id. */
  number: string;
  type?: DocumentType;
  title?: string;
  issuer?: string;
  issued?: string;
  effective?: string;
  expired?: string;
  replaces: string[];
  replacedBy?: string;
  amends: string[];
  amendedBy: string[];
  repealsInPart: string[];
  /** Parts this document repeals in other documents. */
  repealedParts: RepealedPart[];
  /** Parts of this document that other documents repeal. */
  repealed: RepealedPart[];
  origin: DocumentOrigin;
  files: string[];
  articleCount: number;
  /** Problems a reader must know about (broken numbering, missing header fields). */
  warnings: string[];
  /** Which fields came from the manifest rather than the text. */
  fromManifest: string[];
}
