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

export const INSPECTION_DECREE = '10/2030/NĐ-CP';
export const SANCTION_DECREE = '20/2031/NĐ-CP';

/**
 * Two small decrees: one on inspections (scope, a definition, a deadline in two Khoản, the rights of
 * the inspected), one on fines for subscriber information (a fine clause with two Điểm and an
 * additional sanction). Units in this order: 0 Điều 1, 1 Điều 2 K1, 2 Điều 3 K1, 3 Điều 3 K2,
 * 4 Điều 4 K1, 5 Điều 5 K1, 6 Điều 5 K2.
 */
export function inspectionCorpus(): { units: LegalUnit[]; documents: DocumentRecord[] } {
  const inspection = { document: INSPECTION_DECREE, documentTitle: 'Nghị định quy định về hoạt động thanh tra chuyên ngành' };
  const sanction = { document: SANCTION_DECREE, documentTitle: 'Nghị định quy định xử phạt vi phạm hành chính trong lĩnh vực viễn thông' };
  const units = [
    lawUnit({ ...inspection, article: '1', articleTitle: 'Phạm vi điều chỉnh', text: 'Nghị định này quy định về hoạt động thanh tra chuyên ngành thông tin và truyền thông.' }),
    lawUnit({ ...inspection, article: '2', clause: '1', articleTitle: 'Giải thích từ ngữ', text: '1. Thanh tra chuyên ngành là hoạt động thanh tra của cơ quan được giao thực hiện chức năng thanh tra chuyên ngành.' }),
    lawUnit({ ...inspection, article: '3', clause: '1', articleTitle: 'Thời hạn thanh tra', text: '1. Thời hạn thanh tra không quá 45 ngày.' }),
    lawUnit({ ...inspection, article: '3', clause: '2', articleTitle: 'Thời hạn thanh tra', text: '2. Người ra quyết định thanh tra có thể gia hạn một lần.' }),
    lawUnit({ ...inspection, article: '4', clause: '1', articleTitle: 'Quyền và nghĩa vụ của đối tượng thanh tra', text: '1. Đối tượng thanh tra có quyền giải trình về nội dung thanh tra.' }),
    lawUnit({
      ...sanction,
      article: '5',
      clause: '1',
      articleTitle: 'Vi phạm quy định về thông tin thuê bao',
      text: '1. Phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng đối với một trong các hành vi sau đây:\na) Bán SIM thuê bao di động đã có sẵn thông tin thuê bao;\nb) Đăng ký thông tin thuê bao khi không được ủy quyền.',
    }),
    lawUnit({
      ...sanction,
      article: '5',
      clause: '2',
      articleTitle: 'Vi phạm quy định về thông tin thuê bao',
      text: '2. Hình thức xử phạt bổ sung:\na) Tịch thu tang vật vi phạm hành chính đối với hành vi quy định tại điểm a khoản 1 Điều này.',
    }),
  ];
  const documents = [
    lawDocument(INSPECTION_DECREE, { title: inspection.documentTitle, effective: '2030-07-01', articleCount: 4 }),
    lawDocument(SANCTION_DECREE, { title: sanction.documentTitle, effective: '2031-07-01', articleCount: 1 }),
  ];
  return { units, documents };
}
