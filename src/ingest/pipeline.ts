/**
 * The ingest: files → loaded text → documents and units → knowledge base on disk.
 * Only files whose content (or manifest) changed since the last build are loaded again; the units
 * and vectors of the others are reused, and a removed file's units leave the index.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAppError } from '../errors.js';
import { KnowledgeBase, type FileEntry, type IndexEmbedder, type IndexManifest } from '../knowledge/knowledgeBase.js';
import { embeddedText } from '../knowledge/unitText.js';
import { buildDocuments } from './build.js';
import { loadFile } from './loaders/index.js';
import { readManifest, type Manifest } from './manifest.js';
import { linkRegistry } from './registry.js';
import type { DocumentRecord, LegalUnit } from './unitTypes.js';

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

export interface SkippedFile {
  file: string;
  code: string;
  reason: string;
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

const IGNORED_NAMES = new Set(['manifest.json', 'readme.md', 'package.json']);

interface SourceFile {
  path: string;
  display: string;
  manifest?: Manifest;
}

export function collectFiles(sources: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const visit = (entry: string, manifest: Manifest | undefined): void => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      const own = readManifest(entry) ?? manifest;
      for (const name of fs.readdirSync(entry).sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        visit(path.join(entry, name), own);
      }
      return;
    }
    const name = path.basename(entry).toLowerCase();
    if (IGNORED_NAMES.has(name)) return;
    files.push({ path: path.resolve(entry), display: path.relative(process.cwd(), path.resolve(entry)) || entry, ...(manifest ? { manifest } : {}) });
  };
  for (const source of sources) {
    if (!fs.existsSync(source)) continue;
    const manifest = fs.statSync(source).isDirectory() ? undefined : readManifest(path.dirname(source));
    visit(source, manifest);
  }
  return files;
}

const CODE_DIRECTORIES = ['../ingest', '../legal', '../text'];
let codeVersion: string | undefined;

/** A digest of the code that turns files into units: when the parser changes, every file is read again. */
export function ingestCodeVersion(): string {
  if (codeVersion) return codeVersion;
  const hash = crypto.createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const directory of CODE_DIRECTORIES) {
    const root = path.resolve(here, directory);
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).sort();
    for (const name of files) hash.update(name).update(fs.readFileSync(path.join(root, name)));
  }
  codeVersion = hash.digest('hex').slice(0, 16);
  return codeVersion;
}

function fileHash(bytes: Buffer, manifest?: Manifest): string {
  const hash = crypto.createHash('sha256').update(ingestCodeVersion()).update(bytes);
  if (manifest) hash.update(manifest.content);
  return hash.digest('hex').slice(0, 32);
}

/** A unit's file without the dataset fragment ("law.json#91/2015/QH13" → "law.json"). */
function baseFile(file: string): string {
  const hash = file.indexOf('#');
  return hash >= 0 ? file.slice(0, hash) : file;
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
    const hash = fileHash(bytes, source.manifest);
    const before = previousEntries.get(source.display);
    const reusable = previousByFile?.get(source.display);
    if (reusable && before && before.hash === hash && !before.error) {
      units.push(...reusable.units);
      documents.push(...reusable.documents);
      entries.push(before);
      filesReused++;
      continue;
    }
    try {
      const loaded = await loadFile(bytes, source.display);
      let documentCount = 0;
      let unitCount = 0;
      const warnings: string[] = [];
      for (const document of loaded) {
        const built = buildDocuments(document, source.manifest?.byFile.get(source.path));
        documents.push(...built.documents);
        units.push(...built.units);
        documentCount += built.documents.length;
        unitCount += built.units.length;
        for (const d of built.documents) warnings.push(...d.warnings);
      }
      entries.push({ file: source.display, hash, documents: documentCount, units: unitCount, warnings });
      filesLoaded++;
    } catch (error) {
      const code = isAppError(error) ? error.code : 'FILE_UNREADABLE';
      const reason = error instanceof Error ? error.message : String(error);
      skipped.push({ file: source.display, code, reason });
      entries.push({ file: source.display, hash, documents: 0, units: 0, warnings: [], error: { code, message: reason } });
    }
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

const ORIGIN_PRIORITY: Record<DocumentRecord['origin'], number> = { text: 0, dataset: 1, lessons: 2, codification: 3, reference: 4 };

/** The same document from several files (a law quoted in several codified topics) becomes one record. */
function mergeDocuments(documents: readonly DocumentRecord[]): DocumentRecord[] {
  const byNumber = new Map<string, DocumentRecord>();
  for (const document of documents) {
    const existing = byNumber.get(document.number);
    if (!existing) {
      byNumber.set(document.number, { ...document, files: [...document.files] });
      continue;
    }
    const [primary, secondary] = ORIGIN_PRIORITY[document.origin] < ORIGIN_PRIORITY[existing.origin] ? [document, existing] : [existing, document];
    byNumber.set(document.number, {
      ...secondary,
      ...primary,
      title: primary.title ?? secondary.title,
      files: [...new Set([...primary.files, ...secondary.files])],
      articleCount: primary.origin === secondary.origin ? primary.articleCount + secondary.articleCount : primary.articleCount,
      amendedBy: [...new Set([...primary.amendedBy, ...secondary.amendedBy])],
    } as DocumentRecord);
  }
  return [...byNumber.values()];
}

/** One unit per id: a document's own text wins over a codified copy of it. */
function dedupeUnits(units: readonly LegalUnit[], documents: readonly DocumentRecord[]): LegalUnit[] {
  const chosen = new Map<string, LegalUnit>();
  const fromText = new Set(documents.filter((d) => d.origin === 'text').map((d) => d.number));
  for (const unit of units) {
    if (unit.codifiedAs && fromText.has(unit.ref.document)) continue;
    let id = unit.id;
    // A document that repeats an article number (OCR damage) keeps both units, told apart.
    for (let n = 2; chosen.has(id) && !unit.codifiedAs; n++) id = `${unit.id}#${n}`;
    if (chosen.has(id)) continue;
    chosen.set(id, id === unit.id ? unit : { ...unit, id });
  }
  return [...chosen.values()];
}
