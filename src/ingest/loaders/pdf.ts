/**
 * PDF: pdf-parse reads the text layer. Some PDFs printed from Word draw each accented Vietnamese
 * letter as a separate glyph run placed back over a gap ("QU C H I\tỐ Ộ"); their text is then
 * rebuilt from the positions of the text items (pdf.js, which pdf-parse runs on), left to right
 * on each line. A PDF with no text layer (a scan) is refused with the reason.
 */
import { PDFParse } from 'pdf-parse';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { LoadError } from '../../errors.js';
import { joinHardWrappedLines } from '../../text/layout.js';
import { repairGluedSyllables } from '../../text/syllableRepair.js';
import { normalizeText } from '../../text/vietnamese.js';
import type { LoadedDocument } from '../types.js';
import { linesFromGlyphs, placedGlyphs } from './pdfGlyphs.js';
import { splitPreamble } from './preamble.js';

const PAGE_MARKER = /^-- \d+ of \d+ --$/gmu;

export async function loadPdf(bytes: Buffer, file: string): Promise<LoadedDocument[]> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new LoadError('PDF_CORRUPT', file, 'thiếu phần đầu %PDF-');
  }
  let text: string;
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    text = (await parser.getText()).text;
  } catch (cause) {
    throw new LoadError('PDF_CORRUPT', file, cause instanceof Error ? cause.message : undefined, { cause });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  if (hasDetachedDiacritics(text)) text = repairGluedSyllables(await textFromPositions(bytes));
  text = normalizeText(text).replace(PAGE_MARKER, '').replace(/^\s*\d{1,3}\s*$/gmu, '');
  const letters = text.replace(/[^\p{L}]/gu, '').length;
  if (letters < 50) throw new LoadError('PDF_NO_TEXT', file);
  const { preamble, body } = splitPreamble(text);
  return [{ file, format: 'pdf', text: preamble + joinHardWrappedLines(body) }];
}

/** Lines that end in a tab followed by lone accented capitals/letters are the signature of the problem. */
export function hasDetachedDiacritics(text: string): boolean {
  const lines = text.split('\n');
  const broken = lines.filter((line) => /\t[\p{L}\s]{1,80}$/u.test(line) && /\t(?:\S\s){2,}/u.test(`${line} `)).length;
  return lines.length > 0 && broken / lines.length > 0.2;
}

async function textFromPositions(bytes: Buffer): Promise<string> {
  const document = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
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
  return pages.join('\n');
}
