import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAi, type MockOpenAi } from '../../../test/mockOpenAi.js';
import { OpenAiEmbedder } from './openaiEmbedder.js';

let mock: MockOpenAi;
const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'embed-cache-'));

beforeAll(async () => {
  mock = await startMockOpenAi();
});
afterAll(async () => {
  await mock.close();
  fs.rmSync(cacheDirectory, { recursive: true, force: true });
});

function embedder(options: Partial<ConstructorParameters<typeof OpenAiEmbedder>[0]> = {}): OpenAiEmbedder {
  return new OpenAiEmbedder({ baseURL: mock.baseURL, apiKey: 'test', model: 'bge-m3', batchSize: 3, backoffMs: 5, ...options });
}

describe('OpenAI-compatible embedder against a local stand-in', () => {
  it('sends texts in batches and keeps their order', async () => {
    mock.embeddingRequests.length = 0;
    const texts = ['một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy'];
    const vectors = await embedder().embedDocuments(texts);
    expect(mock.embeddingRequests.map((r) => r.input.length)).toEqual([3, 3, 1]);
    expect(mock.embeddingRequests.flatMap((r) => r.input)).toEqual(texts);
    expect(vectors).toHaveLength(7);
    expect(vectors[0]).not.toEqual(vectors[1]);
    expect(vectors[0]).toHaveLength(8);
  });

  it('retries after a 429 with backoff', async () => {
    mock.embeddingRequests.length = 0;
    mock.embedding.failures.push(429, 429);
    const vectors = await embedder().embedDocuments(['thanh tra']);
    expect(mock.embeddingRequests).toHaveLength(3);
    expect(vectors[0]).toHaveLength(8);
  });

  it('gives up on a client error with a clear message', async () => {
    mock.embedding.failures.push(400);
    await expect(embedder().embedDocuments(['x'])).rejects.toMatchObject({ code: 'EMBEDDING_FAILED' });
  });

  it('refuses a dimension that does not match the index', async () => {
    await expect(embedder({ expectedDimension: 1024 }).embedDocuments(['khoản 1'])).rejects.toThrow(/dịch vụ trả về véc-tơ 8 chiều, chỉ mục dùng 1024 chiều/u);
  });

  it('caches by content hash: unchanged text is not sent again', async () => {
    const first = embedder({ cacheDirectory });
    await first.embedDocuments(['điều 1', 'điều 2']);
    mock.embeddingRequests.length = 0;
    const second = embedder({ cacheDirectory });
    const vectors = await second.embedDocuments(['điều 1', 'điều 2', 'điều 3']);
    expect(mock.embeddingRequests.flatMap((r) => r.input)).toEqual(['điều 3']);
    expect(vectors).toHaveLength(3);
  });
});
