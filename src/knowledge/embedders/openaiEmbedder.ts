/**
 * Embeddings from any OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama, a local bge-m3),
 * with batching, retries with backoff on 429 and 5xx, a dimension check against the index, and a
 * cache by content hash so that re-ingesting unchanged text costs nothing.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Embeddings } from '@langchain/core/embeddings';
import OpenAI from 'openai';
import { AppError } from '../../errors.js';

export interface OpenAiEmbedderOptions {
  baseURL: string;
  apiKey: string;
  model: string;
  batchSize: number;
  /** Dimension the index expects; a different answer is refused. */
  expectedDimension?: number;
  cacheDirectory?: string;
  maxRetries?: number;
  /** First backoff delay in ms; doubles each retry. */
  backoffMs?: number;
}

export class OpenAiEmbedder extends Embeddings {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly options: OpenAiEmbedderOptions;
  private knownDimension: number | undefined;
  private readonly cache = new Map<string, number[]>();

  constructor(options: OpenAiEmbedderOptions) {
    super({});
    this.options = options;
    this.id = `openai:${options.model}`;
    this.knownDimension = options.expectedDimension;
    // Retries are ours (with the backoff we test), not the client's.
    this.client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey, maxRetries: 0, timeout: 60_000 });
  }

  get dimension(): number {
    if (this.knownDimension === undefined) throw new AppError('EMBEDDING_FAILED', 'chưa biết số chiều (chưa gọi dịch vụ nhúng lần nào)');
    return this.knownDimension;
  }

  /** Ask once for the dimension when the index does not state it yet. */
  async probe(): Promise<number> {
    const [vector] = await this.embedDocuments(['thử']);
    return vector?.length ?? 0;
  }

  private cacheKey(text: string): string {
    return crypto.createHash('sha256').update(`${this.options.model}\n${text}`).digest('hex');
  }

  private cachePath(key: string): string | undefined {
    return this.options.cacheDirectory ? path.join(this.options.cacheDirectory, key.slice(0, 2), `${key}.json`) : undefined;
  }

  private fromCache(key: string): number[] | undefined {
    const memory = this.cache.get(key);
    if (memory) return memory;
    const file = this.cachePath(key);
    if (file && fs.existsSync(file)) {
      const vector = JSON.parse(fs.readFileSync(file, 'utf8')) as number[];
      this.cache.set(key, vector);
      return vector;
    }
    return undefined;
  }

  private remember(key: string, vector: number[]): void {
    this.cache.set(key, vector);
    const file = this.cachePath(key);
    if (file) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(vector));
    }
  }

  override async embedDocuments(texts: string[]): Promise<number[][]> {
    const results: Array<number[] | undefined> = texts.map((text) => this.fromCache(this.cacheKey(text)));
    const missing = results.flatMap((vector, index) => (vector ? [] : [index]));
    for (let start = 0; start < missing.length; start += this.options.batchSize) {
      const batch = missing.slice(start, start + this.options.batchSize);
      const vectors = await this.request(batch.map((index) => texts[index] as string));
      batch.forEach((index, j) => {
        const vector = vectors[j] as number[];
        results[index] = vector;
        this.remember(this.cacheKey(texts[index] as string), vector);
      });
    }
    return results as number[][];
  }

  override async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.embedDocuments([text]);
    return vector ?? [];
  }

  private async request(input: string[]): Promise<number[][]> {
    const maxRetries = this.options.maxRetries ?? 4;
    let delay = this.options.backoffMs ?? 500;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.client.embeddings.create({ model: this.options.model, input, encoding_format: 'float' });
        const vectors = [...response.data].sort((p, q) => p.index - q.index).map((item) => item.embedding);
        if (vectors.length !== input.length) throw new AppError('EMBEDDING_FAILED', `nhận ${vectors.length} véc-tơ cho ${input.length} đoạn`);
        for (const vector of vectors) this.checkDimension(vector.length);
        return vectors;
      } catch (error) {
        if (error instanceof AppError) throw error;
        const status = error instanceof OpenAI.APIError ? error.status : undefined;
        const retryable = status === undefined || status === 429 || status >= 500;
        if (!retryable || attempt >= maxRetries) {
          throw new AppError('EMBEDDING_FAILED', error instanceof Error ? error.message : String(error), { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  }

  private checkDimension(length: number): void {
    if (this.knownDimension === undefined) {
      this.knownDimension = length;
      return;
    }
    if (length !== this.knownDimension) {
      throw new AppError('EMBEDDING_DIMENSION_MISMATCH', `dịch vụ trả về véc-tơ ${length} chiều, chỉ mục dùng ${this.knownDimension} chiều`);
    }
  }
}
