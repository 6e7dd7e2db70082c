/**
 * The knowledge base on disk and in memory: units and document records, the BM25 index, the
 * vectors and their HNSW index (LangChain's HNSWLib over hnswlib-node), and the embedder that made
 * them. It is written to a temporary folder and renamed into place, with a typed manifest that is
 * checked on load.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { FileEntry } from '../ingest/types.js';
import type { DocumentRecord, LegalUnit } from '../legal/units.js';
import type { KnownDocument } from '../legal/reference.js';
import type { SyllableStatistics } from '../text/diacritics.js';
import { Bm25Index } from './bm25.js';
import { articleGroups, articleLexicalTerms, embeddedText, lexicalTerms } from './unitText.js';

export const INDEX_SCHEMA_VERSION = 1;

/** An embedder the index can be built with: LangChain's interface plus an id and a dimension. */
export type IndexEmbedder = Embeddings & { readonly id: string; readonly dimension: number };

const FileEntrySchema: z.ZodType<FileEntry> = z.object({
  file: z.string(),
  hash: z.string(),
  documents: z.number(),
  units: z.number(),
  warnings: z.array(z.string()),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});

const Manifest = z.object({
  schema: z.literal(INDEX_SCHEMA_VERSION),
  embedder: z.object({ id: z.string(), dimension: z.number().int().positive() }),
  unitCount: z.number().int().nonnegative(),
  documentCount: z.number().int().nonnegative(),
  corpusHash: z.string(),
  builtAt: z.string(),
  files: z.array(FileEntrySchema),
});
export type IndexManifest = z.infer<typeof Manifest>;

const Store = z.object({ documents: z.array(z.custom<DocumentRecord>()), units: z.array(z.custom<LegalUnit>()) });

export interface KnowledgeParts {
  units: LegalUnit[];
  documents: DocumentRecord[];
  files: FileEntry[];
  corpusHash: string;
  /** Vectors already computed for some units (by unit id), reused instead of embedding again. */
  knownVectors?: ReadonlyMap<string, Float32Array>;
}

export class KnowledgeBase {
  readonly units: LegalUnit[];
  readonly documents: Map<string, DocumentRecord>;
  readonly bm25: Bm25Index;
  /** BM25 over whole articles; `unitToArticle[i]` is the article row of unit i. */
  readonly articleBm25: Bm25Index;
  readonly unitToArticle: Int32Array;
  readonly vectors: Float32Array;
  readonly vectorStore: HNSWLib;
  readonly embedder: IndexEmbedder;
  readonly manifest: IndexManifest;
  private readonly unitIndex: Map<string, number>;

  private constructor(parts: {
    units: LegalUnit[];
    documents: DocumentRecord[];
    bm25: Bm25Index;
    articleBm25: Bm25Index;
    vectors: Float32Array;
    vectorStore: HNSWLib;
    embedder: IndexEmbedder;
    manifest: IndexManifest;
  }) {
    this.units = parts.units;
    this.documents = new Map(parts.documents.map((d) => [d.number, d]));
    this.bm25 = parts.bm25;
    this.articleBm25 = parts.articleBm25;
    this.unitToArticle = articleGroups(parts.units).unitToArticle;
    this.vectors = parts.vectors;
    this.vectorStore = parts.vectorStore;
    this.embedder = parts.embedder;
    this.manifest = parts.manifest;
    this.unitIndex = new Map(parts.units.map((unit, index) => [unit.id, index]));
  }

  private unitsByArticle: Map<string, LegalUnit[]> | undefined;
  private unitsByDocument: Map<string, LegalUnit[]> | undefined;
  private knownDocumentList: KnownDocument[] | undefined;

  private groupUnits(): void {
    this.unitsByArticle = new Map();
    this.unitsByDocument = new Map();
    for (const unit of this.units) {
      const byDocument = this.unitsByDocument.get(unit.ref.document) ?? [];
      byDocument.push(unit);
      this.unitsByDocument.set(unit.ref.document, byDocument);
      if (!unit.ref.article) continue;
      const key = `${unit.ref.document}|${unit.ref.article}`;
      const byArticle = this.unitsByArticle.get(key) ?? [];
      byArticle.push(unit);
      this.unitsByArticle.set(key, byArticle);
    }
  }

  /** The units of one Điều of one document, in order (grouped once, on first use). */
  unitsOfArticle(document: string, article: string): LegalUnit[] {
    if (!this.unitsByArticle) this.groupUnits();
    return this.unitsByArticle?.get(`${document}|${article}`) ?? [];
  }

  /** Every unit of the same Điều as `unit` (itself alone for an appendix). */
  unitsOfArticleOf(unit: LegalUnit): LegalUnit[] {
    const members = unit.ref.article ? this.unitsOfArticle(unit.ref.document, unit.ref.article) : [];
    return members.length > 0 ? members : [unit];
  }

  /** The units of one document, in order. */
  unitsOfDocument(document: string): LegalUnit[] {
    if (!this.unitsByDocument) this.groupUnits();
    return this.unitsByDocument?.get(document) ?? [];
  }

  /** The corpus's syllable and syllable-pair counts, as diacritic restoration reads them (from the exact-form BM25 terms). */
  get syllableStatistics(): SyllableStatistics {
    const bm25 = this.bm25;
    return {
      *syllableCounts() {
        for (const [term, count] of bm25.termsWithPrefix('s:')) yield [term.slice(2), count];
      },
      pairCount: (first, second) => bm25.documentFrequency(`b:${first}_${second}`),
    };
  }

  /** The registry as the reference resolver reads it (built once). */
  get knownDocuments(): KnownDocument[] {
    this.knownDocumentList ??= [...this.documents.values()].map((d) => ({ number: d.number, type: d.type, title: d.title, issued: d.issued }));
    return this.knownDocumentList;
  }

  unitById(id: string): LegalUnit | undefined {
    const index = this.unitIndex.get(id);
    return index === undefined ? undefined : this.units[index];
  }

  indexOf(id: string): number | undefined {
    return this.unitIndex.get(id);
  }

  vectorOf(index: number): Float32Array {
    const dimension = this.embedder.dimension;
    return this.vectors.subarray(index * dimension, (index + 1) * dimension);
  }

  static async build(parts: KnowledgeParts, embedder: IndexEmbedder, bm25Parameters = { k1: 1.2, b: 0.75 }, onProgress?: (done: number, total: number) => void): Promise<KnowledgeBase> {
    const { units } = parts;
    const bm25 = Bm25Index.stream(units.length, (index) => lexicalTerms(units[index] as LegalUnit), bm25Parameters);
    const articleBm25 = KnowledgeBase.articleIndexOf(units, bm25Parameters);
    const dimension = embedder.dimension;
    const vectors = new Float32Array(units.length * dimension);
    const missing: number[] = [];
    units.forEach((unit, index) => {
      const known = parts.knownVectors?.get(unit.id);
      if (known && known.length === dimension) vectors.set(known, index * dimension);
      else missing.push(index);
    });
    const batch = 256;
    for (let start = 0; start < missing.length; start += batch) {
      const slice = missing.slice(start, start + batch);
      const embedded = await embedder.embedDocuments(slice.map((index) => embeddedText(units[index] as LegalUnit)));
      embedded.forEach((vector, j) => {
        if (vector.length !== dimension) {
          throw new AppError('EMBEDDING_DIMENSION_MISMATCH', `bộ nhúng trả về ${vector.length} chiều, chỉ mục cần ${dimension}`);
        }
        vectors.set(vector, (slice[j] as number) * dimension);
      });
      onProgress?.(Math.min(start + batch, missing.length), missing.length);
    }
    const vectorStore = await KnowledgeBase.vectorStoreOf(units, vectors, embedder);
    const manifest: IndexManifest = {
      schema: INDEX_SCHEMA_VERSION,
      embedder: { id: embedder.id, dimension },
      unitCount: units.length,
      documentCount: parts.documents.length,
      corpusHash: parts.corpusHash,
      builtAt: new Date().toISOString(),
      files: parts.files,
    };
    return new KnowledgeBase({ units, documents: parts.documents, bm25, articleBm25, vectors, vectorStore, embedder, manifest });
  }

  private static articleIndexOf(units: readonly LegalUnit[], parameters: { k1: number; b: number }): Bm25Index {
    const { keys, unitToArticle } = articleGroups(units);
    const members: LegalUnit[][] = keys.map(() => []);
    units.forEach((unit, index) => members[unitToArticle[index] as number]?.push(unit));
    return Bm25Index.stream(members.length, (row) => articleLexicalTerms(members[row] ?? []), parameters);
  }

  private static async vectorStoreOf(units: readonly LegalUnit[], vectors: Float32Array, embedder: IndexEmbedder): Promise<HNSWLib> {
    const dimension = embedder.dimension;
    const store = new HNSWLib(embedder, { space: 'cosine', numDimensions: dimension });
    if (units.length === 0) return store;
    const rows: number[][] = [];
    const documents: Document[] = [];
    units.forEach((unit, index) => {
      rows.push(Array.from(vectors.subarray(index * dimension, (index + 1) * dimension)));
      documents.push(new Document({ pageContent: unit.id, metadata: { unit: index } }));
    });
    await store.addVectors(rows, documents);
    return store;
  }

  /** Nearest units to a query vector: [unit index, cosine similarity]. */
  async nearest(query: number[], k: number): Promise<Array<{ doc: number; score: number }>> {
    if (this.units.length === 0) return [];
    const hits = await this.vectorStore.similaritySearchVectorWithScore(query, Math.min(k, this.units.length));
    return hits.map(([document, distance]) => ({ doc: Number(document.metadata['unit']), score: 1 - distance }));
  }

  /** Writes everything to `<directory>.tmp-*`, then renames it into place. */
  async save(directory: string): Promise<void> {
    const parent = path.dirname(path.resolve(directory));
    fs.mkdirSync(parent, { recursive: true });
    const staging = fs.mkdtempSync(path.join(parent, `${path.basename(directory)}.tmp-`));
    try {
      fs.writeFileSync(path.join(staging, 'store.json'), JSON.stringify({ documents: [...this.documents.values()], units: this.units }));
      this.bm25.save(path.join(staging, 'bm25'));
      this.articleBm25.save(path.join(staging, 'bm25-articles'));
      fs.writeFileSync(path.join(staging, 'vectors.bin'), Buffer.from(this.vectors.buffer, this.vectors.byteOffset, this.vectors.byteLength));
      if (this.units.length > 0) await this.vectorStore.save(path.join(staging, 'hnsw'));
      const saveModel = (this.embedder as { save?: (dir: string) => void }).save;
      if (saveModel) saveModel.call(this.embedder, path.join(staging, 'embedder'));
      fs.writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(this.manifest, null, 2));
      const retired = `${path.resolve(directory)}.old-${process.pid}`;
      if (fs.existsSync(directory)) fs.renameSync(directory, retired);
      fs.renameSync(staging, directory);
      fs.rmSync(retired, { recursive: true, force: true });
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  }

  static readManifest(directory: string): IndexManifest | undefined {
    const file = path.join(directory, 'manifest.json');
    if (!fs.existsSync(file)) return undefined;
    const parsed = Manifest.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) throw new AppError('INDEX_INCOMPATIBLE', `manifest.json không hợp lệ (${parsed.error.issues[0]?.message ?? ''})`);
    return parsed.data;
  }

  /** Loads an index; `embedderFor` returns the embedder matching the manifest (or the configured one). */
  static async load(directory: string, embedderFor: (manifest: IndexManifest, directory: string) => IndexEmbedder): Promise<KnowledgeBase> {
    const manifest = KnowledgeBase.readManifest(directory);
    if (!manifest) throw new AppError('INDEX_MISSING', directory);
    const embedder = embedderFor(manifest, directory);
    if (embedder.id !== manifest.embedder.id) {
      throw new AppError('INDEX_INCOMPATIBLE', `chỉ mục dựng bằng bộ nhúng "${manifest.embedder.id}", cấu hình hiện tại là "${embedder.id}"`);
    }
    if (embedder.dimension !== manifest.embedder.dimension) {
      throw new AppError('EMBEDDING_DIMENSION_MISMATCH', `chỉ mục ${manifest.embedder.dimension} chiều, bộ nhúng ${embedder.dimension} chiều`);
    }
    const store = Store.parse(JSON.parse(fs.readFileSync(path.join(directory, 'store.json'), 'utf8')));
    if (store.units.length !== manifest.unitCount) {
      throw new AppError('INDEX_INCOMPATIBLE', `manifest ghi ${manifest.unitCount} đơn vị, kho có ${store.units.length}`);
    }
    const bm25 = Bm25Index.load(path.join(directory, 'bm25'));
    const articleBm25 = Bm25Index.load(path.join(directory, 'bm25-articles'));
    const raw = fs.readFileSync(path.join(directory, 'vectors.bin'));
    const vectors = new Float32Array(new Uint8Array(raw).buffer);
    if (vectors.length !== store.units.length * embedder.dimension) throw new AppError('INDEX_INCOMPATIBLE', 'vectors.bin không khớp số đơn vị');
    const vectorStore =
      store.units.length > 0
        ? await HNSWLib.load(path.join(directory, 'hnsw'), embedder)
        : new HNSWLib(embedder, { space: 'cosine', numDimensions: embedder.dimension });
    return new KnowledgeBase({ units: store.units, documents: store.documents, bm25, articleBm25, vectors, vectorStore, embedder, manifest });
  }
}
