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

interface PositionedItem {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

async function textFromPositions(bytes: Buffer): Promise<string> {
  const document = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  try {
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      const items: PositionedItem[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str.trim() === '') continue;
        const [a = 0, , , , x = 0, y = 0] = item.transform as number[];
        items.push({ text: item.str, x, y, width: item.width, size: Math.abs(a) || 10 });
      }
      pages.push(linesFromItems(items).join('\n'));
    }
  } finally {
    await document.destroy();
  }
  return pages.join('\n');
}

function linesFromItems(items: PositionedItem[]): string[] {
  const rows: PositionedItem[][] = [];
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  for (const item of sorted) {
    const row = rows.at(-1);
    const anchor = row?.[0];
    if (row && anchor && Math.abs(anchor.y - item.y) <= anchor.size * 0.4) row.push(item);
    else rows.push([item]);
  }
  return rows.map((row) => assembleRow(placeDetachedGlyphs(row)));
}

/**
 * A detached accented letter that falls inside another run's span goes into that run's gap:
 * the space whose estimated position is nearest to the letter.
 */
function placeDetachedGlyphs(row: PositionedItem[]): PositionedItem[] {
  const runs = row.filter((item) => item.text.length > 1);
  const kept: PositionedItem[] = [];
  const filled = new Map<PositionedItem, string[]>();
  for (const item of row) {
    if (item.text.length !== 1 || !/\p{L}/u.test(item.text)) {
      kept.push(item);
      continue;
    }
    const host = runs.find((run) => item.x >= run.x - 0.5 && item.x < run.x + run.width - item.size * 0.3);
    if (!host) {
      kept.push(item);
      continue;
    }
    const chars = filled.get(host) ?? [...host.text];
    filled.set(host, chars);
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    chars.forEach((char, index) => {
      if (char !== ' ') return;
      const distance = Math.abs(host.x + (host.width * index) / chars.length - item.x);
      if (distance < bestDistance) {
        best = index;
        bestDistance = distance;
      }
    });
    if (best >= 0) {
      const next = chars[best + 1];
      // The gap may have held the letter and a word space: a letter that cannot continue a
      // Vietnamese syllable after a vowel (no final q, x, đ, s ...) starts the next word.
      chars[best] = next !== undefined && /[bdđklqrsvx]/iu.test(next) ? `${item.text} ` : item.text;
    } else kept.push(item);
  }
  return kept.map((item) => {
    const chars = filled.get(item);
    return chars ? { ...item, text: chars.join('') } : item;
  });
}

function assembleRow(row: PositionedItem[]): string {
  row.sort((p, q) => p.x - q.x);
  let line = '';
  let cursor: number | undefined;
  for (const item of row) {
    if (cursor !== undefined && item.x - cursor > item.size * 0.15 && !line.endsWith(' ') && !item.text.startsWith(' ')) line += ' ';
    line += item.text;
    cursor = Math.max(cursor ?? 0, item.x + item.width);
  }
  return line.replace(/\s+/gu, ' ').trim();
}
