/** Text recognised from page images, made to read like a born-digital text for the structure parser. */
import { joinHardWrappedLines } from '../../text/layout.js';
import { correctOcrText } from '../../text/ocrCorrection.js';
import { normalizeText } from '../../text/vietnamese.js';
import type { OcrInfo } from '../types.js';
import type { LoadOptions } from './options.js';
import { splitPreamble } from './preamble.js';

/** Lines that are only a page number ("2", "- 2 -", "Trang 2") are dropped. */
const PAGE_NUMBER_LINE = /^\s*(?:[-–]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*[-–])?\s*$/gmu;

/** Normalises, corrects against the vocabulary and joins hard-wrapped lines; counts the corrections into `ocr`. */
export function finishRecognisedText(pages: readonly string[], ocr: OcrInfo | undefined, options: LoadOptions): { text: string; ocr: OcrInfo | undefined } {
  let text = normalizeText(pages.join('\n')).replace(PAGE_NUMBER_LINE, '');
  let corrections = 0;
  if (ocr) {
    const corrected = correctOcrText(text, options.vocabulary);
    text = corrected.text;
    corrections = corrected.corrections.length;
  }
  const { preamble, body } = splitPreamble(text);
  return { text: preamble + joinHardWrappedLines(body), ocr: ocr ? { ...ocr, corrections } : undefined };
}
