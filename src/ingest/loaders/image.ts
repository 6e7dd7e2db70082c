/**
 * Scanned pages as image files (PNG, JPEG, TIFF — a multi-page TIFF is one page a frame, WebP):
 * every page is straightened and recognised by OCR, like the scanned pages of a PDF.
 */
import sharp from 'sharp';
import { LoadError } from '../../errors.js';
import { DEFAULT_OCR_DPI, recognizePages, summarizeOcr, type PageSource } from '../ocr/recognize.js';
import { createTesseractEngine } from '../ocr/tesseract.js';
import type { LoadedDocument } from '../types.js';
import type { LoadOptions } from './options.js';
import { finishRecognisedText } from './scanText.js';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.webp'] as const;

/** A density outside this range is not a scanner's (a phone photo says 72): the default is assumed. */
const PLAUSIBLE_DPI = { low: 100, high: 1200 };

export async function loadImage(bytes: Buffer, file: string, options: LoadOptions = {}): Promise<LoadedDocument[]> {
  let frames: number;
  let dpi: number;
  try {
    const metadata = await sharp(bytes).metadata();
    frames = Math.max(1, metadata.pages ?? 1);
    const density = metadata.density ?? 0;
    dpi = density >= PLAUSIBLE_DPI.low && density <= PLAUSIBLE_DPI.high ? density : DEFAULT_OCR_DPI;
  } catch (cause) {
    throw new LoadError('FILE_UNREADABLE', file, 'tệp ảnh bị hỏng hoặc không phải ảnh PNG/JPEG/TIFF', { cause });
  }
  const engine = options.engine ?? createTesseractEngine();
  const sources: PageSource[] = Array.from({ length: frames }, (_, index) => ({ page: index + 1, dpi, frame: index, image: () => Promise.resolve(bytes) }));
  const pages = await recognizePages(file, sources, { ...options, engine });
  const ocr = summarizeOcr(await engine.describe(), pages, options.lowConfidenceBelow);
  const finished = finishRecognisedText(
    pages.map((page) => page.text),
    ocr,
    options,
  );
  if (finished.text.replace(/[^\p{L}]/gu, '').length < 20) throw new LoadError('FILE_EMPTY', file, 'không nhận dạng được chữ trên ảnh');
  return [{ file, format: 'image', text: finished.text, ...(finished.ocr ? { ocr: finished.ocr } : {}) }];
}
