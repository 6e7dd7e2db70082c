/**
 * Tiny in-memory legal texts for fast unit tests: units and document records written by hand, and a
 * knowledge base built from them with a small corpus embedder (milliseconds, no shared index, no disk).
 */
import { CorpusEmbedder, DEFAULT_CORPUS_EMBEDDER_OPTIONS } from '../src/knowledge/embedders/corpusEmbedder.js';
import { embeddedText } from '../src/knowledge/unitText.js';
import { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import type { DocumentType } from '../src/legal/types.js';
import { emptyDocument, type DocumentRecord, type LegalUnit, type UnitPoint } from '../src/legal/units.js';

/** The Điểm of a text: every line that starts with "a) ", "đ) " …, as offsets into the text. */
export function pointsIn(text: string): UnitPoint[] {
  const points: UnitPoint[] = [];
  let offset = 0;
  const lines = text.split('\n');
  lines.forEach((line) => {
    const match = /^([a-zđ])\)\s/u.exec(line);
    if (match?.[1]) points.push({ letter: match[1], start: offset, end: offset + line.length });
    offset += line.length + 1;
  });
  return points;
}

export interface UnitSpec {
  document: string;
  article: string;
  clause?: string;
  text: string;
  articleTitle?: string;
  documentTitle?: string;
  documentType?: DocumentType;
  kind?: LegalUnit['kind'];
  chapter?: string;
  order?: number;
}

/** A Khoản (or a whole Điều without Khoản) of a law text, with its Điểm found in the text. */
export function lawUnit(spec: UnitSpec): LegalUnit {
  const kind = spec.kind ?? (spec.clause ? 'clause' : 'article');
  return {
    id: [spec.document, spec.article, spec.clause].filter(Boolean).join('|'),
    ref: { document: spec.document, article: spec.article, ...(spec.clause ? { clause: spec.clause } : {}) },
    kind,
    documentTitle: spec.documentTitle ?? 'Nghị định thử nghiệm',
    documentType: spec.documentType ?? 'Nghị định',
    articleTitle: spec.articleTitle ?? '',
    ...(spec.chapter ? { chapter: { number: spec.chapter, title: '' } } : {}),
    text: spec.text,
    points: pointsIn(spec.text),
    source: { file: 'thu-nghiem.txt', start: 0, end: spec.text.length },
    order: spec.order ?? Number.parseInt(spec.article, 10) * 100 + Number.parseInt(spec.clause ?? '0', 10),
  };
}

/** A document record of the registry, read from a text (origin 'text') unless told otherwise. */
export function lawDocument(number: string, fields: Partial<DocumentRecord> = {}): DocumentRecord {
  return { ...emptyDocument(number, 'text', ['thu-nghiem.txt'], 'Nghị định'), ...fields };
}

/** A corpus embedder fitted on the units' embedded texts, small enough to cost nothing. */
export function tinyEmbedder(texts: readonly string[]): CorpusEmbedder {
  return CorpusEmbedder.fit(texts, { ...DEFAULT_CORPUS_EMBEDDER_OPTIONS, dimension: 32 });
}

/** A knowledge base of these units and documents, built in memory (BM25, vectors, HNSW). */
export function tinyKnowledge(units: LegalUnit[], documents: DocumentRecord[]): Promise<KnowledgeBase> {
  return KnowledgeBase.build({ units, documents, files: [], corpusHash: 'tiny' }, tinyEmbedder(units.map(embeddedText)));
}
