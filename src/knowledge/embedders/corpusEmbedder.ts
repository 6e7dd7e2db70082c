/**
 * An embedder that needs no download: it is fitted on the corpus at ingest time.
 *
 * Each term (diacritic-folded syllable or syllable bigram, so that questions typed without accents
 * land in the same place) has a fixed random "index vector" and a learned "context vector": the
 * IDF-weighted sum of the index vectors of the terms around it across the corpus (random indexing,
 * a cheap relative of latent semantic analysis). A text's vector is the TF-IDF-weighted sum of its
 * terms' vectors, each a blend of the term's own index vector (what it says) and its context vector
 * (what it is used like). Terms never seen in the corpus still get their index vector.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import { z } from 'zod';
import { bigrams, foldDiacritics, STOP_SYLLABLES, syllables } from '../../text/vietnamese.js';

export interface CorpusEmbedderOptions {
  dimension: number;
  /** Non-zero entries of each index vector. */
  sparsity: number;
  /** Neighbours on each side that shape a context vector. */
  window: number;
  /** Weight of the learned context part against the term's own index part (0..1). */
  contextWeight: number;
  /** Most terms that keep a learned context vector. */
  vocabularyLimit: number;
}

export const DEFAULT_CORPUS_EMBEDDER_OPTIONS: CorpusEmbedderOptions = {
  dimension: 256,
  sparsity: 8,
  window: 6,
  contextWeight: 0.9,
  vocabularyLimit: 60_000,
};

const ModelFile = z.object({
  id: z.literal('corpus-ri-v1'),
  options: z.object({ dimension: z.number(), sparsity: z.number(), window: z.number(), contextWeight: z.number(), vocabularyLimit: z.number() }),
  documentCount: z.number(),
  terms: z.array(z.string()),
  documentFrequencies: z.array(z.number()),
});

function hash32(text: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Folded syllables (stop syllables dropped) and their bigrams: the embedder's terms, in order. */
export function embedderTerms(text: string): { unigrams: string[]; pairs: string[] } {
  const tokens = syllables(text).filter((t) => !STOP_SYLLABLES.has(t));
  const unigrams = tokens.map((t) => foldDiacritics(t));
  return { unigrams, pairs: bigrams(unigrams) };
}

export class CorpusEmbedder extends Embeddings {
  readonly id = 'corpus-ri-v1';
  readonly options: CorpusEmbedderOptions;
  private readonly vocabulary: Map<string, number>;
  private readonly documentFrequencies: Float32Array;
  private readonly documentCount: number;
  /** Learned context vectors, row per vocabulary term, unit length. */
  private readonly contexts: Float32Array;

  private constructor(options: CorpusEmbedderOptions, terms: string[], documentFrequencies: Float32Array, documentCount: number, contexts: Float32Array) {
    super({});
    this.options = options;
    this.vocabulary = new Map(terms.map((term, index) => [term, index]));
    this.documentFrequencies = documentFrequencies;
    this.documentCount = documentCount;
    this.contexts = contexts;
  }

  get dimension(): number {
    return this.options.dimension;
  }

  static fit(texts: readonly string[], options: CorpusEmbedderOptions = DEFAULT_CORPUS_EMBEDDER_OPTIONS): CorpusEmbedder {
    const tokenised = texts.map((text) => embedderTerms(text));
    const df = new Map<string, number>();
    for (const { unigrams, pairs } of tokenised) {
      for (const term of new Set([...unigrams, ...pairs])) df.set(term, (df.get(term) ?? 0) + 1);
    }
    const terms = [...df.entries()]
      .filter(([, count]) => count >= 2)
      .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
      .slice(0, options.vocabularyLimit)
      .map(([term]) => term);
    const frequencies = Float32Array.from(terms.map((term) => df.get(term) ?? 0));
    const model = new CorpusEmbedder(options, terms, frequencies, texts.length, new Float32Array(terms.length * options.dimension));
    model.learnContexts(tokenised);
    return model;
  }

  private idf(term: string): number {
    const index = this.vocabulary.get(term);
    const df = index === undefined ? 1 : (this.documentFrequencies[index] as number);
    return Math.log(1 + this.documentCount / df);
  }

  /** Adds weight × the index vector of `term` into `target` at `offset`. */
  private addIndexVector(target: Float32Array, offset: number, term: string, weight: number): void {
    const { dimension, sparsity } = this.options;
    for (let j = 0; j < sparsity; j++) {
      const h = hash32(term, j * 7919 + 17);
      const position = h % dimension;
      const sign = (h >>> 31) === 1 ? -1 : 1;
      target[offset + position] = (target[offset + position] as number) + sign * weight;
    }
  }

  private learnContexts(tokenised: ReadonlyArray<{ unigrams: string[]; pairs: string[] }>): void {
    const { dimension, window } = this.options;
    const idfCache = new Map<string, number>();
    const idf = (term: string): number => {
      let value = idfCache.get(term);
      if (value === undefined) {
        value = this.idf(term);
        idfCache.set(term, value);
      }
      return value;
    };
    for (const { unigrams, pairs } of tokenised) {
      for (const sequence of [unigrams, pairs]) {
        for (let i = 0; i < sequence.length; i++) {
          const row = this.vocabulary.get(sequence[i] as string);
          if (row === undefined) continue;
          const lo = Math.max(0, i - window);
          const hi = Math.min(sequence.length - 1, i + window);
          for (let j = lo; j <= hi; j++) {
            if (j === i) continue;
            const neighbour = sequence[j] as string;
            this.addIndexVector(this.contexts, row * dimension, neighbour, idf(neighbour));
          }
        }
      }
    }
    for (let row = 0; row < this.vocabulary.size; row++) normalise(this.contexts, row * dimension, dimension);
  }

  embedText(text: string): number[] {
    const { dimension, contextWeight, sparsity } = this.options;
    const { unigrams, pairs } = embedderTerms(text);
    const counts = new Map<string, number>();
    for (const term of [...unigrams, ...pairs]) counts.set(term, (counts.get(term) ?? 0) + 1);
    const vector = new Float32Array(dimension);
    const own = (1 - contextWeight) / Math.sqrt(sparsity);
    for (const [term, count] of counts) {
      const weight = (1 + Math.log(count)) * this.idf(term);
      this.addIndexVector(vector, 0, term, weight * own);
      const row = this.vocabulary.get(term);
      if (row !== undefined && contextWeight > 0) {
        const base = row * dimension;
        for (let d = 0; d < dimension; d++) vector[d] = (vector[d] as number) + weight * contextWeight * (this.contexts[base + d] as number);
      }
    }
    normalise(vector, 0, dimension);
    return Array.from(vector);
  }

  override async embedDocuments(documents: string[]): Promise<number[][]> {
    return documents.map((text) => this.embedText(text));
  }

  override async embedQuery(document: string): Promise<number[]> {
    return this.embedText(document);
  }

  save(directory: string): void {
    fs.mkdirSync(directory, { recursive: true });
    const terms = [...this.vocabulary.keys()];
    fs.writeFileSync(
      path.join(directory, 'model.json'),
      JSON.stringify({ id: this.id, options: this.options, documentCount: this.documentCount, terms, documentFrequencies: Array.from(this.documentFrequencies) }),
    );
    fs.writeFileSync(path.join(directory, 'contexts.bin'), Buffer.from(this.contexts.buffer, this.contexts.byteOffset, this.contexts.byteLength));
  }

  static load(directory: string): CorpusEmbedder {
    const model = ModelFile.parse(JSON.parse(fs.readFileSync(path.join(directory, 'model.json'), 'utf8')));
    const raw = fs.readFileSync(path.join(directory, 'contexts.bin'));
    const contexts = new Float32Array(new Uint8Array(raw).buffer);
    return new CorpusEmbedder(model.options, model.terms, Float32Array.from(model.documentFrequencies), model.documentCount, contexts);
  }
}

function normalise(vector: Float32Array, offset: number, dimension: number): void {
  let norm = 0;
  for (let d = 0; d < dimension; d++) norm += (vector[offset + d] as number) ** 2;
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let d = 0; d < dimension; d++) vector[offset + d] = (vector[offset + d] as number) * scale;
}
