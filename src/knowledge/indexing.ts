/**
 * Building the index from sources: files → documents and units (src/ingest) → knowledge base on disk.
 *
 * The index records the sources ingested so far. An ingest with sources adds or updates those and
 * keeps every other source's units as they are; an ingest without reads every recorded source again
 * (and, on a fresh index, the configured defaults). Only files whose content (or manifest) changed
 * are loaded again; a file deleted from a source that is read again leaves the index; a file that now
 * fails to load keeps what was indexed of it before. Nothing else removes units: taking a source out
 * is the explicit `remove` option.
 *
 * One process writes an index at a time (a lock beside it); a save stopped half way is recovered at
 * the next ingest or open. When the index-time parameters of the current code differ from those the
 * index was built with (BM25 k1/b, embedder options, unit text format), vectors and indexes are made
 * again rather than reused. Every failure is reported: skipped files by name with the reason, and
 * events (an unreadable previous index, a recovery, a missing source) to `log` and in the summary.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../errors.js';
import { baseFile, dedupeUnits, mergeDocuments, readSource } from '../ingest/corpus.js';
import { isInside } from '../ingest/manifest.js';
import { linkRegistry } from '../ingest/registry.js';
import { collectFiles, displayPath, readSourceBytes, sourceHash } from '../ingest/sources.js';
import type { LoadProgress } from '../ingest/loaders/index.js';
import type { FileEntry, SkippedFile } from '../ingest/types.js';
import type { DocumentRecord, LegalUnit } from '../legal/units.js';
import type { Bm25Parameters } from './bm25.js';
import { DEFAULT_CORPUS_EMBEDDER_OPTIONS } from './embedders/corpusEmbedder.js';
import { lockIndex, previousIndexDir, recoverIndexFolder, type IndexEvent, type IndexLogger, type SaveStep } from './indexFolder.js';
import {
  DEFAULT_BM25_PARAMETERS,
  KnowledgeBase,
  parametersHash,
  unitTextFormatVersion,
  type IndexEmbedder,
  type IndexManifest,
  type IndexParameters,
} from './knowledgeBase.js';
import { embeddedText } from './unitText.js';

export interface IngestLimits {
  /** Largest source file read, in bytes (INGEST_MAX_FILE_MB). */
  maxFileBytes: number;
  /** Most a DOCX may unpack to, in bytes (INGEST_MAX_UNPACKED_MB). */
  maxUnpackedBytes: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = { maxFileBytes: 50 * 1024 * 1024, maxUnpackedBytes: 100 * 1024 * 1024 };

/**
 * How one source file is getting on: the loader's page work (a scan's pages rendered and recognised),
 * then what reading it gave — its documents and their units, or why it was skipped.
 */
export type FileProgress = LoadProgress | { stage: 'read'; documents: Array<{ number: string; title?: string; units: number }>; skipped?: SkippedFile };

export interface IngestOptions {
  indexDir: string;
  /** Folders or files to add or update. None: every source recorded in the index is read again. */
  sources?: readonly string[];
  /** Read too when the index is fresh (records no sources yet): KB_SOURCES. */
  defaultSources?: readonly string[];
  /** Folders or files to take out of the index (recorded sources, or paths inside them). */
  remove?: readonly string[];
  /** Ignore what the previous index holds: load every file of every source and fit the embedder again. */
  rebuild?: boolean;
  /** Returns the embedder: the previous one when given, or one fitted on these unit texts. */
  embedderFor: (texts: string[], previous: { manifest: IndexManifest; directory: string } | undefined) => Promise<IndexEmbedder>;
  /**
   * The index-time parameters of the embedder the current configuration builds (see
   * `embedderParametersFor`). Default: the corpus embedder's, unless the index was built by a remote one.
   */
  embedderParameters?: Record<string, unknown>;
  /** BM25 k1 and b. Default: DEFAULT_BM25_PARAMETERS. */
  bm25?: Bm25Parameters;
  limits?: Partial<IngestLimits>;
  onFile?: (file: string, done: number, total: number) => void;
  /**
   * Progress of each file that is read again (not of those reused unchanged), by its display path.
   * Throwing from it stops the ingest before anything is written: the index stays as it was (the web
   * upload uses this to refuse a file that gave nothing).
   */
  onFileProgress?: (file: string, progress: FileProgress) => void;
  onEmbed?: (done: number, total: number) => void;
  /** Every event of the ingest as it happens (also returned in the summary). */
  log?: IndexLogger;
  /** Test hook: called after each step of the save (throwing stops the save there, as a kill would). */
  onSaveStep?: (step: SaveStep) => void;
}

export interface IngestSummary {
  /** Files of the sources read this time. */
  files: number;
  filesLoaded: number;
  /** Unchanged files of the sources read this time, whose units were reused. */
  filesReused: number;
  /** Files of the other recorded sources, kept as they were without being read. */
  filesKept: number;
  documents: number;
  units: number;
  /** Units the index held before this ingest. */
  unitsBefore: number;
  /** Files (and sources, manifests) not used, by name with the reason: the exit status is 2 when there are any. */
  skipped: SkippedFile[];
  warnings: Array<{ document: string; warning: string }>;
  /** Documents read this time, with the share of their tokens that are not Vietnamese syllables (text damage). */
  textQuality: Array<{ document: string; nonSyllableShare: number; ocr: boolean }>;
  /** What was done to a file's text on the way (a legacy encoding converted). */
  notices: Array<{ file: string; notice: string }>;
  removedFiles: string[];
  /** The sources the index records after this ingest, as paths relative to the working directory. */
  sources: string[];
  /** What happened besides files: a previous index that could not be read, a recovery, changed parameters. */
  events: IndexEvent[];
  /** False when nothing changed and the index on disk was left as it was. */
  saved: boolean;
  buildId: string;
  seconds: number;
  indexDir: string;
}

/** The index-time parameters of the embedder a configuration builds: recorded in the manifest, compared at the next ingest. */
export function embedderParametersFor(config: { EMBEDDING_MODEL?: string | undefined }): Record<string, unknown> {
  return config.EMBEDDING_MODEL ? { id: `openai:${config.EMBEDDING_MODEL}` } : { id: 'corpus-ri-v1', options: { ...DEFAULT_CORPUS_EMBEDDER_OPTIONS } };
}

/** A recorded source (relative to the index's parent folder) as an absolute path, and back. */
function resolveRecorded(indexDir: string, recorded: string): string {
  return path.resolve(path.dirname(indexDir), recorded);
}
function recordOf(indexDir: string, absolute: string): string {
  return path.relative(path.dirname(indexDir), absolute) || '.';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

interface PreviousIndex {
  /** The newest manifest that could be read (its sources are the ones recorded). */
  manifest?: IndexManifest;
  /** The newest index that loads whole, to reuse units and vectors from. */
  knowledge?: KnowledgeBase;
  directory?: string;
}

async function readPrevious(indexDir: string, options: IngestOptions, log: IndexLogger): Promise<PreviousIndex> {
  const found: PreviousIndex = {};
  for (const folder of [indexDir, previousIndexDir(indexDir)]) {
    let manifest: IndexManifest | undefined;
    try {
      manifest = KnowledgeBase.readManifest(folder);
    } catch (error) {
      log({ level: 'warn', code: isAppError(error) ? error.code : 'INDEX_UNREADABLE', file: folder, message: `không đọc được chỉ mục cũ: ${messageOf(error)}` });
      continue;
    }
    if (!manifest) continue;
    found.manifest ??= manifest;
    if (options.rebuild) break;
    try {
      const embedder = await options.embedderFor([], { manifest, directory: folder });
      found.knowledge = await KnowledgeBase.load(folder, () => embedder);
      found.directory = folder;
      if (folder !== indexDir) {
        log({ level: 'warn', code: 'INDEX_FALLBACK', file: folder, message: 'chỉ mục hiện hành không dùng được; dùng lại nội dung của chỉ mục trước đó (.prev)' });
      }
      return found;
    } catch (error) {
      log({
        level: 'warn',
        code: isAppError(error) ? error.code : 'INDEX_UNREADABLE',
        file: folder,
        message: `không nạp được chỉ mục cũ để dùng lại (các tệp sẽ được đọc lại): ${messageOf(error)}`,
      });
    }
  }
  return found;
}

export async function ingest(options: IngestOptions): Promise<{ knowledge: KnowledgeBase; summary: IngestSummary }> {
  const indexDir = path.resolve(options.indexDir);
  for (const source of options.sources ?? []) {
    if (!exists(path.resolve(source))) throw new AppError('SOURCE_NOT_FOUND', source);
  }
  const lock = lockIndex(indexDir);
  try {
    const events: IndexEvent[] = [];
    const log: IndexLogger = (event) => {
      events.push(event);
      options.log?.(event);
    };
    recoverIndexFolder(indexDir, (folder) => KnowledgeBase.damage(folder) === undefined, log);
    return await ingestLocked(options, indexDir, events, log);
  } finally {
    lock.release();
  }
}

async function ingestLocked(options: IngestOptions, indexDir: string, events: IndexEvent[], log: IndexLogger): Promise<{ knowledge: KnowledgeBase; summary: IngestSummary }> {
  const started = performance.now();
  const limits: IngestLimits = { ...DEFAULT_INGEST_LIMITS, ...options.limits };
  const previous = await readPrevious(indexDir, options, log);
  const recordedManifest = previous.manifest;

  // Index-time parameters: a change means vectors and indexes are made again (units are kept).
  const parameters: IndexParameters = {
    bm25: options.bm25 ?? DEFAULT_BM25_PARAMETERS,
    unitText: unitTextFormatVersion(),
    embedder:
      options.embedderParameters ??
      (recordedManifest?.embedder.id.startsWith('openai:') ? recordedManifest.parameters.embedder : embedderParametersFor({})),
  };
  const parametersChanged = recordedManifest !== undefined && recordedManifest.parametersHash !== parametersHash(parameters);
  if (parametersChanged) {
    log({ level: 'info', code: 'PARAMETERS_CHANGED', file: indexDir, message: 'tham số lúc dựng chỉ mục đã đổi (BM25, bộ nhúng hoặc cách viết văn bản đơn vị): tính lại véc-tơ và chỉ mục' });
  }

  // Which sources: recorded ones, the defaults on a fresh index, those given; minus those removed.
  const fresh = recordedManifest === undefined;
  let recorded = (recordedManifest?.sources ?? []).map((source) => resolveRecorded(indexDir, source));
  let excluded = (recordedManifest?.excluded ?? []).map((source) => resolveRecorded(indexDir, source));
  const given = (options.sources ?? []).map((source) => path.resolve(source));
  const defaults = fresh ? (options.defaultSources ?? []).map((source) => path.resolve(source)) : [];
  const removals = (options.remove ?? []).map((source) => path.resolve(source));
  const previousEntries = previous.knowledge?.manifest.files ?? recordedManifest?.files ?? [];
  for (const removal of removals) {
    const known = recorded.some((source) => isInside(source, removal) || isInside(removal, source)) || previousEntries.some((entry) => isInside(path.resolve(entry.file), removal));
    if (!known) throw new AppError('SOURCE_NOT_INDEXED', displayPath(removal));
    recorded = recorded.filter((source) => !isInside(source, removal));
    if (recorded.some((source) => isInside(removal, source)) && !excluded.includes(removal)) excluded.push(removal);
  }
  for (const source of given) excluded = excluded.filter((entry) => !isInside(entry, source));
  const all = [...new Set([...recorded, ...defaults, ...given])];
  let refresh = given.length > 0 || removals.length > 0 ? [...new Set([...defaults, ...given])] : all;
  const skipped: SkippedFile[] = [];
  for (const source of refresh.filter((entry) => !exists(entry))) {
    // Only a recorded source can be missing here (a given one was checked): keep what it gave.
    skipped.push({ file: displayPath(source), code: 'SOURCE_NOT_FOUND', reason: 'nguồn đã ghi trong chỉ mục không còn tồn tại; giữ nguyên các đơn vị đã nạp từ nó (gỡ bằng --remove)' });
  }
  refresh = refresh.filter((entry) => exists(entry));
  if (!previous.knowledge) {
    // Nothing to keep units from: every source is read.
    const unread = all.filter((source) => !refresh.includes(source) && exists(source));
    if (unread.length > 0 && previousEntries.length > 0) {
      log({ level: 'warn', code: 'SOURCES_REREAD', message: `chỉ mục cũ không dùng lại được: đọc lại cả ${unread.length} nguồn khác (${unread.map(displayPath).join(', ')})` });
    }
    refresh = [...refresh, ...unread];
  }
  const inRefresh = (file: string): boolean => refresh.some((source) => isInside(path.resolve(file), source));

  // Units of the files of the sources not read now: kept as they are.
  const previousByFile = previous.knowledge ? groupByFile(previous.knowledge) : new Map<string, FileGroup>();
  const previousEntryOf = new Map(previousEntries.map((entry) => [entry.file, entry]));
  const entries: FileEntry[] = [];
  const documents: DocumentRecord[] = [];
  const units: LegalUnit[] = [];
  const removedFiles: string[] = [];
  let filesKept = 0;
  for (const entry of previousEntries) {
    if (removals.some((removal) => isInside(path.resolve(entry.file), removal))) {
      removedFiles.push(entry.file);
      continue;
    }
    if (inRefresh(entry.file)) continue;
    if (!previous.knowledge) {
      // A recorded source that is gone, and no previous index to keep its units from.
      log({ level: 'error', code: 'UNITS_LOST', file: path.resolve(entry.file), message: `${entry.file}: nguồn không còn và chỉ mục cũ không đọc được; ${entry.units} đơn vị của tệp này không giữ được` });
      continue;
    }
    const group = previousByFile.get(entry.file);
    units.push(...(group?.units ?? []));
    documents.push(...(group?.documents ?? []));
    entries.push(entry);
    filesKept++;
  }

  // The files of the sources read now.
  const collected = collectFiles(refresh, { excluded });
  for (const problem of collected.problems) skipped.push(problem);
  const files = collected.files;
  const seen = new Set<string>();
  const notices: Array<{ file: string; notice: string }> = [];
  let filesLoaded = 0;
  let filesReused = 0;
  /** A file that failed the same way last time keeps its entry (so an ingest with nothing new writes nothing). */
  const failedEntry = (entry: FileEntry): FileEntry => {
    const before = previousEntryOf.get(entry.file);
    return before?.error && before.hash === entry.hash && before.error.code === entry.error?.code ? before : entry;
  };
  const keepBefore = (file: string, skip: SkippedFile): boolean => {
    const before = previousEntryOf.get(file);
    const group = previousByFile.get(file);
    if (!before || before.error || !group) return false;
    units.push(...group.units);
    documents.push(...group.documents);
    entries.push(before);
    skipped.push({ ...skip, reason: `${skip.reason} (giữ nội dung đã nạp lần trước)` });
    return true;
  };
  for (let i = 0; i < files.length; i++) {
    const source = files[i];
    if (!source) continue;
    seen.add(source.display);
    options.onFile?.(source.display, i, files.length);
    let bytes: Buffer;
    try {
      bytes = readSourceBytes(source, limits.maxFileBytes);
    } catch (error) {
      const skip = { file: source.display, code: isAppError(error) ? error.code : 'FILE_UNREADABLE', reason: messageOf(error) };
      if (!keepBefore(source.display, skip)) {
        skipped.push(skip);
        entries.push(failedEntry({ file: source.display, hash: '', documents: 0, units: 0, warnings: [], error: { code: skip.code, message: skip.reason } }));
      }
      continue;
    }
    const hash = sourceHash(bytes, source.manifest);
    const before = previousEntryOf.get(source.display);
    const reusable = previousByFile.get(source.display);
    if (reusable && before && before.hash === hash && !before.error) {
      units.push(...reusable.units);
      documents.push(...reusable.documents);
      entries.push(before);
      filesReused++;
      continue;
    }
    const onProgress = options.onFileProgress;
    const read = await readSource(source, bytes, hash, { maxUnpackedBytes: limits.maxUnpackedBytes }, onProgress ? (progress) => onProgress(source.display, progress) : undefined);
    onProgress?.(source.display, {
      stage: 'read',
      documents: read.documents.map((document) => ({ number: document.number, ...(document.title ? { title: document.title } : {}), units: read.units.filter((unit) => unit.ref.document === document.number).length })),
      ...(read.skipped ? { skipped: read.skipped } : {}),
    });
    if (read.skipped) {
      if (!keepBefore(source.display, read.skipped)) {
        skipped.push(read.skipped);
        entries.push(failedEntry(read.entry));
      }
      continue;
    }
    documents.push(...read.documents);
    units.push(...read.units);
    entries.push(read.entry);
    for (const notice of read.notices) notices.push({ file: source.display, notice });
    filesLoaded++;
  }
  options.onFile?.('', files.length, files.length);
  const skippedNames = new Set(skipped.map((skip) => skip.file));
  for (const entry of previousEntries) {
    if (inRefresh(entry.file) && !seen.has(entry.file) && !removedFiles.includes(entry.file)) {
      // Deleted from a source read again, or no longer readable there (a link now pointing out of it).
      removedFiles.push(entry.file);
      if (!skippedNames.has(entry.file)) log({ level: 'info', code: 'FILE_REMOVED', file: path.resolve(entry.file), message: `tệp không còn trong nguồn: các đơn vị của nó rời khỏi chỉ mục` });
    }
  }
  for (const skip of skipped) log({ level: 'warn', code: skip.code, file: path.resolve(skip.file), message: `bỏ qua ${skip.file}: ${skip.reason}` });

  const finalSources = all.filter((source) => !removals.some((removal) => isInside(source, removal)));
  const recordedSources = finalSources.map((source) => recordOf(indexDir, source));
  const recordedExcluded = excluded.map((source) => recordOf(indexDir, source));
  const unitsBefore = previous.knowledge?.units.length ?? recordedManifest?.unitCount ?? 0;
  const sourcesChanged =
    JSON.stringify(recordedSources) !== JSON.stringify(recordedManifest?.sources ?? []) || JSON.stringify(recordedExcluded) !== JSON.stringify(recordedManifest?.excluded ?? []);
  const unchanged =
    previous.knowledge !== undefined &&
    previous.directory === indexDir &&
    !parametersChanged &&
    !sourcesChanged &&
    filesLoaded === 0 &&
    removedFiles.length === 0 &&
    entries.length === previousEntries.length &&
    entries.every((entry) => previousEntryOf.get(entry.file) === entry);
  const summaryOf = (knowledge: KnowledgeBase, saved: boolean): IngestSummary => {
    const records = [...knowledge.documents.values()];
    return {
      files: files.length,
      filesLoaded,
      filesReused,
      filesKept,
      documents: records.filter((d) => d.origin !== 'reference').length,
      units: knowledge.units.length,
      unitsBefore,
      skipped,
      warnings: records.flatMap((d) => d.warnings.map((warning) => ({ document: d.number, warning }))),
      textQuality: documents.filter((d) => d.nonSyllableShare !== undefined && d.origin === 'text').map((d) => ({ document: d.number, nonSyllableShare: d.nonSyllableShare ?? 0, ocr: d.ocr !== undefined })),
      notices,
      removedFiles,
      sources: finalSources.map(displayPath),
      events,
      saved,
      buildId: knowledge.manifest.buildId,
      seconds: (performance.now() - started) / 1000,
      indexDir,
    };
  };
  if (unchanged && previous.knowledge) return { knowledge: previous.knowledge, summary: summaryOf(previous.knowledge, false) };

  const merged = mergeDocuments(documents);
  const uniqueUnits = dedupeUnits(units, merged);
  const registry = linkRegistry(merged);
  const corpusHash = crypto.createHash('sha256').update(entries.map((e) => `${e.file}:${e.hash}`).sort().join('\n')).digest('hex').slice(0, 32);
  const reuse = previous.knowledge && previous.directory && !parametersChanged && !options.rebuild ? { knowledge: previous.knowledge, directory: previous.directory } : undefined;
  const embedder = await options.embedderFor(
    uniqueUnits.map((unit) => embeddedText(unit)),
    reuse ? { manifest: reuse.knowledge.manifest, directory: reuse.directory } : undefined,
  );
  const knownVectors = new Map<string, Float32Array>();
  if (reuse && reuse.knowledge.embedder.id === embedder.id) {
    reuse.knowledge.units.forEach((unit, index) => knownVectors.set(unit.id, reuse.knowledge.vectorOf(index)));
  }
  const knowledge = await KnowledgeBase.build(
    { units: uniqueUnits, documents: registry, files: entries, corpusHash, knownVectors, sources: recordedSources, excluded: recordedExcluded, parameters },
    embedder,
    options.onEmbed,
  );
  await knowledge.save(indexDir, { log, ...(options.onSaveStep ? { onStep: options.onSaveStep } : {}) });
  return { knowledge, summary: summaryOf(knowledge, true) };
}

interface FileGroup {
  units: LegalUnit[];
  documents: DocumentRecord[];
}

/** The previous index's units and documents by source file (a document from several files appears under each, with that file only). */
function groupByFile(previous: KnowledgeBase): Map<string, FileGroup> {
  const groups = new Map<string, FileGroup>();
  const group = (file: string): FileGroup => {
    let found = groups.get(file);
    if (!found) {
      found = { units: [], documents: [] };
      groups.set(file, found);
    }
    return found;
  };
  for (const unit of previous.units) group(baseFile(unit.source.file)).units.push(unit);
  for (const document of previous.documents.values()) {
    if (document.origin === 'reference') continue;
    for (const file of new Set(document.files.map(baseFile))) {
      group(file).documents.push({ ...document, files: document.files.filter((f) => baseFile(f) === file) });
    }
  }
  return groups;
}
