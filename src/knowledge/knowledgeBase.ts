/**
 * The knowledge base on disk and in memory: units and document records, the BM25 index, the
 * vectors and their HNSW index (LangChain's HNSWLib over hnswlib-node), and the embedder that made
 * them. It is written to a staging folder and renamed into place (see indexFolder.ts), with a typed
 * manifest that lists a sha256 for every file; on load every checksum is verified before any file is
 * parsed (hnswlib reads its file natively: altered bytes would crash the process, not throw), and a
 * damaged file is named in an INDEX_CORRUPT error.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document } from '@langchain/core/documents';
import type { Embeddings } from '@langchain/core/embeddings';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { z } from 'zod';
import { AppError, IndexCorruptError } from '../errors.js';
import { INDEX_PARAMETERS } from '../parameters.js';
import type { FileEntry } from '../ingest/types.js';
import type { DocumentRecord, LegalUnit } from '../legal/units.js';
import type { KnownDocument } from '../legal/reference.js';
import type { SyllableStatistics } from '../text/diacritics.js';
import { Bm25Index, SegmentedBm25, type Bm25Parameters, type LexicalIndex } from './bm25.js';
import {
  checksumsOf,
  createStagingFolder,
  flush,
  previousIndexDir,
  retiredFolderName,
  verifyChecksums,
  writeFileDurably,
  type IndexLogger,
  type SaveStep,
} from './indexFolder.js';
import { articleGroups, articleLexicalTerms, embeddedText, lexicalTerms } from './unitText.js';

/** Version 2: sources, index-time parameters, build id and a checksum per file. */
export const INDEX_SCHEMA_VERSION = 2;

export const DEFAULT_BM25_PARAMETERS: Bm25Parameters = { k1: INDEX_PARAMETERS.bm25K1.value, b: INDEX_PARAMETERS.bm25B.value };

/** An embedder the index can be built with: LangChain's interface plus an id and a dimension. */
export type IndexEmbedder = Embeddings & { readonly id: string; readonly dimension: number };

/** What an index was built with besides its units: when any of it changes, vectors and indexes are made again. */
export interface IndexParameters {
  bm25: Bm25Parameters;
  /** Digest of the code that writes the text each index sees of a unit (unitText.ts). */
  unitText: string;
  /** The embedder and its index-time options (the corpus embedder's dimension, window ...). */
  embedder: Record<string, unknown>;
}

let unitTextVersion: string | undefined;

/** A digest of unitText.ts: the embedded text and the lexical terms of a unit are written there. */
export function unitTextFormatVersion(): string {
  unitTextVersion ??= crypto
    .createHash('sha256')
    .update(fs.readFileSync(fileURLToPath(new URL('./unitText.ts', import.meta.url))))
    .update(JSON.stringify(INDEX_PARAMETERS))
    .digest('hex')
    .slice(0, 16);
  return unitTextVersion;
}

/** Key order does not change the hash. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([key, item]) => [key, canonical(item)]));
  }
  return value;
}

export function parametersHash(parameters: IndexParameters): string {
  return crypto.createHash('sha256').update(JSON.stringify(canonical(parameters))).digest('hex').slice(0, 32);
}

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
  /** Changes with every save: what a running service compares to learn that a newer index was written. */
  buildId: z.string(),
  builtAt: z.string(),
  embedder: z.object({ id: z.string(), dimension: z.number().int().positive() }),
  parameters: z.object({
    bm25: z.object({ k1: z.number(), b: z.number() }),
    unitText: z.string(),
    embedder: z.record(z.string(), z.unknown()),
  }),
  parametersHash: z.string(),
  unitCount: z.number().int().nonnegative(),
  documentCount: z.number().int().nonnegative(),
  corpusHash: z.string(),
  /** The folders and files ingested so far (relative to the index's parent folder). */
  sources: z.array(z.string()),
  /** Paths inside those sources taken out with `--remove`. */
  excluded: z.array(z.string()),
  files: z.array(FileEntrySchema),
  /** sha256 and size of every file of the index but manifest.json, by path relative to the index folder. */
  checksums: z.record(z.string(), z.object({ sha256: z.string(), bytes: z.number().int().nonnegative() })),
});
export type IndexManifest = z.infer<typeof Manifest>;

/** Files every index has (the HNSW files only when it has units). */
const REQUIRED_FILES = ['store.json', 'build.json', 'bm25/terms.json', 'bm25/postings.bin', 'bm25-articles/terms.json', 'bm25-articles/postings.bin', 'vectors.bin'];
const HNSW_FILES = ['hnsw/hnswlib.index', 'hnsw/args.json', 'hnsw/docstore.json'];

const BuildFile = z.object({ buildId: z.string(), builtAt: z.string(), unitCount: z.number() });

export interface SaveOptions {
  /** Called after each step of the save; a test throws here to stop the save as a kill would. */
  onStep?: (step: SaveStep) => void;
  log?: IndexLogger;
}

const Store = z.object({ documents: z.array(z.custom<DocumentRecord>()), units: z.array(z.custom<LegalUnit>()) });

export interface KnowledgeParts {
  units: LegalUnit[];
  documents: DocumentRecord[];
  files: FileEntry[];
  corpusHash: string;
  /** Sources and exclusions to record (relative to the index's parent folder). Default: none. */
  sources?: string[];
  excluded?: string[];
  /** Index-time parameters. Default: the current code's, with the embedder's id and dimension. */
  parameters?: IndexParameters;
  /** Vectors already computed for some units (by unit id), reused instead of embedding again. */
  knownVectors?: ReadonlyMap<string, Float32Array>;
}

/** The corpus part of a knowledge base: what the index on disk holds. */
interface CorpusParts {
  units: LegalUnit[];
  documents: DocumentRecord[];
  bm25: Bm25Index;
  articleBm25: Bm25Index;
  vectors: Float32Array;
}

/** Units published live (lessons, guides, verified answers): not on disk, searched with the corpus. */
export interface LiveParts {
  units: LegalUnit[];
  documents: DocumentRecord[];
  /** One vector per unit, `embedder.dimension` each, in order. */
  vectors: Float32Array;
}

export class KnowledgeBase {
  /** The corpus's units, then the live units. */
  readonly units: LegalUnit[];
  readonly documents: Map<string, DocumentRecord>;
  readonly bm25: LexicalIndex;
  /** BM25 over whole articles; `unitToArticle[i]` is the article row of unit i. */
  readonly articleBm25: LexicalIndex;
  readonly unitToArticle: Int32Array;
  readonly vectors: Float32Array;
  readonly vectorStore: HNSWLib;
  readonly embedder: IndexEmbedder;
  /** Set by the constructor; `save` adds the checksums of the files it wrote. */
  manifest: IndexManifest;
  private readonly unitIndex: Map<string, number>;

  /** What is saved to disk: the corpus without live units. */
  private readonly corpus: CorpusParts;
  /** How many units are live (they follow the corpus's). */
  readonly liveCount: number;

  private constructor(parts: {
    units: LegalUnit[];
    documents: DocumentRecord[];
    bm25: Bm25Index;
    articleBm25: Bm25Index;
    vectors: Float32Array;
    vectorStore: HNSWLib;
    embedder: IndexEmbedder;
    manifest: IndexManifest;
    live?: LiveParts;
  }) {
    this.corpus = { units: parts.units, documents: parts.documents, bm25: parts.bm25, articleBm25: parts.articleBm25, vectors: parts.vectors };
    const live = parts.live;
    this.liveCount = live?.units.length ?? 0;
    this.units = live ? [...parts.units, ...live.units] : parts.units;
    this.documents = new Map([...parts.documents, ...(live?.documents ?? [])].map((d) => [d.number, d]));
    if (live && live.units.length > 0) {
      const parameters = parts.bm25.parameters;
      this.bm25 = new SegmentedBm25(parts.bm25, Bm25Index.stream(live.units.length, (i) => lexicalTerms(live.units[i] as LegalUnit), parameters));
      this.articleBm25 = new SegmentedBm25(parts.articleBm25, Bm25Index.stream(live.units.length, (i) => articleLexicalTerms([live.units[i] as LegalUnit]), parameters));
      const vectors = new Float32Array(parts.vectors.length + live.vectors.length);
      vectors.set(parts.vectors);
      vectors.set(live.vectors, parts.vectors.length);
      parts = { ...parts, vectors };
    } else {
      this.bm25 = parts.bm25;
      this.articleBm25 = parts.articleBm25;
    }
    this.unitToArticle = articleGroups(this.units).unitToArticle;
    this.vectors = parts.vectors;
    this.vectorStore = parts.vectorStore;
    this.embedder = parts.embedder;
    this.manifest = parts.manifest;
    this.unitIndex = new Map(this.units.map((unit, index) => [unit.id, index]));
  }

  /** The BM25 parameters the corpus index was built with. */
  get bm25Parameters(): Bm25Parameters {
    return this.corpus.bm25.parameters;
  }

  /**
   * The same corpus with these live units searchable beside it (lexical and vector), without
   * touching the index on disk; a new view for each change of what is published.
   */
  withLive(live: LiveParts): KnowledgeBase {
    if (live.vectors.length !== live.units.length * this.embedder.dimension) {
      throw new AppError('EMBEDDING_DIMENSION_MISMATCH', `${live.units.length} đơn vị trực tiếp, ${live.vectors.length} giá trị véc-tơ`);
    }
    return new KnowledgeBase({ ...this.corpus, vectorStore: this.vectorStore, embedder: this.embedder, manifest: this.manifest, live });
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

  static async build(parts: KnowledgeParts, embedder: IndexEmbedder, onProgress?: (done: number, total: number) => void): Promise<KnowledgeBase> {
    const { units } = parts;
    const parameters = parts.parameters ?? { bm25: DEFAULT_BM25_PARAMETERS, unitText: unitTextFormatVersion(), embedder: embedderParameters(embedder) };
    const bm25Parameters = parameters.bm25;
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
    const builtAt = new Date().toISOString();
    const manifest: IndexManifest = {
      schema: INDEX_SCHEMA_VERSION,
      buildId: `${builtAt.replace(/[-:.TZ]/gu, '')}-${crypto.randomBytes(4).toString('hex')}`,
      builtAt,
      embedder: { id: embedder.id, dimension },
      parameters,
      parametersHash: parametersHash(parameters),
      unitCount: units.length,
      documentCount: parts.documents.length,
      corpusHash: parts.corpusHash,
      sources: parts.sources ?? [],
      excluded: parts.excluded ?? [],
      files: parts.files,
      checksums: {},
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
    const corpusCount = this.corpus.units.length;
    const found =
      corpusCount === 0
        ? []
        : (await this.vectorStore.similaritySearchVectorWithScore(query, Math.min(k, corpusCount))).map(([document, distance]) => ({ doc: Number(document.metadata['unit']), score: 1 - distance }));
    if (this.liveCount === 0) return found;
    // The live units are few: compared one by one (cosine), then merged with the corpus's nearest.
    const norm = Math.sqrt(query.reduce((sum, v) => sum + v * v, 0)) || 1;
    for (let doc = corpusCount; doc < this.units.length; doc++) {
      const vector = this.vectorOf(doc);
      let dot = 0;
      let length = 0;
      for (let d = 0; d < vector.length; d++) {
        dot += (vector[d] as number) * (query[d] ?? 0);
        length += (vector[d] as number) ** 2;
      }
      found.push({ doc, score: dot / (norm * (Math.sqrt(length) || 1)) });
    }
    return found.sort((p, q) => q.score - p.score).slice(0, k);
  }

  /**
   * Writes everything to a staging folder beside `directory` (manifest last, with a checksum per file,
   * each flushed to disk), then puts it in place: the current index, when whole, becomes
   * `<directory>.prev` (a damaged one is thrown away and the previous good one kept), and the staging
   * folder becomes `<directory>`. A process killed
   * at any step leaves what `recoverIndexFolder` turns back into a complete index.
   */
  async save(directory: string, options: SaveOptions = {}): Promise<void> {
    const step = options.onStep ?? (() => undefined);
    const current = path.resolve(directory);
    const previous = previousIndexDir(current);
    const staging = createStagingFolder(current);
    let manifest: IndexManifest;
    try {
      // Only the corpus goes to disk: live units come back from the store when the service starts.
      const { units, documents, bm25, articleBm25, vectors } = this.corpus;
      fs.writeFileSync(path.join(staging, 'store.json'), JSON.stringify({ documents, units }));
      bm25.save(path.join(staging, 'bm25'));
      articleBm25.save(path.join(staging, 'bm25-articles'));
      fs.writeFileSync(path.join(staging, 'vectors.bin'), Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength));
      if (units.length > 0) await this.vectorStore.save(path.join(staging, 'hnsw'));
      const saveModel = (this.embedder as { save?: (dir: string) => void }).save;
      if (saveModel) saveModel.call(this.embedder, path.join(staging, 'embedder'));
      fs.writeFileSync(path.join(staging, 'build.json'), JSON.stringify({ buildId: this.manifest.buildId, builtAt: this.manifest.builtAt, unitCount: this.units.length }));
      step('files-written');
      manifest = { ...this.manifest, checksums: checksumsOf(staging) };
      writeFileDurably(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
      flush(staging);
    } catch (error) {
      // Nothing outside the staging folder was touched yet (a kill here leaves it to the next recovery).
      fs.rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    step('staging-complete');

    // The current index becomes the previous one only when it is whole; a damaged one is thrown away
    // and the previous good index stays where it is.
    const retired: string[] = [];
    const currentExists = fs.existsSync(current);
    const problem = currentExists ? KnowledgeBase.damage(current) : undefined;
    if (currentExists && problem === undefined && fs.existsSync(previous)) {
      const folder = retiredFolderName(current);
      fs.renameSync(previous, folder);
      retired.push(folder);
    }
    step('previous-retired');
    if (currentExists) {
      if (problem === undefined) fs.renameSync(current, previous);
      else {
        const folder = retiredFolderName(current);
        fs.renameSync(current, folder);
        retired.push(folder);
        options.log?.({ level: 'warn', code: problem.code, file: problem.file, message: `chỉ mục đang được thay không dùng được nên không giữ làm bản trước: ${problem.message}` });
      }
    }
    step('current-retired');
    fs.renameSync(staging, current);
    flush(path.dirname(current));
    step('new-in-place');
    for (const folder of retired) fs.rmSync(folder, { recursive: true, force: true });
    this.manifest = manifest;
    step('done');
  }

  /** Reads and checks the manifest of an index folder; undefined when the folder has none. */
  static readManifest(directory: string): IndexManifest | undefined {
    const file = path.join(path.resolve(directory), 'manifest.json');
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch (cause) {
      if ((cause as { code?: string }).code === 'ENOENT') return undefined;
      throw new IndexCorruptError(file, 'không đọc được', { cause });
    }
    let json: unknown;
    try {
      json = JSON.parse(content);
    } catch (cause) {
      throw new IndexCorruptError(file, 'JSON hỏng (tệp bị cắt hoặc ghi dở)', { cause });
    }
    const schema = (json as { schema?: unknown } | null)?.schema;
    if (schema !== INDEX_SCHEMA_VERSION) {
      throw new AppError('INDEX_INCOMPATIBLE', `${file}: chỉ mục định dạng ${String(schema)}, phiên bản này cần định dạng ${INDEX_SCHEMA_VERSION}`);
    }
    const parsed = Manifest.safeParse(json, { error: z.locales.vi().localeError });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new IndexCorruptError(file, `sai cấu trúc (${issue ? `${issue.path.join('.')}: ${issue.message}` : ''})`);
    }
    return parsed.data;
  }

  /**
   * Checks that an index folder is whole: its manifest reads, lists every file an index has, and every
   * file matches its checksum. Throws INDEX_CORRUPT naming the first damaged file.
   */
  static verify(directory: string, manifest?: IndexManifest): IndexManifest {
    const folder = path.resolve(directory);
    const read = manifest ?? KnowledgeBase.readManifest(folder);
    if (!read) throw new IndexCorruptError(path.join(folder, 'manifest.json'), 'thiếu manifest.json');
    const required = read.unitCount > 0 ? [...REQUIRED_FILES, ...HNSW_FILES] : REQUIRED_FILES;
    for (const name of required) {
      if (!read.checksums[name]) throw new IndexCorruptError(path.join(folder, ...name.split('/')), 'manifest không có mã kiểm tra của tệp này');
    }
    verifyChecksums(folder, read.checksums);
    return read;
  }

  /** The damage of an index folder, or undefined when it is whole. */
  static damage(directory: string): { file: string; message: string; code: string } | undefined {
    try {
      KnowledgeBase.verify(directory);
      return undefined;
    } catch (error) {
      const file = error instanceof IndexCorruptError ? error.file : path.join(path.resolve(directory), 'manifest.json');
      return { file, message: error instanceof Error ? error.message : String(error), code: error instanceof AppError ? error.code : 'INDEX_CORRUPT' };
    }
  }

  /**
   * Loads an index; `embedderFor` returns the embedder matching the manifest (or the configured one).
   * Every checksum is verified first; nothing is parsed from a file that does not match.
   */
  static async load(directory: string, embedderFor: (manifest: IndexManifest, directory: string) => IndexEmbedder): Promise<KnowledgeBase> {
    const folder = path.resolve(directory);
    const manifest = KnowledgeBase.readManifest(folder);
    if (!manifest) throw new AppError('INDEX_MISSING', folder);
    KnowledgeBase.verify(folder, manifest);
    const fileOf = (name: string): string => path.join(folder, ...name.split('/'));
    const build = parseJson(fileOf('build.json'), BuildFile);
    if (build.buildId !== manifest.buildId) throw new IndexCorruptError(fileOf('build.json'), `mã lần dựng ${build.buildId} khác manifest (${manifest.buildId})`);
    const embedder = embedderFor(manifest, folder);
    if (embedder.id !== manifest.embedder.id) {
      throw new AppError('INDEX_INCOMPATIBLE', `chỉ mục dựng bằng bộ nhúng "${manifest.embedder.id}", cấu hình hiện tại là "${embedder.id}"`);
    }
    if (embedder.dimension !== manifest.embedder.dimension) {
      throw new AppError('EMBEDDING_DIMENSION_MISMATCH', `chỉ mục ${manifest.embedder.dimension} chiều, bộ nhúng ${embedder.dimension} chiều`);
    }
    const store = parseJson(fileOf('store.json'), Store);
    if (store.units.length !== manifest.unitCount) {
      throw new IndexCorruptError(fileOf('store.json'), `có ${store.units.length} đơn vị, manifest ghi ${manifest.unitCount}`);
    }
    const bm25 = Bm25Index.load(fileOf('bm25'), store.units.length);
    const articleBm25 = Bm25Index.load(fileOf('bm25-articles'));
    const raw = fs.readFileSync(fileOf('vectors.bin'));
    if (raw.length !== store.units.length * embedder.dimension * 4) {
      throw new IndexCorruptError(fileOf('vectors.bin'), `${raw.length} byte, cần ${store.units.length} × ${embedder.dimension} số thực 4 byte`);
    }
    const vectors = new Float32Array(new Uint8Array(raw).buffer);
    let vectorStore: HNSWLib;
    if (store.units.length > 0) {
      vectorStore = await HNSWLib.load(fileOf('hnsw'), embedder);
      const count = vectorStore.index.getCurrentCount();
      if (count !== store.units.length) throw new IndexCorruptError(fileOf('hnsw/hnswlib.index'), `có ${count} véc-tơ, kho có ${store.units.length} đơn vị`);
    } else vectorStore = new HNSWLib(embedder, { space: 'cosine', numDimensions: embedder.dimension });
    return new KnowledgeBase({ units: store.units, documents: store.documents, bm25, articleBm25, vectors, vectorStore, embedder, manifest });
  }
}

/** Reads a JSON file of the index and checks its shape; any failure names the file. */
function parseJson<T>(file: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new IndexCorruptError(file, 'không đọc được JSON', { cause });
  }
  const parsed = schema.safeParse(json, { error: z.locales.vi().localeError });
  if (!parsed.success) throw new IndexCorruptError(file, `sai cấu trúc (${parsed.error.issues[0]?.message ?? ''})`);
  return parsed.data;
}

/** What the index records of an embedder: its id, dimension and options when it has them (the corpus embedder's). */
export function embedderParameters(embedder: IndexEmbedder): Record<string, unknown> {
  const options = (embedder as { options?: unknown }).options;
  const own = embedder.id.startsWith('openai:') ? {} : { options: options && typeof options === 'object' ? { ...options } : {} };
  return { id: embedder.id, ...own };
}
