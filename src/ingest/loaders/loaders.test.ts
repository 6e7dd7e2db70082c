import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VAN_BAN, PHAP_DIEN } from '../../../test/paths.js';
import { LoadError } from '../../errors.js';
import { blankPdf } from '../fixtures/files.js';
import { loadFile } from './index.js';

async function load(file: string) {
  return loadFile(fs.readFileSync(file), file);
}

describe('loaders on the real corpus', () => {
  it('PDF: rebuilds detached Vietnamese glyphs into words', async () => {
    const [document] = await load(path.join(VAN_BAN, 'luat-thanh-tra-84-2025-qh15.pdf'));
    expect(document?.format).toBe('pdf');
    expect(document?.text).toContain('QUỐC HỘI');
    expect(document?.text).toContain('Luật số: 84/2025/QH15');
    expect(document?.text).toMatch(/^Điều 1\. Phạm vi điều chỉnh$/mu);
    expect(document?.text).not.toMatch(/-- \d+ of \d+ --/u);
    expect(document?.text).toMatch(/^Điều 21\. Trình tự, thủ tục tiến hành một cuộc thanh tra$/mu);
  });

  it('DOCX: one line per paragraph, NFC text', async () => {
    const [document] = await load(path.join(VAN_BAN, 'nghi-dinh-217-2025-nd-cp-kiem-tra-chuyen-nganh.docx'));
    expect(document?.format).toBe('docx');
    expect(document?.text).toMatch(/^Điều 19\./mu);
    expect(document?.text).toBe(document?.text.normalize('NFC'));
  });

  it('Markdown OCR: joins wrapped lines without gluing a new Khoản or Điểm to the one before', async () => {
    const [document] = await load(path.join(VAN_BAN, 'nghi-dinh-174-2026-nd-cp-xu-phat-vphc-buu-chinh-vien-thong-cntt.md'));
    const text = document?.text ?? '';
    expect(text).not.toContain('### ');
    // "mức xử phạt, biện pháp khắc phục hậu quả, thẩm quyền lập biên bản và thẩm\nquyền xử phạt" is one paragraph again.
    expect(text).toContain('thẩm quyền lập biên bản và thẩm quyền xử phạt vi phạm hành chính trong các lĩnh vực sau đây:');
    expect(text).toMatch(/^a\) Bưu chính;$/mu);
    expect(text).toMatch(/^đ\) Công nghệ thông tin và mật mã dân sự/mu);
    expect(text).toMatch(/^2\. Hành vi vi phạm hành chính trong lĩnh vực quản lý nhà nước khác liên quan đến các lĩnh vực quy định tại khoản 1 Điều này/mu);
  });

  it('Pháp điển: codification remarks are removed, the source notes kept', async () => {
    const [document] = await load(path.join(PHAP_DIEN, 'khieu-nai.md'));
    expect(document?.codified).toBe(true);
    expect(document?.text).toContain('(Điều 1 Luật số 02/2011/QH13');
    expect(document?.text).not.toMatch(/\((?:Điều|Chương) này có nội dung liên quan đến/u);
    // A remark that ran straight into the next heading leaves that heading on a line of its own.
    expect(document?.text).toMatch(/^Điều 18\.1\.LQ\.8\. Hình thức khiếu nại$/mu);
  });

  it('plain text keeps its paragraphs', async () => {
    const [document] = await load(path.join(VAN_BAN, 'luat-thanh-tra-11-2022-qh15.txt'));
    expect(document?.text).toMatch(/^Điều 118\. Quy định chuyển tiếp$/mu);
  });

  it('HTML: block elements become lines, scripts are dropped', async () => {
    const html = Buffer.from(
      '<html><head><script>var x = 1;</script></head><body><p>QUỐC HỘI</p><p>Luật số: 99/2030/QH16</p><h3>Điều 1. Phạm vi điều chỉnh</h3><p>Luật này quy định về thử nghiệm.</p></body></html>',
    );
    const [document] = await loadFile(html, 'thu.html');
    expect(document?.text).toMatch(/^Điều 1\. Phạm vi điều chỉnh$/mu);
    expect(document?.text).not.toContain('var x');
  });

  it('ALQAC JSON: each law a document, each article a Điều', async () => {
    const json = Buffer.from(JSON.stringify([{ id: 'Luật Thử', articles: [{ id: '7', text: 'Tiêu đề thử\n\n1. Khoản một.\n\n2. Khoản hai.' }] }]));
    const documents = await loadFile(json, 'law.json');
    expect(documents).toHaveLength(1);
    expect(documents[0]?.preset?.number).toBe('Luật Thử');
    expect(documents[0]?.text).toBe('Điều 7. Tiêu đề thử\n1. Khoản một.\n2. Khoản hai.');
  });

  it('ALQAC JSON: long titles are titles, a first line the source merely wrapped is not', async () => {
    const longTitle = `Phòng ngừa, xử lý thông tin trên không gian mạng có nội dung tuyên truyền chống Nhà nước${', kích động gây bạo loạn'.repeat(8)}`;
    const articles = [
      { id: '1', text: `${longTitle}\n\n1. Thông tin có nội dung tuyên truyền.` },
      { id: '2', text: 'Việc nuôi con nuôi nhằm xác lập\r\nquan hệ cha, mẹ và con lâu dài, bền vững. ' },
      { id: '3', text: 'Người thừa kế có quyền\nnhận di sản theo di chúc hoặc theo pháp luật.' },
      { id: '4', text: 'Phạm vi điều chỉnh\nLuật này quy định về nuôi ong.' },
    ];
    const [document] = await loadFile(Buffer.from(JSON.stringify([{ id: 'Luật Thử', articles }])), 'law.json');
    const headings = (document?.text ?? '').split('\n').filter((line) => line.startsWith('Điều '));
    expect(longTitle.length).toBeGreaterThan(200);
    expect(headings).toEqual([`Điều 1. ${longTitle}`, 'Điều 2.', 'Điều 3.', 'Điều 4. Phạm vi điều chỉnh']);
  });

  it('a PDF without a text layer goes to OCR; a blank page is then refused as empty', async () => {
    const failure = await loadFile(blankPdf(), 'ban-quet.pdf').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoadError);
    expect((failure as LoadError).code).toBe('FILE_EMPTY');
    expect((failure as LoadError).message).toMatch(/nhận dạng ký tự \(OCR\)/u);
  });

  it.each([
    ['hong.pdf', Buffer.from('%PDF-1.4\nthis is not really a pdf'), 'PDF_CORRUPT'],
    ['khong-phai.pdf', Buffer.from('hello'), 'PDF_CORRUPT'],
    ['rong.md', Buffer.alloc(0), 'FILE_EMPTY'],
    ['trang.txt', Buffer.from('   \n\n  '), 'FILE_EMPTY'],
    ['bang.xlsx', Buffer.from('PK...'), 'FORMAT_UNKNOWN'],
    ['latin.txt', Buffer.from([0x43, 0xe1, 0xbb, 0xff, 0xfe, 0x20, 0x80]), 'ENCODING_UNKNOWN'],
  ])('refuses %s with %s and a Vietnamese reason', async (name, bytes, code) => {
    const failure = await loadFile(bytes, name).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LoadError);
    expect((failure as LoadError).code).toBe(code);
    expect((failure as LoadError).file).toBe(name);
    expect((failure as LoadError).message).toMatch(/[àáảãạăâđêôơư]/u);
  });
});
