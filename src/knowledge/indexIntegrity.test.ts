/**
 * An index that proves itself: checksums verified before anything is parsed, a previous good index to
 * fall back on, saves that survive being killed at any step, one writer at a time, a build id to poll,
 * and a rebuild when index-time parameters change.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexCorruptError } from '../errors.js';
import { Bm25Index } from './bm25.js';
import { checksumOf, leftoverFolders, previousIndexDir, SAVE_STEPS, type IndexEvent, type SaveStep } from './indexFolder.js';
import { KnowledgeBase, unitTextFormatVersion } from './knowledgeBase.js';
import { openIndex, readBuildId } from './openIndex.js';
import { embedderForLoad, ingestInto, temporaryFolder, writeLaw } from './fixtures/tinyCorpus.js';
import { embedderForIngest } from './embedders/index.js';
import { ingest } from './indexing.js';

const work = temporaryFolder('kb-integrity-');
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** An index of law A (two articles), then law B added: `.prev` holds A alone, the current index A and B. */
async function twoBuilds(name: string): Promise<{ indexDir: string; a: string; b: string; unitsA: number; unitsAB: number; buildA: string; buildAB: string }> {
  const root = path.join(work, name);
  const a = path.join(root, 'a');
  const b = path.join(root, 'b');
  writeLaw(a, 'a.txt', 1, 'viễn thông');
  writeLaw(b, 'b.txt', 2, 'bưu chính', 3);
  const indexDir = path.join(root, 'index');
  const first = await ingestInto(indexDir, { sources: [a] });
  const second = await ingestInto(indexDir, { sources: [b] });
  return { indexDir, a, b, unitsA: first.summary.units, unitsAB: second.summary.units, buildA: first.summary.buildId, buildAB: second.summary.buildId };
}

async function corruptError(promise: Promise<unknown>): Promise<IndexCorruptError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(IndexCorruptError);
  expect((error as IndexCorruptError).code).toBe('INDEX_CORRUPT');
  return error as IndexCorruptError;
}

function open(indexDir: string, options: Parameters<typeof openIndex>[2] = {}): Promise<KnowledgeBase> {
  return openIndex(indexDir, embedderForLoad(indexDir), options);
}

describe('checksums', () => {
  it('the manifest records a sha256 for every file of the index', async () => {
    const { indexDir } = await twoBuilds('checksums');
    const manifest = KnowledgeBase.readManifest(indexDir);
    const files = fs
      .readdirSync(indexDir, { recursive: true, encoding: 'utf8' })
      .filter((name) => fs.statSync(path.join(indexDir, name)).isFile() && name !== 'manifest.json')
      .sort();
    expect(Object.keys(manifest?.checksums ?? {}).sort()).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['bm25/postings.bin', 'hnsw/hnswlib.index', 'store.json', 'vectors.bin', 'embedder/model.json']));
    for (const name of files) expect(manifest?.checksums[name]).toEqual(checksumOf(path.join(indexDir, name)));
  });

  it('a truncated bm25/postings.bin is refused, naming the file (it used to load "healthy" and change answers)', async () => {
    const { indexDir } = await twoBuilds('truncated-postings');
    const postings = path.join(indexDir, 'bm25', 'postings.bin');
    fs.truncateSync(postings, fs.statSync(postings).size - 8);
    const error = await corruptError(open(indexDir, { fallback: false }));
    expect(error.file).toBe(postings);
    expect(error.message).toMatch(/bị cắt/u);
  });

  it('scrambled hnsw/hnswlib.index bytes are refused before hnswlib reads them (it used to segfault on the first search)', async () => {
    const { indexDir } = await twoBuilds('scrambled-hnsw');
    const hnsw = path.join(indexDir, 'hnsw', 'hnswlib.index');
    const bytes = fs.readFileSync(hnsw);
    for (let i = 0; i < bytes.length; i += 7) bytes[i] = (bytes[i] ?? 0) ^ 0x5a;
    fs.writeFileSync(hnsw, bytes);
    const error = await corruptError(open(indexDir, { fallback: false }));
    expect(error.file).toBe(hnsw);
    expect(error.message).toMatch(/sha256/u);
  });

  it('a cut manifest.json is named too', async () => {
    const { indexDir } = await twoBuilds('cut-manifest');
    const manifest = path.join(indexDir, 'manifest.json');
    fs.writeFileSync(manifest, fs.readFileSync(manifest, 'utf8').slice(0, 200));
    expect((await corruptError(open(indexDir, { fallback: false }))).file).toBe(manifest);
  });

  it('BM25 checks its own files too, should a checksum ever be bypassed', async () => {
    const { indexDir } = await twoBuilds('bm25-own');
    const copy = path.join(work, 'bm25-own', 'copy');
    fs.cpSync(path.join(indexDir, 'bm25'), copy, { recursive: true });
    const postings = path.join(copy, 'postings.bin');
    const whole = fs.readFileSync(postings);
    expect(Bm25Index.load(copy).size).toBeGreaterThan(0);
    fs.writeFileSync(postings, whole.subarray(0, whole.length - 8));
    expect(() => Bm25Index.load(copy)).toThrow(IndexCorruptError);
    const outOfRange = Buffer.from(whole);
    outOfRange.writeInt32LE(1_000_000, 0); // the first posting names a document that does not exist
    fs.writeFileSync(postings, outOfRange);
    expect(() => Bm25Index.load(copy)).toThrow(/mục 0 không hợp lệ/u);
    fs.writeFileSync(postings, whole);
    expect(() => Bm25Index.load(copy, 999)).toThrow(/chỉ mục có 999 đơn vị/u);
  });
});

describe('falling back to the previous good index', () => {
  it('a damaged current index falls back to .prev with a warning, or fails typed when fall-back is refused', async () => {
    const { indexDir, unitsA, unitsAB, buildA } = await twoBuilds('fallback');
    expect((await open(indexDir)).units.length).toBe(unitsAB);
    const store = path.join(indexDir, 'store.json');
    fs.appendFileSync(store, ' ');
    const fallbacks: Array<{ file: string; directory: string; buildId: string }> = [];
    const knowledge = await open(indexDir, { onFallback: ({ error, directory, buildId }) => fallbacks.push({ file: error.file, directory, buildId }) });
    expect(knowledge.units.length).toBe(unitsA);
    expect(fallbacks).toEqual([{ file: store, directory: previousIndexDir(indexDir), buildId: buildA }]);

    expect((await corruptError(open(indexDir, { fallback: false }))).file).toBe(store);

    fs.appendFileSync(path.join(previousIndexDir(indexDir), 'vectors.bin'), Buffer.alloc(4));
    const both = await corruptError(open(indexDir));
    expect(both.file).toBe(store);
    expect(both.message).toMatch(/chỉ mục trước đó .* cũng không dùng được: .*vectors\.bin/u);
  });

  it('an ingest over a damaged index says why it could not reuse it, keeps every recorded source, and keeps .prev', async () => {
    const { indexDir, unitsA, unitsAB } = await twoBuilds('ingest-over-damage');
    fs.appendFileSync(path.join(indexDir, 'bm25-articles', 'terms.json'), '\n');
    const logged: IndexEvent[] = [];
    const { summary } = await ingestInto(indexDir, { log: (event) => logged.push(event) });
    const complaint = logged.find((event) => event.code === 'INDEX_CORRUPT' && event.file === indexDir);
    expect(complaint?.message).toMatch(/bm25-articles\/terms\.json/u);
    expect(summary.events).toContainEqual(complaint);
    expect(summary.units).toBe(unitsAB);
    expect(summary.saved).toBe(true);
    // Reused from .prev what it could (law A), read law B again.
    expect(summary.filesReused + summary.filesLoaded).toBe(2);
    expect((await open(indexDir, { fallback: false })).units.length).toBe(unitsAB);
    expect((await KnowledgeBase.load(previousIndexDir(indexDir), embedderForLoad(indexDir))).units.length).toBe(unitsA);
  });
});

describe('saves that survive being killed', () => {
  it('leftover staging and retired folders are removed at the next open', async () => {
    const { indexDir } = await twoBuilds('leftovers');
    fs.mkdirSync(`${indexDir}.tmp-999999-abc/bm25`, { recursive: true });
    fs.writeFileSync(`${indexDir}.tmp-999999-abc/store.json`, '{"units": [');
    fs.mkdirSync(`${indexDir}.old-999999-def`);
    expect(leftoverFolders(indexDir).staging).toHaveLength(1);
    const events: IndexEvent[] = [];
    await open(indexDir, { log: (event) => events.push(event) });
    expect(leftoverFolders(indexDir)).toEqual({ staging: [], retired: [] });
    expect(events.filter((event) => event.code === 'STAGING_REMOVED')).toHaveLength(2);
  });

  it.each(SAVE_STEPS.map((step) => [step]))('a save stopped after "%s" leaves a complete index, old or new, at the next open', async (step: SaveStep) => {
    const root = path.join(work, `kill-${step}`);
    const indexDir = path.join(root, 'index');
    writeLaw(path.join(root, 'a'), 'a.txt', 1, 'viễn thông');
    writeLaw(path.join(root, 'b'), 'b.txt', 2, 'bưu chính', 3);
    const before = await ingestInto(indexDir, { sources: [path.join(root, 'a')] });
    const stop = new Error(`stopped after ${step}`);
    await expect(
      ingestInto(indexDir, {
        sources: [path.join(root, 'b')],
        onSaveStep: (reached) => {
          if (reached === step) throw stop;
        },
      }),
    ).rejects.toBe(stop);

    const knowledge = await open(indexDir, { fallback: false });
    const newer = SAVE_STEPS.indexOf(step) >= SAVE_STEPS.indexOf('current-retired');
    const documents = new Set(knowledge.units.map((unit) => unit.ref.document));
    expect(documents).toEqual(new Set(newer ? ['1/2030/QH16', '2/2030/QH16'] : ['1/2030/QH16']));
    expect(knowledge.manifest.buildId === before.summary.buildId).toBe(!newer);
    expect(KnowledgeBase.damage(indexDir)).toBeUndefined();
    expect(leftoverFolders(indexDir)).toEqual({ staging: [], retired: [] });
    // And the next ingest goes on from there.
    const next = await ingestInto(indexDir, { sources: [path.join(root, 'b')] });
    expect(next.summary.units).toBeGreaterThan(before.summary.units);
  });

  it('an ingest process SIGKILLed between its two renames is recovered to the complete new index', async () => {
    const root = path.join(work, 'sigkill');
    const indexDir = path.join(root, 'index');
    writeLaw(path.join(root, 'a'), 'a.txt', 1, 'viễn thông');
    writeLaw(path.join(root, 'b'), 'b.txt', 2, 'bưu chính', 3);
    const before = await ingestInto(indexDir, { sources: [path.join(root, 'a')] });
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/ingestChild.ts', import.meta.url)), indexDir, path.join(root, 'b'), 'current-retired'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('AT current-retired')) resolve();
      });
      child.once('exit', () => reject(new Error(`the child ended before the save step: ${output} ${errors}`)));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // What the kill left: no current index, the old one as .prev, the new one complete in staging, a stale lock.
    expect(fs.existsSync(indexDir)).toBe(false);
    expect(leftoverFolders(indexDir).staging).toHaveLength(1);
    expect(fs.existsSync(`${indexDir}.lock`)).toBe(true);

    const knowledge = await open(indexDir, { fallback: false });
    expect(new Set(knowledge.units.map((unit) => unit.ref.document))).toEqual(new Set(['1/2030/QH16', '2/2030/QH16']));
    expect(knowledge.manifest.buildId).not.toBe(before.summary.buildId);
    expect(leftoverFolders(indexDir)).toEqual({ staging: [], retired: [] });
    // The dead process's lock does not block the next ingest.
    const next = await ingestInto(indexDir);
    expect(next.summary.units).toBe(knowledge.units.length);
  });

  it('one writer at a time: a live process holding the lock refuses a second ingest', async () => {
    const root = path.join(work, 'busy');
    const indexDir = path.join(root, 'index');
    writeLaw(path.join(root, 'a'), 'a.txt', 1, 'viễn thông');
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(`${indexDir}.lock`, JSON.stringify({ pid: process.ppid }));
    await expect(ingestInto(indexDir, { sources: [path.join(root, 'a')] })).rejects.toMatchObject({ code: 'INDEX_BUSY' });
    fs.writeFileSync(`${indexDir}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345 })); // no such process
    const { summary } = await ingestInto(indexDir, { sources: [path.join(root, 'a')] });
    expect(summary.units).toBeGreaterThan(0);
    expect(fs.existsSync(`${indexDir}.lock`)).toBe(false);
  });
});

describe('what a running service needs', () => {
  it('readBuildId changes when a newer complete index is written, and only then', async () => {
    const { indexDir, b, buildAB } = await twoBuilds('build-id');
    expect(readBuildId(indexDir)).toBe(buildAB);
    const unchanged = await ingestInto(indexDir);
    expect(unchanged.summary.saved).toBe(false);
    expect(readBuildId(indexDir)).toBe(buildAB);
    writeLaw(b, 'b2.txt', 3, 'báo chí');
    const changed = await ingestInto(indexDir, { sources: [b] });
    expect(readBuildId(indexDir)).toBe(changed.summary.buildId);
    expect(changed.summary.buildId).not.toBe(buildAB);
    expect((await open(indexDir)).manifest.buildId).toBe(readBuildId(indexDir));
    expect(readBuildId(path.join(work, 'nowhere'))).toBeUndefined();
  });

  it('an index built with other index-time parameters is rebuilt, not reused', async () => {
    const { indexDir } = await twoBuilds('parameters');
    const manifest = KnowledgeBase.readManifest(indexDir);
    expect(manifest?.parameters.bm25).toEqual({ k1: 1.2, b: 0.75 });
    expect(manifest?.parameters.unitText).toBe(unitTextFormatVersion());

    const calls: Array<'fit' | 'reuse'> = [];
    const embedderFor = embedderForIngest({ EMBEDDING_BATCH_SIZE: 8, indexDir });
    const recording: typeof embedderFor = async (texts, previous) => {
      if (texts.length > 0) calls.push(previous ? 'reuse' : 'fit');
      return embedderFor(texts, previous);
    };
    const same = await ingestInto(indexDir, {});
    expect(same.summary.saved).toBe(false);

    const k1 = await ingestInto(indexDir, { bm25: { k1: 1.6, b: 0.75 } });
    expect(k1.summary.saved).toBe(true);
    expect(k1.summary.events.map((event) => event.code)).toContain('PARAMETERS_CHANGED');
    expect(k1.knowledge.bm25Parameters.k1).toBe(1.6);
    expect((await open(indexDir)).bm25Parameters.k1).toBe(1.6);

    const embedderChanged = await ingest({
      indexDir,
      embedderFor: recording,
      bm25: { k1: 1.6, b: 0.75 },
      embedderParameters: { id: 'corpus-ri-v1', options: { dimension: 256, sparsity: 8, window: 4, contextWeight: 0.9, vocabularyLimit: 60_000 } },
    });
    expect(embedderChanged.summary.saved).toBe(true);
    expect(calls).toEqual(['fit']); // the embedder was fitted again, not loaded from the old index

    // An index written by code whose unit text format differed (simulated in its manifest) is rebuilt too.
    const file = path.join(indexDir, 'manifest.json');
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as { parameters: { unitText: string }; parametersHash: string };
    written.parameters.unitText = 'older';
    written.parametersHash = 'older';
    fs.writeFileSync(file, JSON.stringify(written));
    const unitText = await ingestInto(indexDir, { bm25: { k1: 1.6, b: 0.75 }, embedderParameters: { id: 'corpus-ri-v1', options: { dimension: 256, sparsity: 8, window: 4, contextWeight: 0.9, vocabularyLimit: 60_000 } } });
    expect(unitText.summary.saved).toBe(true);
    expect(KnowledgeBase.readManifest(indexDir)?.parameters.unitText).toBe(unitTextFormatVersion());
  });
});
