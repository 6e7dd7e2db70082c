/** What loaders hand to the ingest pipeline. */
import type { DocumentMetadata } from '../legal/types.js';

export type SourceFormat = 'pdf' | 'image' | 'docx' | 'html' | 'markdown' | 'text' | 'alqac' | 'lesson';

/** One document's text as a loader read it, before structure is parsed. */
export interface LoadedDocument {
  /** The source file, as given to the ingest (relative paths stay relative). */
  file: string;
  format: SourceFormat;
  /** NFC text, Markdown marks removed, wrapped lines joined where the format needs it. */
  text: string;
  /** What the loader did to the text on the way, in Vietnamese (a legacy encoding converted); shown in the ingest summary. */
  notices?: string[];
  /** Codified topics (Pháp điển): articles numbered "18.1.LQ.1" with source notes. */
  codified?: boolean;
  /**
   * Set when some or all of the text was recognised from page images (a scan): show "văn bản nhận
   * dạng từ bản quét — đối chiếu bản gốc" and list the low-confidence pages for review.
   */
  ocr?: OcrInfo;
  /** Datasets (ALQAC) name their documents and articles themselves. */
  preset?: DocumentMetadata & { number: string; anyArticleNumber: true };
}

/** What the index manifest records of each source file. */
export interface FileEntry {
  file: string;
  /** Hash of the file's bytes, its manifest entry and the ingest code: a change means it is read again. */
  hash: string;
  documents: number;
  units: number;
  warnings: string[];
  error?: { code: string; message: string } | undefined;
}

/** A file the ingest could not use, with the reason in Vietnamese. */
export interface SkippedFile {
  file: string;
  code: string;
  reason: string;
}

/** How a document's text was recognised from page images. */
export interface OcrInfo {
  /** Engine and version, e.g. "tesseract 5.3.0 (vie)". */
  engine: string;
  /** Pages recognised (a PDF's pages with a text layer are read from it and not counted). */
  pages: number;
  /** Mean word confidence over those pages, 0–100. */
  meanConfidence: number;
  /** Page numbers (1-based, in the source file) whose confidence is below the review threshold. */
  lowConfidencePages: number[];
  /** Each recognised page's mean confidence, in the order of the pages recognised. */
  pageConfidences: number[];
  /** Tokens changed by the syllable-level correction against a reference vocabulary (0 without one). */
  corrections: number;
}
