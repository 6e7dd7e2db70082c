/** Text recognised from page images, made to read like a born-digital text for the structure parser. */
import { joinHardWrappedLines } from '../../text/layout.js';
import { correctOcrText } from '../../text/ocrCorrection.js';
import { normalizeText } from '../../text/vietnamese.js';
import { dropStrayQuotes, dropSymbolRuns, removeStrayFullStops, repairClauseMarkers } from '../ocr/structureRepair.js';
import type { OcrInfo } from '../types.js';
import type { LoadOptions } from './options.js';
import { splitPreamble } from './preamble.js';

/** Lines that are only a page number ("2", "- 2 -", "Trang 2") are dropped. */
const PAGE_NUMBER_LINE = /^\s*(?:[-–]\s*)?(?:Trang\s+)?\d{1,3}(?:\s*[-–])?\s*$/gmu;

/**
 * Heading words OCR misreads in ways no vocabulary repairs: the roman numeral of a Chương read as a
 * look-alike ("Chương Ï", "Chương l"), and "Điều" with the wrong marks at the start of a heading line.
 */
function repairHeadings(text: string): string {
  return text
    .replace(/^(Chương|CHƯƠNG)\s+([IVXLCÏÌÍĨỈỊl1|]+)(?=\s*$|\s*[.:]?\s)/gmu, (_, word: string, numeral: string) => `${word} ${numeral.replace(/[ÏÌÍĨỈỊl1|]/gu, 'I')}`)
    .replace(/^[ĐD][iìíỉĩị][eêềếểễệẽẹèéẻ]u(?<!^Điều)\s*(\d{1,3}[a-zđ]?)\s*[.:]\s*/gmu, 'Điều $1. ');
}

/** Normalises, corrects against the vocabulary and joins hard-wrapped lines; counts the corrections into `ocr`. */
export function finishRecognisedText(pages: readonly string[], ocr: OcrInfo | undefined, options: LoadOptions): { text: string; ocr: OcrInfo | undefined } {
  let text = normalizeText(pages.join('\n')).replace(PAGE_NUMBER_LINE, '');
  if (ocr) text = removeStrayFullStops(repairClauseMarkers(repairHeadings(dropStrayQuotes(dropSymbolRuns(text)))));
  let corrections = 0;
  if (ocr) {
    const corrected = correctOcrText(text, options.vocabulary);
    text = corrected.text;
    corrections = corrected.corrections.length;
  }
  const { preamble, body } = splitPreamble(text);
  return { text: preamble + joinHardWrappedLines(body), ocr: ocr ? { ...ocr, corrections } : undefined };
}
