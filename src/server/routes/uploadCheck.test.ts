import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.js';
import { docxOf, randomBytes, textPdf, zipArchive } from '../../ingest/fixtures/files.js';
import { encodeLegacy } from '../../text/legacyEncoding.js';
import { detectKind, storedName } from './uploadCheck.js';

const LAW = 'Điều 1. Phạm vi điều chỉnh\nThông tư này quy định việc kiểm tra trạm phát sóng của doanh nghiệp viễn thông.\n';

async function image(format: 'png' | 'jpeg' | 'tiff' | 'webp'): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 8, channels: 3, background: '#ffffff' } })
    .toFormat(format)
    .toBuffer();
}

function refusalOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
  }
  throw new Error('no refusal');
}

describe('the type of an upload, from its bytes', () => {
  it.each(['png', 'jpeg', 'tiff', 'webp'] as const)('knows a %s scan by its signature', async (format) => {
    expect(detectKind(await image(format))).toEqual({ kind: format });
  });

  it('knows a PDF, a DOCX, HTML and text in UTF-8, UTF-16 and TCVN3', () => {
    expect(detectKind(textPdf(['Dieu 1. Pham vi']))).toEqual({ kind: 'pdf' });
    expect(detectKind(docxOf(['Điều 1. Phạm vi điều chỉnh']))).toEqual({ kind: 'docx' });
    expect(detectKind(Buffer.from(`<!DOCTYPE html><html><body><p>${LAW}</p></body></html>`))).toEqual({ kind: 'html' });
    expect(detectKind(Buffer.from(`# Thông tư\n\n${LAW}`))).toEqual({ kind: 'text' });
    expect(detectKind(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(LAW, 'utf16le')]))).toEqual({ kind: 'text' });
    expect(detectKind(encodeLegacy(LAW.repeat(3), 'tcvn3'))).toEqual({ kind: 'text' });
  });

  it('says in Vietnamese why a file has no usable type', () => {
    expect(detectKind(randomBytes(4096))).toEqual({ reason: expect.stringContaining('nội dung không phải PDF, DOCX, ảnh quét') });
    expect(detectKind(zipArchive([{ name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') }]))).toEqual({ reason: expect.stringContaining('không phải văn bản Word DOCX') });
    expect(detectKind(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toEqual({ reason: expect.stringContaining('Word cũ (.doc)') });
    expect(detectKind(Buffer.from('{\\rtf1\\ansi Dieu 1}'))).toEqual({ reason: expect.stringContaining('RTF') });
    expect(detectKind(Buffer.alloc(0))).toEqual({ reason: 'tệp rỗng' });
    // Text with NULs and control characters all through it is a binary file, whatever decodes.
    expect(detectKind(Buffer.from('ab\u0000\u0001cd\u0002'.repeat(200)))).toMatchObject({ reason: expect.any(String) });
  });
});

describe('the name an upload is stored under', () => {
  it('keeps a plain name, adds the extension of the content when there is none', () => {
    expect(storedName('Thông tư 08-2026.md', 'text')).toBe('Thông tư 08-2026.md');
    expect(storedName('QUYET DINH.PDF', 'pdf')).toBe('QUYET DINH.pdf');
    expect(storedName('ban quet', 'png')).toBe('ban quet.png');
    expect(storedName('scan.JPEG', 'jpeg')).toBe('scan.jpeg');
  });

  it('never yields a path, a parent folder, a hidden file or a name the ingest passes over', () => {
    expect(storedName('../../etc/passwd.txt', 'text')).toBe('passwd.txt');
    expect(storedName('..\\..\\windows\\win.ini.txt', 'text')).toBe('win.ini.txt');
    expect(storedName('..', 'text')).toBe('van-ban.md');
    expect(storedName('.bashrc', 'text')).toBe('bashrc.md');
    expect(storedName('a\u0000b<>|:*?"c.txt', 'text')).toBe('a-b-c.txt');
    expect(storedName('README.md', 'text')).toBe('van-ban-README.md');
    expect([...storedName(`${'dài'.repeat(200)}.txt`, 'text')].length).toBe(104);
    for (const hostile of ['/', '../', '..\\..', '....//', '%2e%2e%2f']) {
      const name = storedName(hostile, 'text');
      expect(name).not.toMatch(/[/\\]|^\./u);
    }
  });

  it('refuses a name whose extension does not fit the content', () => {
    const mismatch = refusalOf(() => storedName('nghi-dinh.pdf', 'text'));
    expect(mismatch.code).toBe('UPLOAD_TYPE_MISMATCH');
    expect(mismatch.status).toBe(415);
    expect(mismatch.message).toBe('Nội dung tệp không khớp với đuôi tên tệp: tên tệp có đuôi ".pdf" nhưng nội dung là văn bản thuần (Markdown hoặc TXT) (đuôi phù hợp: .md, .markdown, .txt)');
    expect(refusalOf(() => storedName('anh.png', 'jpeg')).code).toBe('UPLOAD_TYPE_MISMATCH');
    expect(refusalOf(() => storedName('chay.exe', 'pdf')).code).toBe('UPLOAD_TYPE_MISMATCH');
  });
});
