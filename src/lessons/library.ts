/**
 * The published lessons, guides and verified answers as live units of the index: publishing adds an
 * item's unit to the lexical and vector indexes at once, retiring removes it, editing replaces it —
 * no rebuild, no restart. Each change of what is published gives a new knowledge view over the same
 * corpus (KnowledgeBase.withLive). The library also says which items went stale: a provision they cite
 * changed its text, or no longer exists, or is no longer in force.
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { embeddedText } from '../knowledge/unitText.js';
import { emptyDocument, type DocumentRecord, type LegalUnit } from '../legal/units.js';
import { today } from '../legal/validity.js';
import type { KnowledgeItem } from '../store/types.js';
import { currentScope, textHashOf } from './legalBasis.js';
import { BODY_SCHEMAS, KIND_LABELS } from './types.js';

/** The unit id of a published item. */
export function liveUnitId(item: Pick<KnowledgeItem, 'id' | 'kind'>): string {
  return `${item.kind}:${item.id}`;
}

/** How an item is cited, apart from law: "Bài học 2025 — Kiểm tra SIM rác tại đại lý". */
export function itemLabel(item: Pick<KnowledgeItem, 'kind' | 'year' | 'title'>): string {
  return item.kind === 'lesson' ? `${KIND_LABELS.lesson}${item.year ? ` ${item.year}` : ''} — ${item.title}` : `${KIND_LABELS[item.kind]} — ${item.title}`;
}

/** The words of an item that search reads and answers quote. */
export function itemText(item: KnowledgeItem): string {
  switch (item.kind) {
    case 'lesson': {
      const body = BODY_SCHEMAS.lesson.parse(item.body);
      return [`Tình huống: ${body.situation}`, `Bài học: ${body.lesson}`, ...(body.recommendation ? [`Kiến nghị: ${body.recommendation}`] : [])].join('\n');
    }
    case 'guide': {
      const body = BODY_SCHEMAS.guide.parse(item.body);
      return [...(body.summary ? [body.summary] : []), ...body.steps.map((step, i) => `Bước ${i + 1}. ${step.title}: ${step.text}${step.legalBasis.length > 0 ? ` (Căn cứ: ${step.legalBasis.join('; ')})` : ''}`)].join('\n');
    }
    case 'verified': {
      const body = BODY_SCHEMAS.verified.parse(item.body);
      return `Hỏi: ${body.question}\nĐáp: ${body.answer}`;
    }
  }
}

export function itemUnit(item: KnowledgeItem, order: number): LegalUnit {
  const label = itemLabel(item);
  const text = itemText(item);
  return {
    id: liveUnitId(item),
    ref: { document: liveUnitId(item) },
    kind: item.kind,
    documentTitle: label,
    documentType: 'Bài học kinh nghiệm',
    articleTitle: item.kind === 'verified' ? BODY_SCHEMAS.verified.parse(item.body).question : item.title,
    text,
    points: [],
    source: { file: `kho tri thức: ${liveUnitId(item)}`, start: 0, end: text.length },
    order,
  };
}

function itemDocument(item: KnowledgeItem): DocumentRecord {
  const record = emptyDocument(liveUnitId(item), 'lessons', [], 'Bài học kinh nghiệm');
  record.title = itemLabel(item);
  if (item.approvedAt) record.issued = item.approvedAt.slice(0, 10);
  return record;
}

/** What changed in a cited provision, in words for the review queue; undefined when nothing did. */
export function staleReasonOf(knowledge: KnowledgeBase, item: KnowledgeItem, asOf = today(), validityOf?: (unit: LegalUnit, asOf: string) => { inForce: boolean; note: string }): string | undefined {
  for (const entry of item.legalBasis) {
    const scope = currentScope(knowledge, entry);
    if (!scope || scope.length === 0) return `${entry.label} không còn trong kho văn bản`;
    if (textHashOf(scope) !== entry.textHash) return `Lời văn của ${entry.label} đã thay đổi sau khi nạp lại văn bản`;
    const first = scope[0];
    if (first && validityOf) {
      const verdict = validityOf(first, asOf);
      if (!verdict.inForce) return `${entry.label}: ${verdict.note}`;
    }
  }
  return undefined;
}

/** The published items, embedded once each (by id and version), as live parts of a knowledge view. */
export class KnowledgeLibrary {
  private readonly vectors = new Map<string, { version: number; vector: Float32Array }>();

  /** A view of `corpus` with these items searchable; items whose body does not parse are left out. */
  async view(corpus: KnowledgeBase, published: readonly KnowledgeItem[]): Promise<KnowledgeBase> {
    const units: LegalUnit[] = [];
    const documents: DocumentRecord[] = [];
    const items: KnowledgeItem[] = [];
    for (const item of published) {
      try {
        units.push(itemUnit(item, units.length));
        documents.push(itemDocument(item));
        items.push(item);
      } catch {
        // An item whose body is not of its kind cannot be shown; the store's own checks keep this from happening.
      }
    }
    const dimension = corpus.embedder.dimension;
    const missing = items.filter((item) => this.vectors.get(item.id)?.version !== item.version);
    if (missing.length > 0) {
      const embedded = await corpus.embedder.embedDocuments(missing.map((item) => embeddedText(itemUnit(item, 0))));
      missing.forEach((item, i) => this.vectors.set(item.id, { version: item.version, vector: Float32Array.from(embedded[i] ?? []) }));
    }
    const vectors = new Float32Array(items.length * dimension);
    items.forEach((item, i) => vectors.set((this.vectors.get(item.id)?.vector ?? new Float32Array(dimension)).subarray(0, dimension), i * dimension));
    return corpus.withLive({ units, documents, vectors });
  }
}
