import fs from 'node:fs';
import path from 'node:path';
import { unitLabel } from './units.js';
import { describe, expect, it } from 'vitest';
import { VAN_BAN } from '../../test/paths.js';
import { buildDocuments } from '../ingest/build.js';
import { loadFile } from '../ingest/loaders/index.js';
import { parseStructure } from './structure.js';

async function build(file: string) {
  const [loaded] = await loadFile(fs.readFileSync(path.join(VAN_BAN, file)), file);
  if (!loaded) throw new Error('not loaded');
  return { loaded, ...buildDocuments(loaded) };
}

describe('structure on the real texts', () => {
  it.each([
    ['nghi-dinh-174-2026-nd-cp-xu-phat-vphc-buu-chinh-vien-thong-cntt.md', 117],
    ['luat-thanh-tra-84-2025-qh15.pdf', 64],
    ['nghi-dinh-217-2025-nd-cp-kiem-tra-chuyen-nganh.docx', 19],
    ['luat-thanh-tra-11-2022-qh15.txt', 118],
  ])('%s has %i Điều', async (file, count) => {
    const { documents } = await build(file);
    expect(documents[0]?.articleCount).toBe(count);
  });

  it('keeps Điều numbers in order with no gaps in 174/2026/NĐ-CP', async () => {
    const { loaded } = await build('nghi-dinh-174-2026-nd-cp-xu-phat-vphc-buu-chinh-vien-thong-cntt.md');
    const numbers = parseStructure(loaded.text).articles.map((a) => Number(a.number));
    expect(numbers).toEqual(Array.from({ length: 117 }, (_, i) => i + 1));
  });

  it('a wrapped line that starts with "Chương II; Điều 53 ..." is not a chapter heading', async () => {
    const { units } = await build('nghi-dinh-174-2026-nd-cp-xu-phat-vphc-buu-chinh-vien-thong-cntt.md');
    const chapters = [...new Set(units.map((u) => u.chapter?.number))];
    expect(chapters).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII']);
  });

  it('reads Khoản and Điểm, including the point đ', async () => {
    const { units } = await build('nghi-dinh-174-2026-nd-cp-xu-phat-vphc-buu-chinh-vien-thong-cntt.md');
    const clause = units.find((u) => u.id === '174/2026/NĐ-CP|1|1');
    expect(clause?.points.map((p) => p.letter)).toEqual(['a', 'b', 'c', 'd', 'đ']);
    const pointD = clause?.points[4];
    expect(clause?.text.slice(pointD?.start, pointD?.end)).toBe('đ) Công nghệ thông tin và mật mã dân sự (thuộc lĩnh vực an ninh mạng).');
    expect(clause?.articleTitle).toBe('Phạm vi điều chỉnh');
    expect(clause?.chapter?.number).toBe('I');
  });

  it('joins an OCR heading whose title wrapped past a blank line', async () => {
    const { units } = await build('nghi-dinh-174-2026-nd-cp-xu-phat-vphc-buu-chinh-vien-thong-cntt.md');
    expect(units.find((u) => u.ref.article === '11')?.articleTitle).toBe('Vi phạm các quy định về vật phẩm, hàng hóa không được gửi, chấp nhận, vận chuyển qua mạng bưu chính');
    expect(units.find((u) => u.ref.article === '34')?.articleTitle).toBe('Vi phạm các quy định về giao kết hợp đồng theo mẫu, điều kiện giao dịch chung, lưu giữ và sử dụng thông tin thuê bao');
  });

  it('a cross-reference inside a sentence is text, never a heading', () => {
    const text = 'Điều 1. Phạm vi\n1. Áp dụng theo quy định tại khoản 2\nĐiều 5 Nghị định này thì xử phạt.\n2. Khoản hai.\nĐiều 2. Đối tượng\nNội dung.';
    const structure = parseStructure(text);
    expect(structure.articles.map((a) => a.number)).toEqual(['1', '2']);
    expect(structure.articles[0]?.clauses.map((c) => c.number)).toEqual(['1', '2']);
  });

  it('unit offsets point at the unit text in the source', async () => {
    const { loaded, units } = await build('luat-thanh-tra-11-2022-qh15.txt');
    for (const unit of units.slice(0, 50)) expect(loaded.text.slice(unit.source.start, unit.source.end)).toBe(unit.text);
  });

  it('articles quoted by an amending decree belong to the amending article', async () => {
    const { documents, units } = await build('nghi-dinh-155-2026-nd-cp-sua-doi-nd-124-2020-khieu-nai.md');
    const numbers = units.filter((u) => u.kind !== 'appendix').map((u) => Number(u.ref.article));
    expect(Math.max(...numbers)).toBe(documents[0]?.articleCount);
    const first = units.find((u) => u.ref.article === '1');
    expect(first?.articleTitle).toBe('Sửa đổi, bổ sung Điều 1');
    expect(first?.text).toContain('Điều 1. Phạm vi điều chỉnh');
    const twelve = units.filter((u) => u.ref.article === '12').map((u) => u.text).join('\n');
    expect(twelve).toContain('Điều 28a. Sự kiện bất khả kháng');
    const { units: units156 } = await build('nghi-dinh-156-2026-nd-cp-sua-doi-nd-31-2019-to-cao.md');
    expect(units156.find((u) => u.ref.article === '1')?.text ?? units156.filter((u) => u.ref.article === '1').map((u) => u.text).join('')).toContain('người tố cáo rút tố cáo');
    expect(units156.some((u) => u.ref.article === '4' && u.articleTitle === 'Rút tố cáo')).toBe(false);
  });

  it('flags the broken numbering of the OCR of 237/2026/NĐ-CP and trusts the sound texts', async () => {
    const broken = await build('nghi-dinh-237-2026-nd-cp-huong-dan-luat-bao-chi.md');
    expect(broken.documents[0]?.warnings.join(' ')).toMatch(/Đánh số điều không liên tục/u);
    for (const file of ['nghi-dinh-174-2026-nd-cp-xu-phat-vphc-buu-chinh-vien-thong-cntt.md', 'nghi-dinh-154-2026-nd-cp-tiep-cong-dan.md', 'nghi-dinh-155-2026-nd-cp-sua-doi-nd-124-2020-khieu-nai.md']) {
      const sound = await build(file);
      expect(sound.documents[0]?.warnings).toEqual([]);
    }
  });

  it('Phụ lục after the articles becomes appendix units', async () => {
    const { units } = await build('nghi-dinh-61-2026-nd-cp-thiet-bi-phat-hien-vphc.md');
    const appendices = units.filter((u) => u.kind === 'appendix');
    expect(appendices.length).toBeGreaterThanOrEqual(5);
    expect(appendices[0]?.articleTitle).toMatch(/^Phụ lục I\. Danh mục phương tiện, thiết bị kỹ thuật nghiệp vụ/u);
    expect(appendices.map((u) => u.ref.appendix)).toEqual(['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI']);
    expect(appendices[10] && unitLabel(appendices[10])).toBe('Phụ lục XI Nghị định số 61/2026/NĐ-CP');
  });
});
