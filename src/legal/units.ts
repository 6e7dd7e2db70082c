/** The unit of knowledge and the document record: what the ingest produces, the index stores, search ranks and answers cite. */
import { formatReference } from './reference.js';
import type { DocumentMetadata, DocumentRelations, DocumentType, HeadingRef, LegalRef, RepealedPart } from './types.js';

export type UnitKind = 'clause' | 'article' | 'appendix' | KnowledgeUnitKind;

/** Units the team writes (published live, never law): a lesson learned, an inspection-method guide, a verified answer. */
export type KnowledgeUnitKind = 'lesson' | 'guide' | 'verified';

export function isKnowledgeUnit(unit: Pick<LegalUnit, 'kind'>): boolean {
  return unit.kind === 'lesson' || unit.kind === 'guide' || unit.kind === 'verified';
}

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

/** A document of the registry: its header metadata, its relations both ways, where it came from. */
export interface DocumentRecord extends DocumentMetadata, DocumentRelations {
  /** Official number as the text writes it, or the dataset's own id. */
  number: string;
  /** Parts of this document that other documents repeal. */
  repealed: RepealedPart[];
  origin: DocumentOrigin;
  files: string[];
  articleCount: number;
  /** Problems a reader must know about (broken numbering, missing header fields). */
  warnings: string[];
  /** Which fields came from the manifest rather than the text. */
  fromManifest: string[];
  /** Set when the text was recognised from page images (a scan): cite it as such, review the low-confidence pages. */
  ocr?: { engine: string; pages: number; meanConfidence: number; lowConfidencePages: number[] };
  /** Share of the text's tokens that are not Vietnamese syllables, known words, numbers or codes (text-layer or OCR damage). */
  nonSyllableShare?: number;
}

/**
 * Whether a document is a legal text the product recognises: one with an official number (read from
 * its own header or given by a manifest) and a type — or an article of the official codification, or a
 * benchmark's law. Anything else (a note, a file without a header) never outranks the law and is never
 * the sole basis of an answer.
 */
export function isRecognisedLegalDocument(document: Pick<DocumentRecord, 'number' | 'type' | 'origin'>): boolean {
  if (document.origin === 'codification' || document.origin === 'dataset') return true;
  if (document.origin !== 'text') return false;
  return document.type !== undefined && /^\d{1,5}\/(?:\d{4}\/)?[\p{Lu}Đ]/u.test(document.number);
}

/** What a reader is told of a text recognised from a scan. */
export const OCR_NOTE = 'văn bản nhận dạng từ bản quét — đối chiếu bản gốc';

/** A record with no metadata and no relations yet. */
export function emptyDocument(number: string, origin: DocumentOrigin, files: string[], type?: DocumentType): DocumentRecord {
  return {
    number,
    ...(type ? { type } : {}),
    replaces: [],
    amends: [],
    amendedBy: [],
    repealsInPart: [],
    repealedParts: [],
    repealed: [],
    origin,
    files,
    articleCount: 0,
    warnings: [],
    fromManifest: [],
  };
}

/** The unit's official label: "Điểm a Khoản 2 Điều 5 Nghị định số 174/2026/NĐ-CP". */
export function unitLabel(unit: Pick<LegalUnit, 'ref' | 'documentType' | 'documentTitle' | 'kind'>): string {
  // A lesson, guide or verified answer is cited by its own title ("Bài học 2025 — …"), apart from law.
  if (isKnowledgeUnit(unit)) return unit.documentTitle;
  return formatReference(unit.ref, unit.documentType, unit.documentTitle);
}
