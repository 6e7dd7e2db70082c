/**
 * PDF: pdf-parse reads the text layer, page by page. Some PDFs printed from Word draw each accented
 * Vietnamese letter as a separate glyph placed back over a gap ("QU C H I\tỐ Ộ"); their text is then
 * rebuilt from where each glyph is drawn (pdfGlyphs.ts). Pages without a text layer (a scan, or the
 * scanned pages of a mixed file) are rendered to images and recognised by OCR (../ocr/), and the
 * document carries how (`ocr`: engine, confidence, pages to review).
 */
import { PDFParse } from 'pdf-parse';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { LoadError } from '../../errors.js';
import { joinHardWrappedLines } from '../../text/layout.js';
import { repairGluedSyllables } from '../../text/syllableRepair.js';
import { normalizeText } from '../../text/vietnamese.js';
import { openPdfRenderer } from '../ocr/rasterize.js';
import { DEFAULT_OCR_DPI, recognizePages, summarizeOcr, type PageSource } from '../ocr/recognize.js';
import { createTesseractEngine } from '../ocr/tesseract.js';
import type { LoadedDocument, OcrInfo } from '../types.js';
import type { LoadOptions } from './options.js';
import { linesFromGlyphs, placedGlyphs } from './pdfGlyphs.js';
import { splitPreamble } from './preamble.js';
import { finishRecognisedText } from './scanText.js';

/** A page with fewer letters than this in its text layer has none worth the name: it is a scan. */
const NO_TEXT_LETTERS = 30;
/** A page with fewer letters than this that draws an image is a scan with a stamp or signature overlay. */
const SPARSE_TEXT_LETTERS = 200;

function letterCount(text: string): number {
  return text.replace(/[^\p{L}]/gu, '').length;
}

export async function loadPdf(bytes: Buffer, file: string, options: LoadOptions = {}): Promise<LoadedDocument[]> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new LoadError('PDF_CORRUPT', file, 'thiếu phần đầu %PDF-');
  }
  let pages: string[];
  let fullText: string;
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const result = await parser.getText();
    pages = [...result.pages].sort((p, q) => p.num - q.num).map((page) => page.text);
    fullText = result.text;
  } catch (cause) {
    throw new LoadError('PDF_CORRUPT', file, cause instanceof Error ? cause.message : undefined, { cause });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  if (hasDetachedDiacritics(fullText)) pages = (await pagesFromPositions(bytes)).map((page) => repairGluedSyllables(page));

  const scanned = await scannedPages(bytes, pages);
  let ocr: OcrInfo | undefined;
  if (scanned.length > 0) {
    const recognised = await recognisePdfPages(bytes, file, scanned, options);
    const used = recognised.pages.filter((page) => letterCount(page.text) > 2 * letterCount(pages[page.page - 1] ?? '') + 20);
    for (const page of used) pages[page.page - 1] = page.text;
    if (used.length > 0) ocr = summarizeOcr(recognised.engine, used, options.lowConfidenceBelow);
    else if (letterCount(pages.join('')) < 50) throw new LoadError('FILE_EMPTY', file, 'tệp PDF không có lớp văn bản và nhận dạng ký tự (OCR) không đọc được chữ nào trên các trang');
  }

  if (ocr) {
    const finished = finishRecognisedText(pages, ocr, options);
    if (letterCount(finished.text) < 50) throw new LoadError('FILE_EMPTY', file, 'không nhận dạng được chữ trên các trang quét');
    return [{ file, format: 'pdf', text: finished.text, ...(finished.ocr ? { ocr: finished.ocr } : {}) }];
  }
  const text = normalizeText(pages.join('\n')).replace(/^\s*\d{1,3}\s*$/gmu, '');
  if (letterCount(text) < 50) throw new LoadError('PDF_NO_TEXT', file);
  const { preamble, body } = splitPreamble(text);
  return [{ file, format: 'pdf', text: preamble + joinHardWrappedLines(body) }];
}

/** Lines that end in a tab followed by lone accented capitals/letters are the signature of the problem. */
export function hasDetachedDiacritics(text: string): boolean {
  const lines = text.split('\n');
  const broken = lines.filter((line) => /\t[\p{L}\s]{1,80}$/u.test(line) && /\t(?:\S\s){2,}/u.test(`${line} `)).length;
  return lines.length > 0 && broken / lines.length > 0.2;
}

async function openDocument(bytes: Buffer): Promise<pdfjs.PDFDocumentProxy> {
  return pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
}

async function pagesFromPositions(bytes: Buffer): Promise<string[]> {
  const document = await openDocument(bytes);
  const pages: string[] = [];
  try {
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber);
      pages.push(linesFromGlyphs(await placedGlyphs(page)).join('\n'));
      page.cleanup();
    }
  } finally {
    await document.destroy();
  }
  return pages;
}

/**
 * 1-based numbers of the pages to recognise: those with (almost) no text layer, and those with
 * little text that draw an image (a scan under a digital-signature stamp).
 */
async function scannedPages(bytes: Buffer, pages: readonly string[]): Promise<number[]> {
  const empty: number[] = [];
  const sparse: number[] = [];
  pages.forEach((text, index) => {
    const letters = letterCount(text);
    if (letters < NO_TEXT_LETTERS) empty.push(index + 1);
    else if (letters < SPARSE_TEXT_LETTERS) sparse.push(index + 1);
  });
  if (sparse.length === 0) return empty;
  const document = await openDocument(bytes);
  const imagePages: number[] = [];
  try {
    const imageOperators = new Set<number>([pdfjs.OPS.paintImageXObject, pdfjs.OPS.paintInlineImageXObject, pdfjs.OPS.paintImageXObjectRepeat]);
    for (const pageNumber of sparse) {
      const page = await document.getPage(pageNumber);
      const operators = await page.getOperatorList();
      if (operators.fnArray.some((operator) => imageOperators.has(operator))) imagePages.push(pageNumber);
      page.cleanup();
    }
  } finally {
    await document.destroy();
  }
  return [...empty, ...imagePages].sort((p, q) => p - q);
}

async function recognisePdfPages(bytes: Buffer, file: string, pageNumbers: readonly number[], options: LoadOptions): Promise<{ engine: string; pages: Awaited<ReturnType<typeof recognizePages>> }> {
  const engine = options.engine ?? createTesseractEngine();
  await engine.ensureAvailable(file);
  const dpi = options.dpi ?? DEFAULT_OCR_DPI;
  const renderer = await openPdfRenderer(bytes, file);
  try {
    const sources: PageSource[] = pageNumbers.map((page) => ({ page, dpi, image: () => renderer.render(page, dpi) }));
    const pages = await recognizePages(file, sources, { ...options, engine });
    return { engine: await engine.describe(), pages };
  } finally {
    await renderer.close();
  }
}
