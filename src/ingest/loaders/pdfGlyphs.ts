/**
 * Text rebuilt from where each glyph is drawn on the page, not from the order of the text runs.
 *
 * Some PDFs printed from Word draw a line twice: once in the base font with a gap left wherever an
 * accented letter belongs ("QU", gap, "C H", gap, "I"), then again in a second font that places each
 * accented letter ("Ố", "Ộ") into its gap by an explicit offset. pdf.js's text items only carry a
 * run's start and total width, so a detached letter had to be guessed into the nearest space, which
 * mis-placed many ("Thời gia nạt m dừng"). Here the page's operator list is replayed with the PDF text
 * state (text matrix, Td/TD/T*, TJ offsets, character and word spacing, horizontal scale, the current
 * transformation matrix): every glyph gets its own x, advance and baseline, so each letter falls where
 * it is printed, and words are separated where the printed gap is a word space.
 */
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';

type Matrix = [number, number, number, number, number, number];

/** One glyph as drawn: its text, where its advance starts and ends on the baseline, in page units. */
export interface PlacedGlyph {
  text: string;
  x: number;
  y: number;
  width: number;
  /** Font size in page units (font size × text and page scaling). */
  size: number;
}

interface GlyphLike {
  unicode?: string;
  width?: number;
  isSpace?: boolean;
}

interface TextState {
  ctm: Matrix;
  textMatrix: Matrix;
  lineX: number;
  lineY: number;
  x: number;
  y: number;
  fontSize: number;
  fontMatrixScale: number;
  fontDirection: number;
  vertical: boolean;
  charSpacing: number;
  wordSpacing: number;
  horizontalScale: number;
  leading: number;
  rise: number;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function multiply(outer: Matrix, inner: Matrix): Matrix {
  // Applies inner first, then outer: the PDF order for "cm" (new CTM = inner × CTM).
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f];
}

function apply(matrix: Matrix, x: number, y: number): [number, number] {
  const [a, b, c, d, e, f] = matrix;
  return [a * x + c * y + e, b * x + d * y + f];
}

function asMatrix(value: unknown): Matrix | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const source = value as ArrayLike<unknown>;
  const numbers = [0, 1, 2, 3, 4, 5].map((index) => source[index]);
  return numbers.every((entry): entry is number => typeof entry === 'number') ? (numbers as Matrix) : undefined;
}

function initialState(): TextState {
  return {
    ctm: IDENTITY,
    textMatrix: IDENTITY,
    lineX: 0,
    lineY: 0,
    x: 0,
    y: 0,
    fontSize: 0,
    fontMatrixScale: 0.001,
    fontDirection: 1,
    vertical: false,
    charSpacing: 0,
    wordSpacing: 0,
    horizontalScale: 1,
    leading: 0,
    rise: 0,
  };
}

/** Replays a page's text operators and returns every glyph that has a Unicode value, in page coordinates. */
export async function placedGlyphs(page: pdfjs.PDFPageProxy): Promise<PlacedGlyph[]> {
  const operators = await page.getOperatorList();
  const { OPS } = pdfjs;
  const glyphs: PlacedGlyph[] = [];
  let state = initialState();
  const saved: TextState[] = [];
  const moveText = (dx: number, dy: number): void => {
    state.lineX += dx;
    state.lineY += dy;
    state.x = state.lineX;
    state.y = state.lineY;
  };
  for (let index = 0; index < operators.fnArray.length; index++) {
    const operator = operators.fnArray[index];
    const args = (operators.argsArray[index] ?? []) as unknown[];
    switch (operator) {
      case OPS.save:
        saved.push({ ...state });
        break;
      case OPS.restore:
        state = saved.pop() ?? state;
        break;
      case OPS.transform: {
        const matrix = asMatrix(args);
        if (matrix) state.ctm = multiply(state.ctm, matrix);
        break;
      }
      case OPS.paintFormXObjectBegin: {
        saved.push({ ...state });
        const matrix = asMatrix(args[0]);
        if (matrix) state.ctm = multiply(state.ctm, matrix);
        break;
      }
      case OPS.paintFormXObjectEnd:
        state = saved.pop() ?? state;
        break;
      case OPS.beginText:
        state.textMatrix = IDENTITY;
        state.lineX = state.lineY = state.x = state.y = 0;
        break;
      case OPS.setTextMatrix: {
        const matrix = asMatrix(args[0]) ?? asMatrix(args);
        if (matrix) state.textMatrix = matrix;
        state.lineX = state.lineY = state.x = state.y = 0;
        break;
      }
      case OPS.moveText:
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case OPS.setLeadingMoveText:
        state.leading = -(Number(args[1]) || 0);
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case OPS.nextLine:
        moveText(0, state.leading);
        break;
      case OPS.setLeading:
        state.leading = Number(args[0]) || 0;
        break;
      case OPS.setCharSpacing:
        state.charSpacing = Number(args[0]) || 0;
        break;
      case OPS.setWordSpacing:
        state.wordSpacing = Number(args[0]) || 0;
        break;
      case OPS.setHScale:
        state.horizontalScale = (Number(args[0]) || 100) / 100;
        break;
      case OPS.setTextRise:
        state.rise = Number(args[0]) || 0;
        break;
      case OPS.setFont: {
        const size = Number(args[1]) || 0;
        state.fontDirection = size < 0 ? -1 : 1;
        state.fontSize = Math.abs(size);
        const font: unknown = typeof args[0] === 'string' && page.commonObjs.has(args[0]) ? page.commonObjs.get(args[0]) : undefined;
        const fontMatrix = font && typeof font === 'object' && 'fontMatrix' in font ? asMatrix(font.fontMatrix) : undefined;
        state.fontMatrixScale = fontMatrix?.[0] ?? 0.001;
        state.vertical = Boolean(font && typeof font === 'object' && 'vertical' in font && font.vertical);
        break;
      }
      case OPS.showText:
        if (Array.isArray(args[0])) showText(state, args[0] as Array<GlyphLike | number>, glyphs);
        break;
      default:
        break;
    }
  }
  return glyphs;
}

function showText(state: TextState, items: Array<GlyphLike | number>, out: PlacedGlyph[]): void {
  const { fontSize, charSpacing, wordSpacing, fontDirection, horizontalScale } = state;
  const advanceScale = fontSize * state.fontMatrixScale;
  const toPage = multiply(state.ctm, state.textMatrix);
  const pageScale = Math.hypot(toPage[0], toPage[1]);
  let advance = 0;
  for (const item of items) {
    if (typeof item === 'number') {
      advance -= (item * fontSize) / 1000;
      continue;
    }
    const width = (item.width ?? 0) * advanceScale;
    const spacing = ((item.isSpace ? wordSpacing : 0) + charSpacing) * fontDirection;
    if (!state.vertical && item.unicode) {
      const [startX, startY] = apply(toPage, state.x + advance * horizontalScale * fontDirection, state.y + state.rise);
      const [endX] = apply(toPage, state.x + (advance + width) * horizontalScale * fontDirection, state.y + state.rise);
      out.push({ text: item.unicode, x: Math.min(startX, endX), y: startY, width: Math.abs(endX - startX), size: fontSize * pageScale });
    }
    advance += width + spacing;
  }
  if (state.vertical) state.y -= advance;
  else state.x += advance * horizontalScale * fontDirection;
}

const COMBINING_MARK = /^\p{M}+$/u;

/**
 * Lines of text from placed glyphs, top of the page first. Each line's glyphs are read left to right
 * by where they are drawn; a combining mark joins the letter it is drawn over; a space is written
 * where the printed gap between two glyphs is a word space (or the PDF drew one that no letter covers).
 */
export function linesFromGlyphs(glyphs: readonly PlacedGlyph[]): string[] {
  const rows: PlacedGlyph[][] = [];
  const sorted = [...glyphs].filter((glyph) => glyph.size > 0).sort((p, q) => q.y - p.y || p.x - q.x);
  for (const glyph of sorted) {
    const row = rows.at(-1);
    const anchor = row?.[0];
    if (row && anchor && Math.abs(anchor.y - glyph.y) <= Math.max(anchor.size, glyph.size) * 0.4) row.push(glyph);
    else rows.push([glyph]);
  }
  return rows.map(assembleLine).filter((line) => line !== '');
}

function assembleLine(row: PlacedGlyph[]): string {
  const letters = row.filter((glyph) => glyph.text.trim() !== '' && !COMBINING_MARK.test(glyph.text));
  const marks = row.filter((glyph) => COMBINING_MARK.test(glyph.text));
  const spaces = row.filter((glyph) => glyph.text.trim() === '' && glyph.width > 0);
  letters.sort((p, q) => p.x - q.x);
  // A glyph drawn twice at (almost) the same place (fake bold) is read once.
  const unique = letters.filter((glyph, index) => {
    const before = letters[index - 1];
    return !(before && before.text === glyph.text && Math.abs(before.x - glyph.x) < glyph.size * 0.1);
  });
  const texts = unique.map((glyph) => glyph.text);
  for (const mark of marks) {
    const centre = mark.x + mark.width / 2;
    let host = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    unique.forEach((glyph, index) => {
      const distance = centre < glyph.x ? glyph.x - centre : centre > glyph.x + glyph.width ? centre - glyph.x - glyph.width : 0;
      if (distance < bestDistance || (distance === 0 && bestDistance === 0)) {
        host = index;
        bestDistance = distance;
      }
    });
    if (host >= 0) texts[host] = `${texts[host] ?? ''}${mark.text}`;
  }
  let line = '';
  unique.forEach((glyph, index) => {
    const before = unique[index - 1];
    if (before) {
      const gapStart = before.x + before.width;
      const gap = glyph.x - gapStart;
      const drawnSpace = spaces.some((space) => space.x + space.width > gapStart + 0.01 && space.x < glyph.x - 0.01);
      if (gap > Math.min(before.size, glyph.size) * 0.15 || (drawnSpace && gap > -0.01)) line += ' ';
    }
    line += texts[index] ?? '';
  });
  return line.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
