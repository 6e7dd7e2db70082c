import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IndexCorruptError } from '../errors.js';
import { Bm25Index, SegmentedBm25, topK } from './bm25.js';

const PARAMETERS = { k1: 1.2, b: 0.75 };
const terms = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

// Three documents: "a b", "a a", "c" (lengths 2, 2, 1; mean 5/3).
const DOCUMENTS = [terms({ a: 1, b: 1 }), terms({ a: 2 }), terms({ c: 1 })];
const LENGTHS = [2, 2, 1];
const index = (): Bm25Index => Bm25Index.build(DOCUMENTS, LENGTHS, PARAMETERS);

/** BM25 of one term by the textbook formula. */
function expected(idf: number, tf: number, length: number, mean: number): number {
  return (idf * tf * (PARAMETERS.k1 + 1)) / (tf + PARAMETERS.k1 * (1 - PARAMETERS.b + (PARAMETERS.b * length) / mean));
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

describe('Bm25Index', () => {
  it('counts documents per term and gives rare terms the higher IDF', () => {
    const bm25 = index();
    expect(bm25.size).toBe(3);
    expect([bm25.documentFrequency('a'), bm25.documentFrequency('c'), bm25.documentFrequency('z')]).toEqual([2, 1, 0]);
    expect(bm25.idf('a')).toBeCloseTo(Math.log(1 + 1.5 / 2.5), 12);
    expect(bm25.idf('c')).toBeCloseTo(Math.log(1 + 2.5 / 1.5), 12);
    expect(bm25.idf('c')).toBeGreaterThan(bm25.idf('a'));
  });

  it('scores by the BM25 formula: more occurrences score higher, unmatched documents 0', () => {
    const scores = index().scoreAll(terms({ a: 1 }));
    const idf = Math.log(1 + 1.5 / 2.5);
    expect(scores[0]).toBeCloseTo(expected(idf, 1, 2, 5 / 3), 6);
    expect(scores[1]).toBeCloseTo(expected(idf, 2, 2, 5 / 3), 6);
    expect(scores[1]).toBeGreaterThan(scores[0] as number);
    expect(scores[2]).toBe(0);
  });

  it('multiplies a term’s part by its query weight, and adds the parts of several terms', () => {
    const bm25 = index();
    const once = bm25.scoreAll(terms({ a: 1 }));
    const twice = bm25.scoreAll(terms({ a: 2 }));
    expect(twice[0]).toBeCloseTo(2 * (once[0] as number), 6);
    const both = bm25.scoreAll(terms({ a: 1, b: 1 }));
    expect(both[0]).toBeCloseTo((once[0] as number) + (bm25.scoreAll(terms({ b: 1 }))[0] as number), 6);
  });

  it('scores documents that are not allowed 0, and ignores unknown terms', () => {
    const scores = index().scoreAll(terms({ a: 1, z: 5 }), (doc) => doc !== 1);
    expect(scores[1]).toBe(0);
    expect(scores[0]).toBeGreaterThan(0);
  });

  it('lists terms by prefix with their document frequency, and searches best first', () => {
    const bm25 = Bm25Index.build([terms({ 's:thời': 1, 'f:thoi': 1 }), terms({ 's:thời': 1, 's:hạn': 1 })], [2, 2], PARAMETERS);
    expect(new Map(bm25.termsWithPrefix('s:'))).toEqual(new Map([['s:thời', 2], ['s:hạn', 1]]));
    expect(bm25.search(terms({ 's:hạn': 1 }), 5).map((hit) => hit.doc)).toEqual([1]);
  });

  it('saves and loads the same index (parameters, lengths, postings)', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bm25-'));
    folders.push(folder);
    const bm25 = Bm25Index.build(DOCUMENTS, LENGTHS, { k1: 1.5, b: 0.6 });
    bm25.save(folder);
    const loaded = Bm25Index.load(folder, 3);
    expect(loaded.parameters).toEqual({ k1: 1.5, b: 0.6 });
    expect(loaded.size).toBe(3);
    expect(loaded.meanLength).toBeCloseTo(5 / 3, 6);
    const query = terms({ a: 1, b: 0.5, c: 2 });
    expect(Array.from(loaded.scoreAll(query))).toEqual(Array.from(bm25.scoreAll(query)));
  });

  it('refuses to load an index whose document count differs from the caller’s', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bm25-'));
    folders.push(folder);
    index().save(folder);
    expect(() => Bm25Index.load(folder, 4)).toThrow(IndexCorruptError);
  });
});

describe('topK', () => {
  it('keeps the k best positive scores, best first, ties by document', () => {
    const scores = Float32Array.from([0.5, 0, 2, 0.5, 1, -1]);
    expect(topK(scores, 3)).toEqual([
      { doc: 2, score: 2 },
      { doc: 4, score: 1 },
      { doc: 0, score: 0.5 },
    ]);
    expect(topK(scores, 10).map((hit) => hit.doc)).toEqual([2, 4, 0, 3]);
  });

  it('finds the best of many documents however they are ordered', () => {
    const scores = Float32Array.from({ length: 200 }, (_, doc) => ((doc * 37) % 200) + 1);
    expect(topK(scores, 3).map((hit) => hit.score)).toEqual([200, 199, 198]);
  });
});

describe('SegmentedBm25', () => {
  const corpus = [terms({ thanh: 1, tra: 1 }), terms({ thoi: 1, han: 1, thanh: 1, tra: 1 }), terms({ vien: 1, thong: 1 })];
  const lengths = [2, 4, 2];
  const main = (): Bm25Index => Bm25Index.build(corpus, lengths, PARAMETERS);
  // The live segment holds a copy of corpus document 1 and a lesson of its own.
  const live = (): Bm25Index => Bm25Index.build([corpus[1] ?? new Map(), terms({ bai: 1, hoc: 1, thanh: 1 })], [4, 3], PARAMETERS);

  it('numbers live documents after the corpus and adds their document frequencies', () => {
    const segmented = new SegmentedBm25(main(), live());
    expect(segmented.size).toBe(5);
    expect(segmented.documentFrequency('thanh')).toBe(4);
    expect(segmented.idf('thanh')).toBeCloseTo(Math.log(1 + 1.5 / 4.5), 12);
    expect(new Map(segmented.termsWithPrefix('t'))).toEqual(new Map([['thanh', 4], ['tra', 3], ['thoi', 2], ['thong', 1]]));
  });

  it('scores a live document identical to a corpus one the same, on the corpus’s scale', () => {
    const segmented = new SegmentedBm25(main(), live());
    const query = terms({ thoi: 1, han: 1, thanh: 0.5 });
    const scores = segmented.scoreAll(query);
    expect(scores).toHaveLength(5);
    expect(scores[1]).toBeGreaterThan(0);
    expect(scores[3]).toBeCloseTo(scores[1] as number, 6);
    // The same statistics as one index over all five documents whose mean length is the corpus's.
    const idf = Math.log(1 + (5 - 2 + 0.5) / (2 + 0.5));
    const idfThanh = Math.log(1 + (5 - 4 + 0.5) / (4 + 0.5));
    expect(scores[1]).toBeCloseTo(expected(idf, 1, 4, 8 / 3) * 2 + 0.5 * expected(idfThanh, 1, 4, 8 / 3), 5);
    expect(scores[4]).toBeCloseTo(0.5 * expected(idfThanh, 1, 3, 8 / 3), 5);
    expect(scores[2]).toBe(0);
  });

  it('scores a live document that is not allowed 0', () => {
    const scores = new SegmentedBm25(main(), live()).scoreAll(terms({ thoi: 1 }), (doc) => doc < 3);
    expect(scores[3]).toBe(0);
    expect(scores[1]).toBeGreaterThan(0);
  });
});
