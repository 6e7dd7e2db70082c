import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VAN_BAN } from '../../test/paths.js';
import { embedderForIndex, embedderForIngest } from './embedders/index.js';
import { KnowledgeBase } from './knowledgeBase.js';
import { Retriever } from '../retrieval/retriever.js';
import { ingest } from './indexing.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const settings = { EMBEDDING_BATCH_SIZE: 8, indexDir: '' } as const;

function lawText(number: string, articles: string[]): string {
  return [`QUỐC HỘI`, `Luật số: ${number}`, `Hà Nội, ngày 01 tháng 01 năm 2030`, 'LUẬT', 'THỬ NGHIỆM', '', ...articles].join('\n');
}

async function run(sources: string[], indexDir: string) {
  return ingest({ sources, indexDir, embedderFor: embedderForIngest({ ...settings, indexDir }) });
}

describe('the index on disk', () => {
  it('saves, loads with its manifest checked, and answers the same search', async () => {
    const indexDir = path.join(work, 'index-real');
    const sources = [path.join(VAN_BAN, 'luat-thanh-tra-11-2022-qh15.txt'), path.join(VAN_BAN, 'nghi-dinh-217-2025-nd-cp-kiem-tra-chuyen-nganh.docx')];
    const { knowledge, summary } = await run(sources, indexDir);
    expect(summary.documents).toBe(2);
    expect(summary.units).toBe(knowledge.units.length);
    expect(fs.readdirSync(indexDir).sort()).toEqual(['bm25', 'bm25-articles', 'build.json', 'embedder', 'hnsw', 'manifest.json', 'store.json', 'vectors.bin']);
    expect(fs.readdirSync(work).filter((name) => name.includes('.tmp-'))).toEqual([]);

    const loaded = await KnowledgeBase.load(indexDir, embedderForIndex({ ...settings, indexDir }));
    expect(loaded.manifest.unitCount).toBe(knowledge.units.length);
    expect(loaded.manifest.embedder).toEqual({ id: 'corpus-ri-v1', dimension: 256 });
    const before = await new Retriever(knowledge).search('thoi han thanh tra', { k: 5 });
    const after = await new Retriever(loaded).search('thoi han thanh tra', { k: 5 });
    expect(after.map((h) => h.unit.id)).toEqual(before.map((h) => h.unit.id));
    expect(after[0]?.unit.articleTitle).toMatch(/thời hạn thanh tra/iu);

    const manifestFile = path.join(indexDir, 'manifest.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { embedder: { dimension: number } };
    manifest.embedder.dimension = 999;
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    await expect(KnowledgeBase.load(indexDir, embedderForIndex({ ...settings, indexDir }))).rejects.toMatchObject({ code: 'EMBEDDING_DIMENSION_MISMATCH' });
  });

  it('re-ingests only the changed file and drops a removed file', async () => {
    const corpus = path.join(work, 'corpus-incremental');
    const indexDir = path.join(work, 'index-incremental');
    fs.mkdirSync(corpus, { recursive: true });
    fs.writeFileSync(path.join(corpus, 'a.txt'), lawText('1/2030/QH16', ['Điều 1. Phạm vi', 'Luật này quy định về thử nghiệm a.', 'Điều 2. Đối tượng', 'Cơ quan, tổ chức.']));
    fs.writeFileSync(path.join(corpus, 'b.txt'), lawText('2/2030/QH16', ['Điều 1. Phạm vi', 'Luật này quy định về thử nghiệm b.']));
    fs.writeFileSync(path.join(corpus, 'c.txt'), lawText('3/2030/QH16', ['Điều 1. Phạm vi', 'Luật này quy định về thử nghiệm c.']));
    const first = await run([corpus], indexDir);
    expect(first.summary.filesLoaded).toBe(3);
    const untouched = first.knowledge.units.find((u) => u.ref.document === '1/2030/QH16' && u.ref.article === '1');

    fs.writeFileSync(path.join(corpus, 'b.txt'), lawText('2/2030/QH16', ['Điều 1. Phạm vi', 'Luật này quy định về kiểm tra chuyên ngành.', 'Điều 2. Áp dụng', 'Áp dụng mới.']));
    fs.rmSync(path.join(corpus, 'c.txt'));
    const second = await run([corpus], indexDir);
    expect(second.summary.filesLoaded).toBe(1);
    expect(second.summary.filesReused).toBe(1);
    expect(second.summary.removedFiles).toEqual([path.relative(process.cwd(), path.join(corpus, 'c.txt'))]);
    const documents = new Set(second.knowledge.units.map((u) => u.ref.document));
    expect(documents).toEqual(new Set(['1/2030/QH16', '2/2030/QH16']));
    expect(second.knowledge.units.filter((u) => u.ref.document === '2/2030/QH16').map((u) => u.ref.article)).toEqual(['1', '2']);
    const reused = second.knowledge.units.find((u) => u.id === untouched?.id);
    expect(reused).toEqual(untouched);
    const index = second.knowledge.indexOf(untouched?.id ?? '') ?? -1;
    const oldIndex = first.knowledge.indexOf(untouched?.id ?? '') ?? -1;
    expect(Array.from(second.knowledge.vectorOf(index))).toEqual(Array.from(first.knowledge.vectorOf(oldIndex)));
    const hits = await new Retriever(second.knowledge).search('kiểm tra chuyên ngành', { k: 1 });
    expect(hits[0]?.unit.ref).toEqual({ document: '2/2030/QH16', article: '1' });
  });

  it('reports a corrupt PDF and an empty file by name and indexes the rest', async () => {
    const corpus = path.join(work, 'corpus-bad');
    fs.mkdirSync(corpus, { recursive: true });
    fs.writeFileSync(path.join(corpus, 'hong.pdf'), '%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage');
    fs.writeFileSync(path.join(corpus, 'rong.md'), '');
    fs.writeFileSync(path.join(corpus, 'tot.txt'), lawText('9/2030/QH16', ['Điều 1. Phạm vi', 'Luật này quy định về thử nghiệm.']));
    const { summary } = await run([corpus], path.join(work, 'index-bad'));
    expect(summary.units).toBe(1);
    expect(summary.skipped.map((s) => [path.basename(s.file), s.code])).toEqual([
      ['hong.pdf', 'PDF_CORRUPT'],
      ['rong.md', 'FILE_EMPTY'],
    ]);
  });
});
