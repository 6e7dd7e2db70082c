/**
 * Building the index from sources: files → documents and units (src/ingest) → knowledge base on disk.
 * Only files whose content (or manifest) changed since the last build are loaded again; the units
 * and vectors of the others are reused, and a removed file's units leave the index.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { baseFile, dedupeUnits, mergeDocuments, readSource } from '../ingest/corpus.js';
import { linkRegistry } from '../ingest/registry.js';
import { collectFiles, sourceHash, type SourceFile } from '../ingest/sources.js';
import type { FileEntry, SkippedFile } from '../ingest/types.js';
import type { DocumentRecord, LegalUnit } from '../legal/units.js';
import { KnowledgeBase, type IndexEmbedder, type IndexManifest } from './knowledgeBase.js';
import { embeddedText } from './unitText.js';

export interface IngestOptions {
  sources: string[];
  indexDir: string;
  /** Ignore the previous index: load every file and fit the embedder again. */
  rebuild?: boolean;
  /** Returns the embedder: the previous one when given, or one fitted on these unit texts. */
  embedderFor: (texts: string[], previous: { manifest: IndexManifest; directory: string } | undefined) => Promise<IndexEmbedder>;
  onFile?: (file: string, done: number, total: number) => void;
  onEmbed?: (done: number, total: number) => void;
}

export interface IngestSummary {
  files: number;
  filesLoaded: number;
  filesReused: number;
  documents: number;
  units: number;
  skipped: SkippedFile[];
  warnings: Array<{ document: string; warning: string }>;
  removedFiles: string[];
  seconds: number;
  indexDir: string;
}

export async function ingest(options: IngestOptions): Promise<{ knowledge: KnowledgeBase; summary: IngestSummary }> {
  const started = performance.now();
  const files = collectFiles(options.sources);
  let previous: KnowledgeBase | undefined;
  let previousManifest: IndexManifest | undefined;
  if (!options.rebuild) {
    try {
      previousManifest = KnowledgeBase.readManifest(options.indexDir);
      if (previousManifest) {
        const embedder = await options.embedderFor([], { manifest: previousManifest, directory: options.indexDir });
        previous = await KnowledgeBase.load(options.indexDir, () => embedder);
      }
    } catch {
      previous = undefined;
      previousManifest = undefined;
    }
  }
  const previousEntries = new Map((previousManifest?.files ?? []).map((entry) => [entry.file, entry]));
  const previousByFile = previous ? groupByFile(previous) : undefined;
  const entries: FileEntry[] = [];
  const skipped: SkippedFile[] = [];
  const documents: DocumentRecord[] = [];
  const units: LegalUnit[] = [];
  let filesLoaded = 0;
  let filesReused = 0;

  for (let i = 0; i < files.length; i++) {
    const source = files[i] as SourceFile;
    options.onFile?.(source.display, i, files.length);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(source.path);
    } catch (error) {
      skipped.push({ file: source.display, code: 'FILE_UNREADABLE', reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const hash = sourceHash(bytes, source.manifest);
    const before = previousEntries.get(source.display);
    const reusable = previousByFile?.get(source.display);
    if (reusable && before && before.hash === hash && !before.error) {
      units.push(...reusable.units);
      documents.push(...reusable.documents);
      entries.push(before);
      filesReused++;
      continue;
    }
    const read = await readSource(source, bytes, hash);
    documents.push(...read.documents);
    units.push(...read.units);
    entries.push(read.entry);
    if (read.skipped) skipped.push(read.skipped);
    else filesLoaded++;
  }
  options.onFile?.('', files.length, files.length);
  const current = new Set(entries.map((e) => e.file));
  const removedFiles = [...previousEntries.keys()].filter((file) => !current.has(file));
  if (previous && filesLoaded === 0 && removedFiles.length === 0 && entries.length === previousEntries.size) {
    // Nothing changed: the index on disk is already what this ingest would write.
    return { knowledge: previous, summary: summaryOf(previous, files.length, 0, filesReused, skipped, [], started, options.indexDir) };
  }

  const merged = mergeDocuments(documents);
  const uniqueUnits = dedupeUnits(units, merged);
  const registry = linkRegistry(merged);
  const corpusHash = crypto.createHash('sha256').update(entries.map((e) => `${e.file}:${e.hash}`).sort().join('\n')).digest('hex').slice(0, 32);
  const embedder = await options.embedderFor(
    uniqueUnits.map((unit) => embeddedText(unit)),
    previous && previousManifest ? { manifest: previousManifest, directory: options.indexDir } : undefined,
  );
  const knownVectors = new Map<string, Float32Array>();
  if (previous && previous.embedder.id === embedder.id) {
    previous.units.forEach((unit, index) => knownVectors.set(unit.id, previous.vectorOf(index)));
  }
  const knowledge = await KnowledgeBase.build(
    { units: uniqueUnits, documents: registry, files: entries, corpusHash, knownVectors },
    embedder,
    undefined,
    options.onEmbed,
  );
  await knowledge.save(options.indexDir);
  return { knowledge, summary: summaryOf(knowledge, files.length, filesLoaded, filesReused, skipped, removedFiles, started, options.indexDir) };
}

/** The previous index's units and documents by source file (a document from several files appears under each, with that file only). */
function groupByFile(previous: KnowledgeBase): Map<string, { units: LegalUnit[]; documents: DocumentRecord[] }> {
  const groups = new Map<string, { units: LegalUnit[]; documents: DocumentRecord[] }>();
  const group = (file: string): { units: LegalUnit[]; documents: DocumentRecord[] } => {
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

function summaryOf(
  knowledge: KnowledgeBase,
  files: number,
  filesLoaded: number,
  filesReused: number,
  skipped: SkippedFile[],
  removedFiles: string[],
  started: number,
  indexDir: string,
): IngestSummary {
  const documents = [...knowledge.documents.values()];
  return {
    files,
    filesLoaded,
    filesReused,
    documents: documents.filter((d) => d.origin !== 'reference').length,
    units: knowledge.units.length,
    skipped,
    warnings: documents.flatMap((d) => d.warnings.map((warning) => ({ document: d.number, warning }))),
    removedFiles,
    seconds: (performance.now() - started) / 1000,
    indexDir,
  };
}

