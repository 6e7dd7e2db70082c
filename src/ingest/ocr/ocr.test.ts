import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../errors.js';
import { parseStructure } from '../../legal/structure.js';
import { loadFile } from '../loaders/index.js';
import { estimateSkew } from './deskew.js';
import { imageOnlyPdf } from './imagePdf.js';
import { parseTesseractTsv } from './tesseract.js';
import { createTesseractEngine } from './tesseract.js';
import type { LoadProgress } from './types.js';

const LINES = [
  'NGHỊ ĐỊNH',
  'Quy định về kiểm tra chuyên ngành',
  'Điều 1. Phạm vi điều chỉnh',
  'Nghị định này quy định về kiểm tra chuyên ngành trong lĩnh vực',
  'thông tin và truyền thông.',
  'Điều 2. Đối tượng áp dụng',
  '1. Cơ quan nhà nước có thẩm quyền kiểm tra chuyên ngành.',
  '2. Tổ chức, cá nhân có liên quan đến hoạt động kiểm tra.',
  'Điều 3. Nguyên tắc kiểm tra',
  '1. Tuân theo pháp luật, bảo đảm chính xác, khách quan.',
  '2. Không trùng lặp về phạm vi, thời gian kiểm tra.',
];
const SKEW = 1.2;

/** A page of Vietnamese legal text as a scanner would see it: 200 dpi, turned by 1.2°. */
async function scannedPage(): Promise<Buffer> {
  const markup = `<span foreground="black">${LINES.join('\n')}</span>`;
  return sharp({ text: { text: markup, font: 'DejaVu Serif 11', dpi: 200, rgba: true, spacing: 12 } })
    .flatten({ background: '#ffffff' })
    .extend({ top: 80, bottom: 80, left: 80, right: 80, background: '#ffffff' })
    .rotate(SKEW, { background: '#ffffff' })
    .png()
    .toBuffer();
}

const page = await scannedPage();

describe('OCR of scans', () => {
  it('finds the skew of a turned page', async () => {
    const { data, info } = await sharp(page).greyscale().toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    expect(estimateSkew({ pixels: data, width: info.width, height: info.height })).toBeCloseTo(SKEW, 0.7);
  });

  it('reads a scanned PNG into articles and clauses, keeping its confidence', async () => {
    const progress: LoadProgress[] = [];
    const [document] = await loadFile(page, 'ban-quet.png', { onProgress: (event) => progress.push(event) });
    expect(document?.format).toBe('image');
    expect(document?.text).toMatch(/^Điều 2\. Đối tượng áp dụng$/mu);
    expect(document?.text).toContain('Nghị định này quy định về kiểm tra chuyên ngành trong lĩnh vực thông tin và truyền thông.');
    const structure = parseStructure(document?.text ?? '');
    expect(structure.articles.map((article) => article.number)).toEqual(['1', '2', '3']);
    expect(structure.articles[1]?.clauses).toHaveLength(2);
    expect(document?.ocr?.engine).toMatch(/^tesseract \d/u);
    expect(document?.ocr?.pages).toBe(1);
    expect(document?.ocr?.meanConfidence).toBeGreaterThan(80);
    expect(document?.ocr?.pageConfidences).toHaveLength(1);
    expect(progress).toEqual([{ stage: 'ocr', page: 1, pages: 1 }]);
  });

  it('sends a PDF without a text layer to OCR instead of refusing it', async () => {
    const pdf = await imageOnlyPdf([{ image: page, dpi: 200 }, { image: page, dpi: 200 }]);
    const [document] = await loadFile(pdf, 'ban-quet.pdf', { lowConfidenceBelow: 101 });
    expect(document?.format).toBe('pdf');
    expect(document?.ocr?.pages).toBe(2);
    // Every page is below a threshold of 101, so every page is listed for review.
    expect(document?.ocr?.lowConfidencePages).toEqual([1, 2]);
    expect(document?.text.match(/^Điều 3\. Nguyên tắc kiểm tra$/gmu)).toHaveLength(2);
  });

  it('names the packages to install when Tesseract is missing', async () => {
    const engine = createTesseractEngine({ binary: 'tesseract-khong-co-tren-may' });
    const failure = await loadFile(page, 'ban-quet.png', { engine }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoadError);
    expect((failure as LoadError).code).toBe('OCR_UNAVAILABLE');
    expect((failure as LoadError).message).toContain('tesseract-ocr-vie');
  });

  it('refuses a broken image with a reason', async () => {
    const failure = await loadFile(Buffer.from('not a png at all'), 'hong.png').catch((error: unknown) => error);
    expect((failure as LoadError).code).toBe('FILE_UNREADABLE');
  });

  it('parses Tesseract TSV into lines of words', () => {
    const tsv = [
      'level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext',
      '4\t1\t1\t1\t1\t0\t10\t10\t200\t30\t-1\t',
      '5\t1\t1\t1\t1\t1\t10\t10\t60\t30\t96.5\tĐiều',
      '5\t1\t1\t1\t1\t2\t80\t10\t20\t30\t91\t1.',
      '5\t1\t1\t1\t2\t1\t10\t50\t60\t30\t88\tPhạm',
    ].join('\n');
    const lines = parseTesseractTsv(tsv);
    expect(lines.map((line) => line.words.map((word) => word.text).join(' '))).toEqual(['Điều 1.', 'Phạm']);
    expect(lines[0]?.words[0]?.confidence).toBe(96.5);
  });
});
