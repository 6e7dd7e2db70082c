/**
 * The contract every embedder passes (as every Store passes src/store/contract.ts): each
 * implementation's test file calls `runEmbedderContract` with a factory, and the same suite checks
 * what the index relies on — vectors of the embedder's `dimension`, finite, deterministic, in the
 * order of the texts, a query embedded as a document would be, and an empty batch answered empty.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndexEmbedder } from '../knowledgeBase.js';

export interface EmbedderContractOptions {
  /** The embedder under test; called once, after the file's own `beforeAll` (a stand-in server is up). */
  create(): IndexEmbedder | Promise<IndexEmbedder>;
}

/** Texts of the shape the index embeds: a context header, then a Khoản. */
export const CONTRACT_TEXTS: readonly string[] = [
  'Luật Thanh tra — Điều 47. Thời hạn thanh tra\n1. Thời hạn thanh tra không quá 45 ngày.',
  'Nghị định xử phạt — Điều 34. Vi phạm về thông tin thuê bao\na) Bán SIM đã nhập sẵn thông tin thuê bao;',
  'Luật Thanh tra — Điều 20. Đoàn thanh tra\n2. Đoàn thanh tra gồm Trưởng đoàn và các thành viên.',
  'Nghị định xử phạt — Điều 4. Mức phạt tiền\n3. Mức phạt tiền đối với cá nhân bằng 1/2 mức phạt tiền đối với tổ chức.',
  'thoi han thanh tra la bao lau',
  'Hiệu lực thi hành',
  'Điều 1. Phạm vi điều chỉnh',
];

function cosine(p: readonly number[], q: readonly number[]): number {
  let dot = 0;
  let pp = 0;
  let qq = 0;
  p.forEach((value, i) => {
    dot += value * (q[i] ?? 0);
    pp += value * value;
    qq += (q[i] ?? 0) ** 2;
  });
  return dot / (Math.sqrt(pp * qq) || 1);
}

export function runEmbedderContract(name: string, options: EmbedderContractOptions): void {
  describe(`embedder contract: ${name}`, () => {
    let embedder: IndexEmbedder;
    let vectors: number[][];

    beforeAll(async () => {
      embedder = await options.create();
      vectors = await embedder.embedDocuments([...CONTRACT_TEXTS]);
    });

    it('returns one vector per text, each of the embedder’s dimension, every value finite', () => {
      expect(vectors).toHaveLength(CONTRACT_TEXTS.length);
      expect(embedder.dimension).toBeGreaterThan(0);
      for (const vector of vectors) {
        expect(vector).toHaveLength(embedder.dimension);
        expect(vector.every((value) => Number.isFinite(value))).toBe(true);
        expect(vector.some((value) => value !== 0)).toBe(true);
      }
    });

    it('has a stable id to record in the index manifest', () => {
      expect(embedder.id).toMatch(/\S/u);
    });

    it('gives the same text the same vector, and different texts different vectors', async () => {
      const again = await embedder.embedDocuments([...CONTRACT_TEXTS].reverse());
      expect(again.reverse()).toEqual(vectors);
      expect(new Set(vectors.map((vector) => vector.join(','))).size).toBe(CONTRACT_TEXTS.length);
    });

    it('gives the same vectors when made again the same way (nothing depends on a cache or on chance)', async () => {
      const other = await options.create();
      expect(await other.embedDocuments([...CONTRACT_TEXTS])).toEqual(vectors);
    });

    it('keeps the order of the texts: each vector is the text’s own, whatever the batch', async () => {
      const one = await Promise.all(CONTRACT_TEXTS.map(async (text) => (await embedder.embedDocuments([text]))[0]));
      expect(one).toEqual(vectors);
      const pair = await embedder.embedDocuments([CONTRACT_TEXTS[3] as string, CONTRACT_TEXTS[0] as string]);
      expect(pair).toEqual([vectors[3], vectors[0]]);
    });

    it('embeds a query as it embeds the same text as a document', async () => {
      const query = await embedder.embedQuery(CONTRACT_TEXTS[0] as string);
      expect(query).toHaveLength(embedder.dimension);
      expect(cosine(query, vectors[0] ?? [])).toBeGreaterThan(0.99);
    });

    it('answers an empty batch with no vectors', async () => {
      expect(await embedder.embedDocuments([])).toEqual([]);
    });

    it('gives an empty text a vector of the right dimension with finite values', async () => {
      const [vector] = await embedder.embedDocuments(['']);
      expect(vector).toHaveLength(embedder.dimension);
      expect(vector?.every((value) => Number.isFinite(value))).toBe(true);
    });
  });
}
