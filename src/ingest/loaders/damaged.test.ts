/** Damaged, hostile and legacy-encoded files, each built in the test: refused with the reason, or repaired. */
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../errors.js';
import { encodeLegacy } from '../../text/legacyEncoding.js';
import { docxOf, lawText, randomBytes, textPdf, zipBombDocx } from '../fixtures/files.js';
import { loadFile } from './index.js';

const LAW = lawText('5/2030/QH16', [
  'Điều 1. Phạm vi điều chỉnh',
  'Luật này quy định về thanh tra chuyên ngành thông tin và truyền thông, xử phạt vi phạm hành chính.',
  'Điều 2. Đối tượng áp dụng',
  'Cơ quan, tổ chức, cá nhân có liên quan đến hoạt động thanh tra.',
]);

async function failure(bytes: Buffer, name: string): Promise<LoadError> {
  const error = await loadFile(bytes, name).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, `${name} should be refused`).toBeInstanceOf(LoadError);
  const loadError = error as LoadError;
  expect(loadError.file).toBe(name);
  expect(loadError.message).toMatch(/[àáảãạăâđêôơư]/u);
  return loadError;
}

const PDF_LINES = Array.from({ length: 12 }, (_, i) => `Dieu ${i + 1}. Pham vi dieu chinh cua van ban thu nghiem so ${i + 1}`);

describe('damaged and hostile files', () => {
  it('the test DOCX and PDF builders make files the loaders read (so the refusals below are about the damage)', async () => {
    const [docx] = await loadFile(docxOf(LAW.split('\n')), 'tot.docx');
    expect(docx?.text).toContain('Điều 2. Đối tượng áp dụng');
    const [pdf] = await loadFile(textPdf(PDF_LINES), 'tot.pdf');
    expect(pdf?.text).toContain('Dieu 12. Pham vi dieu chinh');
  });

  it('random bytes named .docx and .pdf', async () => {
    expect((await failure(randomBytes(4096), 'ngau-nhien.docx')).code).toBe('DOCX_CORRUPT');
    expect((await failure(randomBytes(4096), 'ngau-nhien.pdf')).code).toBe('PDF_CORRUPT');
  });

  it('a PDF cut short (a download that did not finish)', async () => {
    const whole = textPdf(PDF_LINES);
    const cut = await failure(whole.subarray(0, Math.floor(whole.length * 0.6)), 'cat-cut.pdf');
    expect(cut.code).toBe('PDF_CORRUPT');
    expect(cut.message).toMatch(/cắt cụt/u);
  });

  it('a DOCX cut short', async () => {
    const whole = docxOf(LAW.split('\n'));
    const cut = await failure(whole.subarray(0, Math.floor(whole.length * 0.7)), 'cat-cut.docx');
    expect(cut.code).toBe('DOCX_CORRUPT');
  });

  it('a zip-bomb DOCX that declares its 300 MB is refused on the declared size, naming the part', async () => {
    const bomb = zipBombDocx(300, true);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const refused = await failure(bomb, 'bom-nen.docx');
    expect(refused.code).toBe('ARCHIVE_TOO_LARGE');
    expect(refused.message).toContain('word/document.xml');
  });

  it('a zip-bomb DOCX that lies about its size is refused when inflating passes the limit, before mammoth reads it', async () => {
    const before = process.memoryUsage().rss;
    const refused = await failure(zipBombDocx(300, false), 'bom-nen-gia.docx');
    expect(refused.code).toBe('ARCHIVE_TOO_LARGE');
    expect(refused.message).toMatch(/khai báo 2 KB nhưng giải nén ra hơn 100 MB/u);
    // Inflating stopped at the 100 MB limit: far from the 300 MB the part really holds.
    expect(process.memoryUsage().rss - before).toBeLessThan(250 * 1024 * 1024);
  });

  it('an empty file', async () => {
    expect((await failure(Buffer.alloc(0), 'rong.txt')).code).toBe('FILE_EMPTY');
  });
});

describe('encodings', () => {
  it('TCVN3 (ABC) text is converted to Unicode, with a notice', async () => {
    const [document] = await loadFile(encodeLegacy(LAW, 'tcvn3'), 'abc.txt');
    expect(document?.text).toContain('Điều 1. Phạm vi điều chỉnh');
    expect(document?.text).toContain('QUỐC HỘI');
    expect(document?.notices).toEqual(['đã chuyển bảng mã TCVN3 (ABC) sang Unicode']);
  });

  it('VNI text is converted to Unicode', async () => {
    const [document] = await loadFile(encodeLegacy(LAW, 'vni'), 'vni.md');
    expect(document?.text).toContain('Cơ quan, tổ chức, cá nhân có liên quan đến hoạt động thanh tra.');
    expect(document?.notices).toEqual(['đã chuyển bảng mã VNI sang Unicode']);
  });

  it('a VNI file saved as UTF-8 is converted instead of yielding nothing', async () => {
    const savedAsUtf8 = Buffer.from(encodeLegacy(LAW, 'vni').toString('latin1'), 'utf8');
    const [document] = await loadFile(savedAsUtf8, 'vni-utf8.txt');
    expect(document?.text).toContain('Điều 2. Đối tượng áp dụng');
  });

  it('UTF-16 LE and BE, with a BOM and without', async () => {
    const le = Buffer.from(LAW, 'utf16le');
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [
      ['le-bom.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
      ['be-bom.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['le.txt', le],
      ['be.md', be],
    ] as const) {
      const [document] = await loadFile(bytes, name);
      expect(document?.text, name).toContain('Điều 1. Phạm vi điều chỉnh');
      expect(document?.notices, name).toBeUndefined();
    }
  });
});
