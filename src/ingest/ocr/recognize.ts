/**
 * Recognition of a document's page images: each page is decoded, straightened (deskew.ts) and read
 * by the OCR engine, a few pages at a time; the pages' text and confidence come back in page order
 * with a summary for the document record.
 */
import os from 'node:os';
import type { OcrInfo } from '../types.js';
import { preparePage, type GreyImage } from './deskew.js';
import { createTesseractEngine } from './tesseract.js';
import type { LoadProgress, OcrEngine, OcrLine, OcrPageResult } from './types.js';

export interface OcrOptions {
  /** The engine (default: Tesseract with the Vietnamese model, run as a child process). */
  engine?: OcrEngine;
  /** Pages read at once (default: the machine's cores, at most 4). */
  concurrency?: number;
  /** Called after each page is read. */
  onProgress?: (progress: LoadProgress) => void;
  /** Pages whose mean word confidence is below this are listed for review (default 85). */
  lowConfidenceBelow?: number;
  /** Resolution PDF pages are rendered at (default 300 dpi). */
  dpi?: number;
  /** Straighten skewed pages before recognition (default true). */
  deskew?: boolean;
}

export const DEFAULT_LOW_CONFIDENCE = 85;
export const DEFAULT_OCR_DPI = 300;

/** One page to read: its number and how to get its image (decoded pixels or an encoded file). */
export interface PageSource {
  page: number;
  /** Resolution of the image, told to the engine (it sizes its text model by it). */
  dpi: number;
  image: () => Promise<Buffer | GreyImage>;
  /** Page of a multi-page TIFF, when `image` returns the whole file. */
  frame?: number;
}

/** A word that is only a speck: no letter or digit, and the engine is unsure of it. */
function isSpeck(text: string, confidence: number): boolean {
  return !/[\p{Ll}\p{Lu}\p{Lt}\p{Lo}\p{N}]/u.test(text) && confidence < 50;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((p, q) => p - q);
  return sorted.length === 0 ? 0 : (sorted[Math.floor(sorted.length / 2)] ?? 0);
}

/**
 * A "line" of stacked diacritics: Tesseract sometimes reads the marks above a line of Vietnamese as a
 * text line of their own ("^“, #s .ˆ .ˆ^ + PP") — its words are far shorter than the page's and
 * read with little confidence.
 */
function isMarksLine(line: OcrLine, pageWordHeight: number): boolean {
  const heights = line.words.map((word) => word.height);
  const confidence = line.words.reduce((sum, word) => sum + word.confidence, 0) / Math.max(1, line.words.length);
  if (pageWordHeight > 0 && median(heights) < pageWordHeight * 0.55 && confidence < 75) return true;
  // Or mostly symbols ("ˆ^ z 2 # z ^ ` ~“ ` ^ ` ~"), read with little confidence.
  const characters = line.words.map((word) => word.text).join('');
  const letters = characters.replace(/[^\p{Ll}\p{Lu}\p{Lt}\p{Lo}\p{N}]/gu, '').length;
  return line.words.length >= 3 && letters < characters.length * 0.5 && confidence < 80;
}

/** The text of a page, one printed line a line, specks and lines of stray marks dropped. */
export function pageText(lines: readonly OcrLine[]): string {
  const pageWordHeight = median(lines.flatMap((line) => line.words.filter((word) => /\p{L}/u.test(word.text)).map((word) => word.height)));
  return lines
    .filter((line) => !isMarksLine(line, pageWordHeight))
    .map((line) =>
      line.words
        .filter((word) => !isSpeck(word.text, word.confidence))
        .map((word) => word.text)
        .join(' '),
    )
    .filter((line) => line.trim() !== '')
    .join('\n')
    .normalize('NFC');
}

function pageConfidence(lines: readonly OcrLine[]): { confidence: number; words: number } {
  const words = lines.flatMap((line) => line.words).filter((word) => /[\p{L}\p{N}]/u.test(word.text) && word.confidence >= 0);
  if (words.length === 0) return { confidence: 0, words: 0 };
  return { confidence: words.reduce((sum, word) => sum + word.confidence, 0) / words.length, words: words.length };
}

export function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

/** Reads the pages, at most `concurrency` at a time; results are in the order of `sources`. */
export async function recognizePages(file: string, sources: readonly PageSource[], options: OcrOptions = {}): Promise<OcrPageResult[]> {
  const engine = options.engine ?? createTesseractEngine();
  await engine.ensureAvailable(file);
  const results: OcrPageResult[] = new Array<OcrPageResult>(sources.length);
  const concurrency = Math.max(1, Math.min(options.concurrency ?? defaultConcurrency(), sources.length));
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < sources.length) {
      const index = next++;
      const source = sources[index];
      if (!source) continue;
      const prepared = await preparePage(await source.image(), source.frame ?? 0, options.deskew ?? true);
      const lines = await engine.recognize(prepared.pgm, source.dpi);
      results[index] = { page: source.page, text: pageText(lines), ...pageConfidence(lines), skewDegrees: prepared.skewDegrees };
      done++;
      options.onProgress?.({ stage: 'ocr', page: done, pages: sources.length });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

/** The document-level summary: word-weighted mean confidence and the pages to review. */
export function summarizeOcr(engine: string, pages: readonly OcrPageResult[], lowConfidenceBelow = DEFAULT_LOW_CONFIDENCE): OcrInfo {
  const words = pages.reduce((sum, page) => sum + page.words, 0);
  const meanConfidence = words === 0 ? 0 : pages.reduce((sum, page) => sum + page.confidence * page.words, 0) / words;
  return {
    engine,
    pages: pages.length,
    meanConfidence: Math.round(meanConfidence * 10) / 10,
    lowConfidencePages: pages.filter((page) => page.confidence < lowConfidenceBelow).map((page) => page.page),
    pageConfidences: pages.map((page) => Math.round(page.confidence * 10) / 10),
    corrections: 0,
  };
}
