/**
 * A BM25 index over prefixed terms (see text/terms.ts), stored as a term table and one binary
 * postings file. Query terms carry their own weights, so the caller decides how much the exact,
 * the bigram and the folded forms count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IndexCorruptError } from '../errors.js';

export interface Bm25Parameters {
  k1: number;
  b: number;
}

interface Posting {
  docs: Int32Array;
  tfs: Float32Array;
}

const TermTable = z.object({
  k1: z.number(),
  b: z.number(),
  documentCount: z.number(),
  lengths: z.array(z.number()),
  terms: z.array(z.tuple([z.string(), z.number(), z.number()])),
});

/** What search reads of a lexical index: one BM25 index, or the corpus index with live units beside it. */
export interface LexicalIndex {
  readonly size: number;
  termsWithPrefix(prefix: string): Iterable<[string, number]>;
  documentFrequency(term: string): number;
  idf(term: string): number;
  scoreAll(query: ReadonlyMap<string, number>, allowed?: (doc: number) => boolean): Float32Array;
}

export class Bm25Index implements LexicalIndex {
  private readonly postings: Map<string, Posting>;
  private readonly lengths: Float32Array;
  private readonly averageLength: number;
  readonly parameters: Bm25Parameters;

  private constructor(postings: Map<string, Posting>, lengths: Float32Array, parameters: Bm25Parameters) {
    this.postings = postings;
    this.lengths = lengths;
    this.parameters = parameters;
    let total = 0;
    for (const length of lengths) total += length;
    this.averageLength = lengths.length > 0 ? total / lengths.length : 1;
  }

  get size(): number {
    return this.lengths.length;
  }

  /** `documents[i]` is the term-frequency map of document i; `lengths[i]` its length in tokens. */
  static build(documents: ReadonlyArray<Map<string, number>>, lengths: readonly number[], parameters: Bm25Parameters): Bm25Index {
    return Bm25Index.stream(documents.length, (doc) => ({ terms: documents[doc] ?? new Map(), length: lengths[doc] ?? 0 }), parameters);
  }

  /**
   * Builds from documents produced one at a time, so that only the postings are held in memory
   * (a tenfold corpus has tens of millions of postings: they live in growable typed arrays).
   */
  static stream(count: number, documentAt: (doc: number) => { terms: Map<string, number>; length: number }, parameters: Bm25Parameters): Bm25Index {
    const lists = new Map<string, { docs: Int32Array; tfs: Float32Array; size: number }>();
    const lengths = new Float32Array(count);
    for (let doc = 0; doc < count; doc++) {
      const { terms, length } = documentAt(doc);
      lengths[doc] = length;
      for (const [term, tf] of terms) {
        let list = lists.get(term);
        if (!list) {
          list = { docs: new Int32Array(4), tfs: new Float32Array(4), size: 0 };
          lists.set(term, list);
        }
        if (list.size === list.docs.length) {
          const docs = new Int32Array(list.size * 2);
          docs.set(list.docs);
          const tfs = new Float32Array(list.size * 2);
          tfs.set(list.tfs);
          list.docs = docs;
          list.tfs = tfs;
        }
        list.docs[list.size] = doc;
        list.tfs[list.size] = tf;
        list.size++;
      }
    }
    const postings = new Map<string, Posting>();
    for (const [term, list] of lists) postings.set(term, { docs: list.docs.slice(0, list.size), tfs: list.tfs.slice(0, list.size) });
    return new Bm25Index(postings, lengths, parameters);
  }

  /** Every indexed term that starts with `prefix`, with its document frequency. */
  *termsWithPrefix(prefix: string): Generator<[string, number]> {
    for (const [term, posting] of this.postings) if (term.startsWith(prefix)) yield [term, posting.docs.length];
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  idf(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Scores of every document for weighted query terms; documents without a match score 0. */
  scoreAll(query: ReadonlyMap<string, number>, allowed?: (doc: number) => boolean): Float32Array {
    const scores = new Float32Array(this.size);
    const { k1, b } = this.parameters;
    for (const [term, weight] of query) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = this.idf(term) * weight;
      const { docs, tfs } = posting;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] as number;
        const tf = tfs[i] as number;
        const norm = tf + k1 * (1 - b + (b * (this.lengths[doc] as number)) / this.averageLength);
        scores[doc] = (scores[doc] as number) + (idf * tf * (k1 + 1)) / norm;
      }
    }
    if (allowed) for (let doc = 0; doc < scores.length; doc++) if (!allowed(doc)) scores[doc] = 0;
    return scores;
  }

  /** Mean document length, for scoring another segment on the same scale. */
  get meanLength(): number {
    return this.averageLength;
  }

  /**
   * Adds this index's scores into `target` from `offset`, with IDF and mean length given by the caller
   * (the statistics of all segments together), so that segments score on one scale.
   */
  scoreInto(target: Float32Array, offset: number, query: ReadonlyMap<string, number>, idfOf: (term: string) => number, averageLength: number): void {
    const { k1, b } = this.parameters;
    for (const [term, weight] of query) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const idf = idfOf(term) * weight;
      const { docs, tfs } = posting;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i] as number;
        const tf = tfs[i] as number;
        const norm = tf + k1 * (1 - b + (b * (this.lengths[doc] as number)) / averageLength);
        target[offset + doc] = (target[offset + doc] as number) + (idf * tf * (k1 + 1)) / norm;
      }
    }
  }

  search(query: ReadonlyMap<string, number>, k: number, allowed?: (doc: number) => boolean): Array<{ doc: number; score: number }> {
    return topK(this.scoreAll(query, allowed), k);
  }

  save(directory: string): void {
    fs.mkdirSync(directory, { recursive: true });
    const terms: Array<[string, number, number]> = [];
    let total = 0;
    for (const [term, posting] of this.postings) {
      terms.push([term, total, posting.docs.length]);
      total += posting.docs.length;
    }
    const docs = new Int32Array(total);
    const tfs = new Float32Array(total);
    for (const [term, offset] of terms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      docs.set(posting.docs, offset);
      tfs.set(posting.tfs, offset);
    }
    fs.writeFileSync(
      path.join(directory, 'terms.json'),
      JSON.stringify({ ...this.parameters, documentCount: this.size, lengths: Array.from(this.lengths), terms }),
    );
    fs.writeFileSync(path.join(directory, 'postings.bin'), Buffer.concat([Buffer.from(docs.buffer), Buffer.from(tfs.buffer)]));
  }

  /**
   * Loads a saved index and checks that its parts agree (so a cut or altered file is refused, not read
   * as shifted postings): the postings file holds whole postings, every term's slice lies inside it,
   * every posting names a document that exists with a positive frequency, and there is one length per
   * document (`documentCount`, when the caller knows it). A failure names the file.
   */
  static load(directory: string, documentCount?: number): Bm25Index {
    const termsFile = path.join(directory, 'terms.json');
    const postingsFile = path.join(directory, 'postings.bin');
    let table: z.infer<typeof TermTable>;
    try {
      table = TermTable.parse(JSON.parse(fs.readFileSync(termsFile, 'utf8')));
    } catch (cause) {
      throw new IndexCorruptError(termsFile, 'bảng thuật ngữ BM25 hỏng hoặc sai cấu trúc', { cause });
    }
    if (table.lengths.length !== table.documentCount || (documentCount !== undefined && table.documentCount !== documentCount)) {
      throw new IndexCorruptError(termsFile, `ghi ${table.documentCount} tài liệu, ${table.lengths.length} độ dài${documentCount !== undefined ? `, chỉ mục có ${documentCount} đơn vị` : ''}`);
    }
    const raw = fs.readFileSync(postingsFile);
    if (raw.length % 8 !== 0) throw new IndexCorruptError(postingsFile, `${raw.length} byte, không chia hết cho 8 (tệp bị cắt)`);
    const total = raw.length / 8;
    const aligned = new Uint8Array(raw).buffer;
    const docs = new Int32Array(aligned, 0, total);
    const tfs = new Float32Array(aligned, total * 4, total);
    let covered = 0;
    const postings = new Map<string, Posting>();
    for (const [term, offset, count] of table.terms) {
      if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 1 || offset + count > total) {
        throw new IndexCorruptError(postingsFile, `thuật ngữ "${term}" trỏ tới vị trí ${offset}+${count}, tệp chỉ có ${total} mục (tệp bị cắt?)`);
      }
      covered += count;
      postings.set(term, { docs: docs.subarray(offset, offset + count), tfs: tfs.subarray(offset, offset + count) });
    }
    if (covered !== total) throw new IndexCorruptError(postingsFile, `có ${total} mục, bảng thuật ngữ dùng ${covered}`);
    for (let i = 0; i < total; i++) {
      const doc = docs[i] as number;
      const tf = tfs[i] as number;
      if (doc < 0 || doc >= table.documentCount || !(tf > 0) || !Number.isFinite(tf)) {
        throw new IndexCorruptError(postingsFile, `mục ${i} không hợp lệ (tài liệu ${doc}, tần suất ${tf})`);
      }
    }
    return new Bm25Index(postings, Float32Array.from(table.lengths), { k1: table.k1, b: table.b });
  }
}

export function topK(scores: Float32Array, k: number): Array<{ doc: number; score: number }> {
  const hits: Array<{ doc: number; score: number }> = [];
  let floor = 0;
  for (let doc = 0; doc < scores.length; doc++) {
    const score = scores[doc] as number;
    if (score <= 0 || (hits.length >= k && score <= floor)) continue;
    hits.push({ doc, score });
    if (hits.length > k * 4) {
      hits.sort((p, q) => q.score - p.score);
      hits.length = k;
      floor = hits[k - 1]?.score ?? 0;
    }
  }
  hits.sort((p, q) => q.score - p.score || p.doc - q.doc);
  return hits.slice(0, k);
}

/**
 * The corpus index and a small index of live units (published lessons, guides, verified answers)
 * scored as one: document frequencies add up, the corpus's mean length is the norm, and live
 * documents are numbered after the corpus's.
 */
export class SegmentedBm25 implements LexicalIndex {
  private readonly main: Bm25Index;
  private readonly live: Bm25Index;

  constructor(main: Bm25Index, live: Bm25Index) {
    this.main = main;
    this.live = live;
  }

  get size(): number {
    return this.main.size + this.live.size;
  }

  *termsWithPrefix(prefix: string): Generator<[string, number]> {
    const counts = new Map<string, number>();
    for (const [term, count] of this.main.termsWithPrefix(prefix)) counts.set(term, count);
    for (const [term, count] of this.live.termsWithPrefix(prefix)) counts.set(term, (counts.get(term) ?? 0) + count);
    yield* counts;
  }

  documentFrequency(term: string): number {
    return this.main.documentFrequency(term) + this.live.documentFrequency(term);
  }

  idf(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  scoreAll(query: ReadonlyMap<string, number>, allowed?: (doc: number) => boolean): Float32Array {
    const scores = new Float32Array(this.size);
    const idfOf = (term: string): number => this.idf(term);
    const mean = this.main.size > 0 ? this.main.meanLength : this.live.meanLength;
    this.main.scoreInto(scores, 0, query, idfOf, mean);
    this.live.scoreInto(scores, this.main.size, query, idfOf, mean);
    if (allowed) for (let doc = 0; doc < scores.length; doc++) if (!allowed(doc)) scores[doc] = 0;
    return scores;
  }
}
