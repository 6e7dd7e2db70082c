/**
 * Every kind of bad file, each in its own folder beside a good law: reported by name with a
 * Vietnamese reason and skipped (or repaired, for legacy encodings), while the good law is indexed.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { docxOf, lawText, randomBytes, textPdf, zipBombDocx } from '../ingest/fixtures/files.js';
import { encodeLegacy } from '../text/legacyEncoding.js';
import type { IngestLimits, IngestSummary } from './indexing.js';
import type { KnowledgeBase } from './knowledgeBase.js';
import { ingestInto, temporaryFolder, writeLaw } from './fixtures/tinyCorpus.js';

const work = temporaryFolder('kb-bad-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const GOOD = '1/2030/QH16';
const VIETNAMESE = /[àáảãạăâđêôơưếềệộớờợứừựíìịóòọúùụ]/iu;

interface Run {
  folder: string;
  knowledge: KnowledgeBase;
  summary: IngestSummary;
}

/** A source folder holding the good law and what `setup` adds, ingested into a fresh index. */
async function ingestFolder(name: string, setup: (folder: string) => void, limits?: Partial<IngestLimits>): Promise<Run> {
  const folder = path.join(work, name, 'corpus');
  writeLaw(folder, 'tot.txt', 1, 'viễn thông');
  setup(folder);
  const { knowledge, summary } = await ingestInto(path.join(work, name, 'index'), { sources: [folder], ...(limits ? { limits } : {}) });
  return { folder, knowledge, summary };
}

/** The one skipped entry, named by its file, with a code and a Vietnamese reason; the good law is in the index. */
function expectSkipped(run: Run, name: string, code: string): string {
  const documents = new Set(run.knowledge.units.map((unit) => unit.ref.document));
  expect(documents.has(GOOD), 'the good law is indexed').toBe(true);
  expect(run.summary.skipped.map((skip) => [path.basename(skip.file), skip.code])).toEqual([[name, code]]);
  const skip = run.summary.skipped[0];
  expect(skip?.file).toBe(path.relative(process.cwd(), path.join(run.folder, name)));
  expect(skip?.reason).toMatch(VIETNAMESE);
  return skip?.reason ?? '';
}

/** The law `n/2030/QH16` was indexed from a file the loader had to repair, with its text right. */
function expectIndexed(run: Run, n: number, phrase: string): void {
  expect(run.summary.skipped).toEqual([]);
  const units = run.knowledge.units.filter((unit) => unit.ref.document === `${n}/2030/QH16`);
  expect(units.length).toBeGreaterThan(0);
  expect(units.map((unit) => `${unit.articleTitle}\n${unit.text}`).join('\n')).toContain(phrase);
}

const LEGACY_LAW = lawText('7/2030/QH16', ['Điều 1. Phạm vi điều chỉnh', 'Luật này quy định về thanh tra chuyên ngành thông tin và truyền thông.', 'Điều 2. Đối tượng áp dụng', 'Cơ quan, tổ chức, cá nhân có liên quan.']);
const PDF_LINES = Array.from({ length: 12 }, (_, i) => `Dieu ${i + 1}. Pham vi dieu chinh cua van ban thu nghiem so ${i + 1}`);

describe('bad files are reported by name and skipped, the rest is indexed', () => {
  it('random bytes named .pdf', async () => {
    const run = await ingestFolder('random-pdf', (folder) => fs.writeFileSync(path.join(folder, 'hong.pdf'), randomBytes(8192)));
    expectSkipped(run, 'hong.pdf', 'PDF_CORRUPT');
  });

  it('random bytes named .docx', async () => {
    const run = await ingestFolder('random-docx', (folder) => fs.writeFileSync(path.join(folder, 'hong.docx'), randomBytes(8192)));
    expectSkipped(run, 'hong.docx', 'DOCX_CORRUPT');
  });

  it('a truncated PDF', async () => {
    const pdf = textPdf(PDF_LINES);
    const run = await ingestFolder('truncated-pdf', (folder) => fs.writeFileSync(path.join(folder, 'cat.pdf'), pdf.subarray(0, Math.floor(pdf.length * 0.6))));
    expect(expectSkipped(run, 'cat.pdf', 'PDF_CORRUPT')).toMatch(/cắt cụt/u);
  });

  it('a truncated DOCX', async () => {
    const docx = docxOf(LEGACY_LAW.split('\n'));
    const run = await ingestFolder('truncated-docx', (folder) => fs.writeFileSync(path.join(folder, 'cat.docx'), docx.subarray(0, Math.floor(docx.length * 0.7))));
    expectSkipped(run, 'cat.docx', 'DOCX_CORRUPT');
  });

  it('a zip-bomb DOCX (word/document.xml inflates to 300 MB, the headers say 2 KB)', async () => {
    const run = await ingestFolder('zip-bomb', (folder) => fs.writeFileSync(path.join(folder, 'bom.docx'), zipBombDocx(300, false)));
    expect(expectSkipped(run, 'bom.docx', 'ARCHIVE_TOO_LARGE')).toContain('word/document.xml');
  });

  it('an empty file', async () => {
    const run = await ingestFolder('empty', (folder) => fs.writeFileSync(path.join(folder, 'rong.md'), ''));
    expectSkipped(run, 'rong.md', 'FILE_EMPTY');
  });

  it('a 150 MB text file over the default 50 MB cap is refused before it is read', async () => {
    const before = process.memoryUsage().rss;
    const run = await ingestFolder('too-large', (folder) => {
      // Sparse: 150 MB on the file system's books, nothing written; a read would still allocate it all.
      const descriptor = fs.openSync(path.join(folder, 'lon.txt'), 'w');
      fs.ftruncateSync(descriptor, 150 * 1024 * 1024);
      fs.closeSync(descriptor);
    });
    expect(expectSkipped(run, 'lon.txt', 'FILE_TOO_LARGE')).toMatch(/150\.0 MB, giới hạn 50 MB/u);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it('the size cap is a setting: a 2 KB cap refuses a 3 KB law', async () => {
    const run = await ingestFolder('small-cap', (folder) => writeLaw(folder, 'dai.txt', 2, 'báo chí điện tử và xuất bản phẩm'.repeat(3), 12), { maxFileBytes: 2048 });
    expectSkipped(run, 'dai.txt', 'FILE_TOO_LARGE');
  });

  it('a legacy TCVN3 (ABC) file is detected and converted to Unicode', async () => {
    const run = await ingestFolder('tcvn3', (folder) => fs.writeFileSync(path.join(folder, 'abc.txt'), encodeLegacy(LEGACY_LAW, 'tcvn3')));
    expectIndexed(run, 7, 'Luật này quy định về thanh tra chuyên ngành thông tin và truyền thông.');
    expect(run.summary.notices).toEqual([{ file: expect.stringMatching(/abc\.txt$/u), notice: 'đã chuyển bảng mã TCVN3 (ABC) sang Unicode' }]);
  });

  it('a legacy VNI file is detected and converted to Unicode', async () => {
    const run = await ingestFolder('vni', (folder) => fs.writeFileSync(path.join(folder, 'vni.md'), encodeLegacy(LEGACY_LAW, 'vni')));
    expectIndexed(run, 7, 'Cơ quan, tổ chức, cá nhân có liên quan.');
    expect(run.summary.notices.map((notice) => notice.notice)).toEqual(['đã chuyển bảng mã VNI sang Unicode']);
  });

  it('a VNI file saved as UTF-8 is converted (it used to give 0 units and no reason)', async () => {
    const run = await ingestFolder('vni-utf8', (folder) => fs.writeFileSync(path.join(folder, 'vni-utf8.txt'), encodeLegacy(LEGACY_LAW, 'vni').toString('latin1'), 'utf8'));
    expectIndexed(run, 7, 'Luật này quy định về thanh tra chuyên ngành thông tin và truyền thông.');
  });

  it.each([
    ['UTF-16 LE with BOM', (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['UTF-16 BE with BOM', (text: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ['UTF-16 LE without BOM', (text: string) => Buffer.from(text, 'utf16le')],
    ['UTF-16 BE without BOM', (text: string) => Buffer.from(text, 'utf16le').swap16()],
  ])('a %s file is read', async (label, encode) => {
    const run = await ingestFolder(`utf16-${label.replace(/\W+/gu, '-')}`, (folder) => fs.writeFileSync(path.join(folder, 'utf16.txt'), encode(LEGACY_LAW)));
    expectIndexed(run, 7, 'Cơ quan, tổ chức, cá nhân có liên quan.');
  });

  it('a dangling symbolic link', async () => {
    const run = await ingestFolder('dangling', (folder) => fs.symlinkSync(path.join(folder, 'da-xoa.txt'), path.join(folder, 'lien-ket.txt')));
    expectSkipped(run, 'lien-ket.txt', 'SYMLINK_BROKEN');
  });

  it('a symbolic link that points to itself', async () => {
    const run = await ingestFolder('self-loop', (folder) => fs.symlinkSync('vong.txt', path.join(folder, 'vong.txt')));
    expectSkipped(run, 'vong.txt', 'SYMLINK_LOOP');
  });

  it('a folder link back to its parent (a loop) is not walked forever', async () => {
    const run = await ingestFolder('dir-loop', (folder) => fs.symlinkSync('.', path.join(folder, 'vong')));
    expectSkipped(run, 'vong', 'SYMLINK_LOOP');
    expect(run.summary.files).toBe(1);
  });

  it('a link to a file outside the source folder is not followed: its content is never indexed', async () => {
    const secret = path.join(work, 'outside-file', 'bi-mat.txt');
    writeLaw(path.dirname(secret), 'bi-mat.txt', 9, 'hồ sơ mật nằm ngoài thư mục nguồn');
    const run = await ingestFolder('outside-file', (folder) => fs.symlinkSync(secret, path.join(folder, 'tro-ra-ngoai.txt')));
    expectSkipped(run, 'tro-ra-ngoai.txt', 'OUTSIDE_SOURCE');
    expect(run.knowledge.units.some((unit) => unit.text.includes('hồ sơ mật'))).toBe(false);
  });

  it('a link to a folder outside the source folder is not followed', async () => {
    const outside = path.join(work, 'outside-dir', 'ngoai');
    writeLaw(outside, 'bi-mat.txt', 9, 'hồ sơ mật nằm ngoài thư mục nguồn');
    const run = await ingestFolder('outside-dir', (folder) => fs.symlinkSync(outside, path.join(folder, 'thu-muc-ngoai')));
    expectSkipped(run, 'thu-muc-ngoai', 'OUTSIDE_SOURCE');
    expect(run.knowledge.units.some((unit) => unit.text.includes('hồ sơ mật'))).toBe(false);
  });

  it('a link that stays inside the source folder is followed (once)', async () => {
    const run = await ingestFolder('inside-link', (folder) => {
      writeLaw(path.join(folder, 'goc'), 'b.txt', 3, 'bưu chính');
      fs.symlinkSync(path.join(folder, 'goc', 'b.txt'), path.join(folder, 'ban-sao.txt'));
    });
    expect(run.summary.skipped).toEqual([]);
    expect(run.summary.files).toBe(2);
    expect(new Set(run.knowledge.units.map((unit) => unit.ref.document))).toEqual(new Set([GOOD, '3/2030/QH16']));
  });

  it('a manifest.json entry naming a file outside its folder is reported and dropped', async () => {
    const run = await ingestFolder('manifest-escape', (folder) =>
      fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify({ documents: [{ number: '9/2030/QH16', file: '../../ngoai.txt', expired: '2031-01-01' }] })),
    );
    expect(expectSkipped(run, 'manifest.json', 'OUTSIDE_SOURCE')).toContain('../../ngoai.txt');
  });

  it('a manifest.json that is not JSON is named with the place of the error', async () => {
    const run = await ingestFolder('manifest-syntax', (folder) => fs.writeFileSync(path.join(folder, 'manifest.json'), '{"documents": [\n  {"number": "1/2030/QH16",\n'));
    expect(expectSkipped(run, 'manifest.json', 'MANIFEST_INVALID')).toMatch(/JSON sai cú pháp/u);
  });

  it('a manifest.json of the wrong shape is reported, not silently ignored', async () => {
    const run = await ingestFolder('manifest-schema', (folder) => fs.writeFileSync(path.join(folder, 'manifest.json'), JSON.stringify({ documents: [{ number: 1, file: 'tot.txt' }] })));
    expect(expectSkipped(run, 'manifest.json', 'MANIFEST_INVALID')).toMatch(/documents\.0\.number/u);
  });

  it('a named pipe is not read (a read would block the ingest forever)', async () => {
    const run = await ingestFolder('fifo', (folder) => execFileSync('mkfifo', [path.join(folder, 'ong.txt')]));
    expectSkipped(run, 'ong.txt', 'NOT_A_FILE');
  });
});
