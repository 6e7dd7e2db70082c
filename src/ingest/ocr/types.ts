/** What an OCR engine reads off one page image, and how a document's recognition is reported. */

export interface OcrWord {
  text: string;
  /** 0–100, as the engine reports it. */
  confidence: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One printed line, its words left to right; lines come in the engine's reading order. */
export interface OcrLine {
  block: number;
  paragraph: number;
  words: OcrWord[];
}

export interface OcrPageResult {
  /** 1-based page number in the document. */
  page: number;
  /** The page's text, one printed line a line, in reading order. */
  text: string;
  /** Mean word confidence, 0–100 (0 for a page with no word). */
  confidence: number;
  words: number;
  /** Skew found and removed before recognition, in degrees. */
  skewDegrees: number;
}

/** An OCR engine: recognises one straightened greyscale page. */
export interface OcrEngine {
  /** Name and version, e.g. "tesseract 5.3.0 (vie)". */
  describe(): Promise<string>;
  /** Throws a LoadError (OCR_UNAVAILABLE) naming what to install when the engine cannot run. */
  ensureAvailable(file: string): Promise<void>;
  recognize(image: Buffer, dpi: number): Promise<OcrLine[]>;
}

/** Progress of a long load, for a progress bar: rendering and recognising page `page` of `pages`. */
export interface LoadProgress {
  stage: 'rasterize' | 'ocr';
  page: number;
  pages: number;
}
