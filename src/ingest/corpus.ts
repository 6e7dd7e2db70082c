/**
 * From source files to the corpus: each file loaded and parsed into documents and units (a bad file
 * is reported and skipped), the same document from several files merged into one record, one unit
 * per id, and the registry linked both ways.
 */
import { ERROR_CATALOGUE, isAppError } from '../errors.js';
import type { DocumentRecord, LegalUnit } from '../legal/units.js';
import { buildDocuments } from './build.js';
import { loadFile, type LoadLimits, type LoadProgress } from './loaders/index.js';
import type { SourceFile } from './sources.js';
import type { FileEntry, SkippedFile } from './types.js';

/** A unit's file without the dataset fragment ("law.json#91/2015/QH13" → "law.json"). */
export function baseFile(file: string): string {
  const hash = file.indexOf('#');
  return hash >= 0 ? file.slice(0, hash) : file;
}


export interface ReadSource {
  entry: FileEntry;
  documents: DocumentRecord[];
  units: LegalUnit[];
  /** What the loader did to the text on the way (a legacy encoding converted). */
  notices: string[];
  skipped?: SkippedFile;
}

/**
 * Loads and parses one source file; a file that cannot be read is reported with its reason, never thrown.
 * `onProgress` hears the loader's page work (rendering and OCR of scanned pages).
 */
export async function readSource(source: SourceFile, bytes: Buffer, hash: string, limits?: LoadLimits, onProgress?: (progress: LoadProgress) => void): Promise<ReadSource> {
  try {
    const loaded = await loadFile(bytes, source.display, { ...(limits ? { limits } : {}), ...(onProgress ? { onProgress } : {}) });
    const documents: DocumentRecord[] = [];
    const units: LegalUnit[] = [];
    const notices = [...new Set(loaded.flatMap((document) => document.notices ?? []))];
    const warnings: string[] = [...notices];
    for (const document of loaded) {
      const built = buildDocuments(document, source.manifest?.byFile.get(source.path));
      documents.push(...built.documents);
      units.push(...built.units);
      for (const d of built.documents) warnings.push(...d.warnings);
    }
    return { entry: { file: source.display, hash, documents: documents.length, units: units.length, warnings }, documents, units, notices };
  } catch (error) {
    const code = isAppError(error) ? error.code : 'FILE_UNREADABLE';
    // An error of the parser itself (not a refusal of the file) is still said in Vietnamese, with what it was.
    const reason = isAppError(error) ? error.message : `${ERROR_CATALOGUE.FILE_UNREADABLE.message}: lỗi khi phân tích (${error instanceof Error ? error.message : String(error)})`;
    return {
      entry: { file: source.display, hash, documents: 0, units: 0, warnings: [], error: { code, message: reason } },
      documents: [],
      units: [],
      notices: [],
      skipped: { file: source.display, code, reason },
    };
  }
}

const ORIGIN_PRIORITY: Record<DocumentRecord['origin'], number> = { text: 0, dataset: 1, lessons: 2, codification: 3, reference: 4 };

/** The same document from several files (a law quoted in several codified topics) becomes one record. */
export function mergeDocuments(documents: readonly DocumentRecord[]): DocumentRecord[] {
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
export function dedupeUnits(units: readonly LegalUnit[], documents: readonly DocumentRecord[]): LegalUnit[] {
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
