/** Which sources an ingest reads, keeps and removes: adding a folder never takes anything else out. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KnowledgeBase } from './knowledgeBase.js';
import { ingestInto, temporaryFolder, writeLaw } from './fixtures/tinyCorpus.js';

const work = temporaryFolder('kb-sources-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const documentsOf = (knowledge: KnowledgeBase): string[] => [...new Set(knowledge.units.map((unit) => unit.ref.document))].sort();

describe('adding and removing sources', () => {
  it('adding a folder keeps every other source: the unit count only grows', async () => {
    const indexDir = path.join(work, 'grow', 'index');
    const first = path.join(work, 'grow', 'van-ban');
    const second = path.join(work, 'grow', 'phap-dien');
    const added = path.join(work, 'grow', 'them');
    writeLaw(first, 'a.txt', 1, 'viễn thông');
    writeLaw(second, 'b.txt', 2, 'bưu chính', 3);
    writeLaw(added, 'c.txt', 3, 'báo chí');
    writeLaw(path.join(work, 'grow', 'them-nua'), 'd.txt', 4, 'xuất bản');

    const fresh = await ingestInto(indexDir, { defaultSources: [first, second] });
    expect(documentsOf(fresh.knowledge)).toEqual(['1/2030/QH16', '2/2030/QH16']);
    const before = new Set(fresh.knowledge.units.map((unit) => unit.id));

    // The bug this guards against: `npm run ingest -- some/folder` used to drop every other source.
    const grown = await ingestInto(indexDir, { sources: [added], defaultSources: [first, second] });
    expect(grown.summary.units).toBeGreaterThan(fresh.summary.units);
    expect(grown.summary.unitsBefore).toBe(fresh.summary.units);
    expect(grown.summary.filesKept).toBe(2);
    expect(grown.summary.filesLoaded).toBe(1);
    for (const id of before) expect(grown.knowledge.unitById(id), id).toBeDefined();
    expect(documentsOf(grown.knowledge)).toEqual(['1/2030/QH16', '2/2030/QH16', '3/2030/QH16']);
    expect(grown.summary.sources.map((source) => path.basename(source))).toEqual(['van-ban', 'phap-dien', 'them']);

    // And again with another folder, from the index on disk.
    const again = await ingestInto(indexDir, { sources: [path.join(work, 'grow', 'them-nua')] });
    expect(again.summary.units).toBeGreaterThan(grown.summary.units);
    expect(documentsOf(again.knowledge)).toEqual(['1/2030/QH16', '2/2030/QH16', '3/2030/QH16', '4/2030/QH16']);
    const loaded = await KnowledgeBase.load(indexDir, () => again.knowledge.embedder);
    expect(loaded.units.length).toBe(again.summary.units);
  });

  it('no argument reads every recorded source again (changed files only); an argument reads only that source', async () => {
    const indexDir = path.join(work, 'reread', 'index');
    const first = path.join(work, 'reread', 'a');
    const second = path.join(work, 'reread', 'b');
    writeLaw(first, 'a.txt', 11, 'tần số');
    writeLaw(second, 'b.txt', 12, 'an toàn thông tin');
    await ingestInto(indexDir, { sources: [first] });
    await ingestInto(indexDir, { sources: [second] });

    const unchanged = await ingestInto(indexDir);
    expect(unchanged.summary.saved).toBe(false);
    expect(unchanged.summary.filesReused).toBe(2);

    writeLaw(first, 'a.txt', 11, 'tần số vô tuyến điện', 3);
    const onlySecond = await ingestInto(indexDir, { sources: [second] });
    expect(onlySecond.summary.filesKept).toBe(1);
    expect(onlySecond.knowledge.units.filter((unit) => unit.ref.document === '11/2030/QH16')).toHaveLength(2);

    const everything = await ingestInto(indexDir);
    expect(everything.summary.filesLoaded).toBe(1);
    expect(everything.knowledge.units.filter((unit) => unit.ref.document === '11/2030/QH16')).toHaveLength(3);
  });

  it('the configured defaults are read on a fresh index only', async () => {
    const indexDir = path.join(work, 'defaults', 'index');
    const first = path.join(work, 'defaults', 'a');
    const later = path.join(work, 'defaults', 'later');
    writeLaw(first, 'a.txt', 21, 'viễn thông');
    writeLaw(later, 'b.txt', 22, 'bưu chính');
    const fresh = await ingestInto(indexDir, { defaultSources: [first] });
    expect(documentsOf(fresh.knowledge)).toEqual(['21/2030/QH16']);
    const next = await ingestInto(indexDir, { defaultSources: [first, later] });
    expect(documentsOf(next.knowledge)).toEqual(['21/2030/QH16']);
    expect(next.summary.saved).toBe(false);
  });

  it('--remove takes a source out, a path inside a source stays out, and adding it back brings it back', async () => {
    const indexDir = path.join(work, 'remove', 'index');
    const root = path.join(work, 'remove', 'corpus');
    const other = path.join(work, 'remove', 'other');
    writeLaw(root, 'a.txt', 31, 'viễn thông');
    writeLaw(path.join(root, 'cu'), 'b.txt', 32, 'bưu chính');
    writeLaw(other, 'c.txt', 33, 'báo chí');
    await ingestInto(indexDir, { sources: [root, other] });

    const withoutOther = await ingestInto(indexDir, { remove: [other] });
    expect(documentsOf(withoutOther.knowledge)).toEqual(['31/2030/QH16', '32/2030/QH16']);
    expect(withoutOther.summary.removedFiles.map((file) => path.basename(file))).toEqual(['c.txt']);
    expect(withoutOther.summary.sources.map((source) => path.basename(source))).toEqual(['corpus']);

    const withoutSub = await ingestInto(indexDir, { remove: [path.join(root, 'cu')] });
    expect(documentsOf(withoutSub.knowledge)).toEqual(['31/2030/QH16']);
    // Reading the recorded sources again does not bring the removed sub-folder back.
    const reread = await ingestInto(indexDir);
    expect(documentsOf(reread.knowledge)).toEqual(['31/2030/QH16']);
    const back = await ingestInto(indexDir, { sources: [path.join(root, 'cu')] });
    expect(documentsOf(back.knowledge)).toEqual(['31/2030/QH16', '32/2030/QH16']);
  });

  it('a path that is not in the index, or a source that does not exist, is refused and the index left as it was', async () => {
    const indexDir = path.join(work, 'refuse', 'index');
    const root = path.join(work, 'refuse', 'corpus');
    writeLaw(root, 'a.txt', 41, 'viễn thông');
    const { summary } = await ingestInto(indexDir, { sources: [root] });
    await expect(ingestInto(indexDir, { remove: [path.join(work, 'refuse', 'khac')] })).rejects.toMatchObject({ code: 'SOURCE_NOT_INDEXED' });
    await expect(ingestInto(indexDir, { sources: [path.join(work, 'refuse', 'khong-co')] })).rejects.toMatchObject({ code: 'SOURCE_NOT_FOUND' });
    expect(KnowledgeBase.readManifest(indexDir)?.buildId).toBe(summary.buildId);
  });

  it('a recorded source that disappeared keeps its units and is reported; a deleted file inside a source leaves', async () => {
    const indexDir = path.join(work, 'missing', 'index');
    const mounted = path.join(work, 'missing', 'usb');
    const root = path.join(work, 'missing', 'corpus');
    writeLaw(mounted, 'a.txt', 51, 'viễn thông');
    writeLaw(root, 'b.txt', 52, 'bưu chính');
    writeLaw(root, 'c.txt', 53, 'báo chí');
    await ingestInto(indexDir, { sources: [mounted, root] });
    fs.renameSync(mounted, `${mounted}-elsewhere`);
    fs.rmSync(path.join(root, 'c.txt'));
    const { knowledge, summary } = await ingestInto(indexDir);
    expect(documentsOf(knowledge)).toEqual(['51/2030/QH16', '52/2030/QH16']);
    expect(summary.skipped).toEqual([expect.objectContaining({ file: path.relative(process.cwd(), mounted), code: 'SOURCE_NOT_FOUND' })]);
    expect(summary.removedFiles.map((file) => path.basename(file))).toEqual(['c.txt']);
  });

  it('a file that loaded before and fails now keeps what was indexed of it, and says so', async () => {
    const indexDir = path.join(work, 'keep', 'index');
    const root = path.join(work, 'keep', 'corpus');
    writeLaw(root, 'a.txt', 61, 'viễn thông');
    const file = writeLaw(root, 'b.txt', 62, 'bưu chính');
    await ingestInto(indexDir, { sources: [root] });
    fs.writeFileSync(file, '');
    const { knowledge, summary } = await ingestInto(indexDir);
    expect(documentsOf(knowledge)).toEqual(['61/2030/QH16', '62/2030/QH16']);
    expect(summary.skipped).toHaveLength(1);
    expect(summary.skipped[0]).toMatchObject({ code: 'FILE_EMPTY' });
    expect(summary.skipped[0]?.reason).toMatch(/giữ nội dung đã nạp lần trước/u);
  });
});
