/**
 * From a loaded document to its records: header metadata, relations, structure, and the units
 * (a Khoản with its Điểm, or a whole Điều without Khoản, or an appendix).
 */
import { extractMetadata } from '../legal/metadata.js';
import { extractRelations } from '../legal/relations.js';
import { parseStructure } from '../legal/structure.js';
import type { ArticleNode, DocumentMetadata } from '../legal/types.js';
import { typeFromNumber } from '../legal/documentTypes.js';
import { parseSourceNote } from './codified.js';
import { checkSyllables } from '../text/syllableCheck.js';
import type { ManifestEntry } from './manifest.js';
import type { LoadedDocument } from './types.js';
import { emptyDocument, type DocumentRecord, type LegalUnit, type UnitPoint } from '../legal/units.js';

export interface BuiltDocuments {
  documents: DocumentRecord[];
  units: LegalUnit[];
}

/** Title-like headings rejected out of sequence above this count mean the numbering can't be trusted. */
const BROKEN_NUMBERING_THRESHOLD = 3;

export function buildDocuments(loaded: LoadedDocument, manifest?: ManifestEntry): BuiltDocuments {
  if (loaded.codified) return buildCodified(loaded);
  const amending = /sửa đổi, bổ sung một số (?:điều|khoản)/iu.test(loaded.text.slice(0, 2500));
  const structure = parseStructure(loaded.text, loaded.preset ? { anyArticleNumber: true } : {});
  const fromText: DocumentMetadata = loaded.preset ? { ...loaded.preset } : extractMetadata(loaded.text, structure.articles);
  const { metadata, fromManifest } = mergeManifest(fromText, manifest);
  const number = metadata.number ?? loaded.file;
  const warnings: string[] = [];
  if (!fromText.number && !loaded.preset) warnings.push('Không tìm thấy số hiệu văn bản trong phần đầu văn bản');
  const titleLikeRejected = structure.rejectedTitleHeadings;
  if (!amending && titleLikeRejected >= BROKEN_NUMBERING_THRESHOLD) {
    warnings.push(
      `Đánh số điều không liên tục: ${titleLikeRejected} tiêu đề "Điều ..." sai thứ tự (có thể do lỗi nhận dạng ký tự); cấu trúc văn bản không đáng tin cậy, cần đối chiếu bản gốc`,
    );
  }
  const relations = loaded.preset
    ? { amends: [], replaces: [], repealsInPart: [], repealedParts: [] }
    : extractRelations(loaded.text, structure.articles, metadata.number, metadata.title, metadata.effective);
  const document: DocumentRecord = {
    number,
    ...(metadata.type ? { type: metadata.type } : {}),
    ...(metadata.title ? { title: metadata.title } : {}),
    ...(metadata.issuer ? { issuer: metadata.issuer } : {}),
    ...(metadata.issued ? { issued: metadata.issued } : {}),
    ...(metadata.effective ? { effective: metadata.effective } : {}),
    ...(metadata.expired ? { expired: metadata.expired } : {}),
    ...(fromText.articleEffective ? { articleEffective: fromText.articleEffective } : {}),
    replaces: unique([...relations.replaces, ...(manifest?.replaces ?? [])]),
    ...(manifest?.replaced_by ? { replacedBy: manifest.replaced_by } : {}),
    amends: unique([...relations.amends, ...(manifest?.amends ?? [])]),
    amendedBy: [],
    repealsInPart: unique([...relations.repealsInPart, ...(manifest?.repeals_in_part ?? [])]),
    repealedParts: relations.repealedParts,
    repealed: [],
    origin: loaded.preset ? 'dataset' : 'text',
    files: [loaded.file],
    articleCount: structure.articles.length,
    warnings,
    fromManifest,
  };
  if (loaded.ocr) {
    document.ocr = { engine: loaded.ocr.engine, pages: loaded.ocr.pages, meanConfidence: loaded.ocr.meanConfidence, lowConfidencePages: loaded.ocr.lowConfidencePages };
    warnings.push(
      `Văn bản nhận dạng từ bản quét (${loaded.ocr.pages} trang, độ tin cậy trung bình ${loaded.ocr.meanConfidence.toFixed(1)}%)${loaded.ocr.lowConfidencePages.length > 0 ? `; các trang cần rà soát: ${loaded.ocr.lowConfidencePages.join(', ')}` : ''} — đối chiếu bản gốc trước khi trích dẫn`,
    );
  }
  const units = unitsOfArticles(loaded, structure.articles, document);
  document.nonSyllableShare = checkSyllables(units.map((unit) => unit.text).join('\n')).share;
  structure.appendices.forEach((appendix, index) => {
    const text = loaded.text.slice(appendix.start, appendix.end).trim();
    if (text.length < 40) return;
    units.push({
      id: `${number}|appendix:${index + 1}`,
      ref: { document: number, appendix: appendixNumber(appendix.title) },
      kind: 'appendix',
      documentTitle: document.title ?? number,
      ...(document.type ? { documentType: document.type } : {}),
      articleTitle: appendixTitle(appendix.title, text),
      text,
      points: [],
      source: { file: loaded.file, start: appendix.start, end: appendix.end },
      order: units.length,
    });
  });
  return { documents: [document], units };
}

/** "PHỤ LỤC XI" → "XI"; "Phụ lục số 02" → "02"; an unnumbered "Phụ lục" → "". */
function appendixNumber(heading: string): string {
  return /^(?:Phụ lục|PHỤ LỤC)(?:\s+(?:số\s+)?([IVXLC]+|\d{1,2})(?![\p{L}\d]))?/u.exec(heading)?.[1] ?? '';
}

/** The appendix heading with the title line under it when the heading has none ("Phụ lục XI. Danh mục ..."). */
function appendixTitle(heading: string, text: string): string {
  const number = appendixNumber(heading);
  const label = number ? `Phụ lục ${number}` : 'Phụ lục';
  const rest = heading.replace(/^(?:Phụ lục|PHỤ LỤC)(?:\s+(?:số\s+)?(?:[IVXLC]+|\d{1,2})(?![\p{L}\d]))?\s*[.:]?\s*/u, '').trim();
  if (rest) return `${label}. ${rest}`;
  const next = text.split('\n').slice(1).map((line) => line.trim()).find((line) => line.length > 0 && !/^\(?(?:Kèm theo|Ban hành kèm)/iu.test(line));
  return next && next.length <= 300 ? `${label}. ${next.charAt(0).toUpperCase()}${next.slice(1).toLowerCase()}` : label;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function mergeManifest(fromText: DocumentMetadata, manifest?: ManifestEntry): { metadata: DocumentMetadata; fromManifest: string[] } {
  if (!manifest) return { metadata: fromText, fromManifest: [] };
  const metadata: DocumentMetadata = { ...fromText };
  const fromManifest: string[] = [];
  const fields = ['number', 'type', 'title', 'issuer', 'issued', 'effective', 'expired'] as const;
  for (const field of fields) {
    const value = manifest[field];
    if (value === undefined) continue;
    if (metadata[field] !== value) fromManifest.push(field);
    (metadata as Record<string, unknown>)[field] = value;
  }
  return { metadata, fromManifest };
}

function unitsOfArticles(loaded: LoadedDocument, articles: readonly ArticleNode[], document: DocumentRecord): LegalUnit[] {
  const units: LegalUnit[] = [];
  for (const article of articles) {
    const ref = { document: document.number, article: article.number };
    const context = {
      documentTitle: document.title ?? document.number,
      ...(document.type ? { documentType: document.type } : {}),
      articleTitle: article.title,
      ...(article.part ? { part: article.part } : {}),
      ...(article.chapter ? { chapter: article.chapter } : {}),
      ...(article.section ? { section: article.section } : {}),
    };
    units.push(...unitsOfArticle(loaded.text, loaded.file, article, ref, context, units.length));
  }
  return units;
}

type UnitContext = Pick<LegalUnit, 'documentTitle' | 'documentType' | 'articleTitle' | 'part' | 'chapter' | 'section'>;

function relativePoints(points: ArticleNode['points'], base: number, length: number): UnitPoint[] {
  return points
    .map((p) => ({ letter: p.letter, start: p.start - base, end: Math.min(p.end - base, length) }))
    .filter((p) => p.start >= 0 && p.end > p.start);
}

export function unitsOfArticle(
  text: string,
  file: string,
  article: ArticleNode,
  ref: { document: string; article: string },
  context: UnitContext,
  orderStart: number,
  codifiedAs?: string,
  bodyStart = article.headingEnd,
): LegalUnit[] {
  const units: LegalUnit[] = [];
  const firstClause = article.clauses[0];
  const base = (start: number, end: number): { start: number; end: number } => {
    let s = start;
    let e = end;
    while (s < e && /\s/u.test(text[s] ?? '')) s++;
    while (e > s && /\s/u.test(text[e - 1] ?? '')) e--;
    return { start: s, end: e };
  };
  if (!firstClause) {
    const span = base(bodyStart, article.end);
    const body = text.slice(span.start, span.end);
    units.push({
      id: `${ref.document}|${ref.article}`,
      ref,
      kind: 'article',
      ...context,
      text: body || article.title,
      points: relativePoints(article.points, span.start, body.length),
      source: { file, start: span.start, end: span.end },
      order: orderStart,
      ...(codifiedAs ? { codifiedAs } : {}),
    });
    return units;
  }
  const leadSpan = base(bodyStart, firstClause.start);
  const lead = text.slice(leadSpan.start, leadSpan.end);
  for (const clause of article.clauses) {
    const span = base(clause.start, clause.end);
    const body = text.slice(span.start, span.end);
    units.push({
      id: `${ref.document}|${ref.article}|${clause.number}`,
      ref: { ...ref, clause: clause.number },
      kind: 'clause',
      ...context,
      text: body,
      ...(lead ? { lead } : {}),
      points: relativePoints(clause.points, span.start, body.length),
      source: { file, start: span.start, end: span.end },
      order: orderStart + units.length,
      ...(codifiedAs ? { codifiedAs } : {}),
    });
  }
  return units;
}

function buildCodified(loaded: LoadedDocument): BuiltDocuments {
  const structure = parseStructure(loaded.text, { codified: true });
  const documents = new Map<string, DocumentRecord>();
  const units: LegalUnit[] = [];
  const seen = new Set<string>();
  for (const article of structure.articles) {
    const body = loaded.text.slice(article.headingEnd, article.end);
    const note = parseSourceNote(body);
    if (!note) continue;
    const { source } = note;
    const key = `${source.document}|${source.article}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let document = documents.get(source.document);
    if (!document) {
      document = emptyDocument(source.document, 'codification', [loaded.file], source.type ?? typeFromNumber(source.document));
      documents.set(source.document, document);
    }
    if (source.title && !document.title) document.title = source.title;
    if (source.effective && !document.effective) document.effective = source.effective;
    for (const amender of source.amendedBy ?? []) if (!document.amendedBy.includes(amender)) document.amendedBy.push(amender);
    document.articleCount++;
    const bodyStart = article.headingEnd + note.length;
    const context: UnitContext = {
      documentTitle: source.title ?? `${source.type} số ${source.document}`,
      documentType: source.type,
      articleTitle: article.title,
      ...(article.chapter ? { chapter: article.chapter } : {}),
    };
    // Clause offsets from the parser include the note region; they stay valid because the note precedes clause 1.
    units.push(...unitsOfArticle(loaded.text, loaded.file, article, { document: source.document, article: source.article }, context, units.length, article.number, bodyStart));
  }
  // Titles found on later notes of the same document reach every unit of it.
  for (const unit of units) {
    const title = documents.get(unit.ref.document)?.title;
    if (title) unit.documentTitle = title;
  }
  return { documents: [...documents.values()], units };
}
