/**
 * The document registry as legal staff read it: filter by type, status on a date, field and words;
 * one document's tree (Phần / Chương / Mục / Điều with titles), relations and status history.
 */
import type { DocumentRecord, LegalUnit } from '../legal/units.js';
import { formatDocument } from '../legal/reference.js';
import { statusOn, today } from '../legal/validity.js';
import { foldDiacritics } from '../text/vietnamese.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { summarise, type DocumentSummary, type HistoryEvent } from './lookup.js';

export const FIELDS: Readonly<Record<string, readonly string[]>> = {
  'Bưu chính': ['buu chinh', 'buu gui'],
  'Viễn thông': ['vien thong', 'thue bao', 'sim'],
  'Tần số vô tuyến điện': ['tan so', 'vo tuyen dien'],
  'Công nghệ thông tin': ['cong nghe thong tin', 'giao dich dien tu', 'chu ky so', 'an toan thong tin', 'an ninh mang'],
  'Báo chí, xuất bản': ['bao chi', 'xuat ban', 'phat ngon', 'thong tin doi ngoai'],
  'Thanh tra, kiểm tra': ['thanh tra', 'kiem tra chuyen nganh'],
  'Khiếu nại, tố cáo, tiếp công dân': ['khieu nai', 'to cao', 'tiep cong dan'],
  'Xử phạt vi phạm hành chính': ['xu phat', 'vi pham hanh chinh'],
  'Tiếp cận thông tin': ['tiep can thong tin'],
};

export function fieldsOf(document: DocumentRecord): string[] {
  const text = foldDiacritics(`${document.title ?? ''} ${document.files.join(' ').replace(/[-_/]/gu, ' ')}`).toLowerCase();
  return Object.entries(FIELDS)
    .filter(([, words]) => words.some((w) => text.includes(w)))
    .map(([field]) => field);
}

export interface DocumentListItem extends DocumentSummary {
  status: string;
  inForce: boolean;
  statusNote: string;
  fields: string[];
  articleCount: number;
}

export interface DocumentFilter {
  type?: string;
  status?: string;
  field?: string;
  q?: string;
  asOf?: string;
  origin?: string;
}

export interface TreeNode {
  kind: 'part' | 'chapter' | 'section' | 'article' | 'appendix';
  label: string;
  title: string;
  unitId?: string;
  children: TreeNode[];
}

export class RegistryView {
  private readonly knowledge: KnowledgeBase;

  constructor(knowledge: KnowledgeBase) {
    this.knowledge = knowledge;
  }

  list(filter: DocumentFilter): DocumentListItem[] {
    const asOf = filter.asOf ?? today();
    const words = filter.q ? foldDiacritics(filter.q).toLowerCase() : undefined;
    return [...this.knowledge.documents.values()]
      .map((document) => {
        const verdict = statusOn(document, asOf);
        return { ...summarise(document), status: verdict.status, inForce: verdict.inForce, statusNote: verdict.note, fields: fieldsOf(document), articleCount: document.articleCount };
      })
      .filter((item) => !filter.type || item.type === filter.type)
      .filter((item) => !filter.status || item.status === filter.status)
      .filter((item) => !filter.field || item.fields.includes(filter.field))
      .filter((item) => !filter.origin || item.origin === filter.origin)
      .filter((item) => !words || foldDiacritics(`${item.number} ${item.title ?? ''}`).toLowerCase().includes(words))
      .sort((p, q) => Number(q.origin === 'text') - Number(p.origin === 'text') || (q.issued ?? '').localeCompare(p.issued ?? '') || p.number.localeCompare(q.number));
  }

  /** Everything about one document: summary, relations both ways, status history, and its tree. */
  detail(number: string, asOf = today()) {
    const document = this.knowledge.documents.get(number);
    if (!document) return undefined;
    const verdict = statusOn(document, asOf);
    const units = this.knowledge.unitsOfDocument(number);
    const relations = {
      replaces: document.replaces.map((n) => this.relationTarget(n)),
      replacedBy: document.replacedBy ? this.relationTarget(document.replacedBy) : undefined,
      amends: document.amends.map((n) => this.relationTarget(n)),
      amendedBy: document.amendedBy.map((n) => this.relationTarget(n)),
      repeals: document.repealedParts.map((p) => ({ ...this.relationTarget(p.document), parts: describeParts(p), from: p.from })),
      repealedBy: document.repealed.map((p) => ({ ...this.relationTarget(p.by), parts: describeParts(p), from: p.from })),
      repealsInPart: document.repealsInPart.map((n) => this.relationTarget(n)),
      citedBy: [...this.knowledge.documents.values()]
        .filter((d) => d.number !== number && (d.replaces.includes(number) || d.amends.includes(number) || d.repealsInPart.includes(number)))
        .map((d) => this.relationTarget(d.number)),
    };
    return {
      ...summarise(document),
      status: verdict.status,
      inForce: verdict.inForce,
      statusNote: verdict.note,
      asOf,
      fields: fieldsOf(document),
      articleCount: document.articleCount,
      fromManifest: document.fromManifest,
      relations,
      history: this.history(document),
      tree: treeOf(units),
    };
  }

  private relationTarget(number: string): { number: string; label: string; inCorpus: boolean } {
    const target = this.knowledge.documents.get(number);
    return { number, label: formatDocument(number, target?.type, target?.title), inCorpus: target !== undefined && target.origin !== 'reference' };
  }

  private history(document: DocumentRecord): HistoryEvent[] {
    const events: HistoryEvent[] = [];
    if (document.issued) events.push({ date: document.issued, event: 'Ban hành' });
    if (document.effective) events.push({ date: document.effective, event: 'Có hiệu lực' });
    for (const amender of document.amendedBy) {
      const by = this.knowledge.documents.get(amender);
      events.push({ ...(by?.effective ? { date: by.effective } : {}), event: `Được sửa đổi, bổ sung bởi ${formatDocument(amender, by?.type, by?.title)}`, by: amender });
    }
    for (const part of document.repealed) events.push({ ...(part.from ? { date: part.from } : {}), event: `Bị bãi bỏ ${describeParts(part)} bởi ${part.by}`, by: part.by });
    if (document.expired) events.push({ date: document.expired, event: `Hết hiệu lực${document.replacedBy ? ` (thay thế bởi ${document.replacedBy})` : ''}`, ...(document.replacedBy ? { by: document.replacedBy } : {}) });
    return events.sort((p, q) => (p.date ?? '').localeCompare(q.date ?? ''));
  }
}

function describeParts(part: DocumentRecord['repealed'][number]): string {
  return [...part.chapters.map((c) => `Chương ${c}`), ...part.articles.map((a) => `Điều ${a}`), ...part.ranges.map(([f, t]) => `các Điều từ ${f} đến ${t}`)].join(', ');
}

/** Phần › Chương › Mục › Điều (› Phụ lục), in the order of the units. */
export function treeOf(units: readonly LegalUnit[]): TreeNode[] {
  const roots: TreeNode[] = [];
  let part: TreeNode | undefined;
  let chapter: TreeNode | undefined;
  let section: TreeNode | undefined;
  const seenArticles = new Set<string>();
  for (const unit of [...units].sort((p, q) => p.order - q.order)) {
    if (unit.kind === 'appendix') {
      roots.push({ kind: 'appendix', label: unit.articleTitle.slice(0, 60), title: unit.articleTitle, unitId: unit.id, children: [] });
      continue;
    }
    const articleKey = `${unit.source.file}|${unit.ref.article}`;
    if (seenArticles.has(articleKey)) continue;
    seenArticles.add(articleKey);
    if (unit.part && part?.label !== `Phần ${unit.part.number}`) {
      part = { kind: 'part', label: `Phần ${unit.part.number}`, title: unit.part.title, children: [] };
      roots.push(part);
      chapter = undefined;
      section = undefined;
    }
    if (unit.chapter && chapter?.label !== `Chương ${unit.chapter.number}`) {
      chapter = { kind: 'chapter', label: `Chương ${unit.chapter.number}`, title: unit.chapter.title, children: [] };
      (part ? part.children : roots).push(chapter);
      section = undefined;
    }
    if (unit.section && section?.label !== `Mục ${unit.section.number}`) {
      section = { kind: 'section', label: `Mục ${unit.section.number}`, title: unit.section.title, children: [] };
      (chapter ?? part)?.children.push(section) ?? roots.push(section);
    } else if (!unit.section) {
      section = undefined;
    }
    const node: TreeNode = { kind: 'article', label: `Điều ${unit.ref.article ?? ''}`, title: unit.articleTitle, unitId: unit.id, children: [] };
    (section ?? chapter ?? part)?.children.push(node) ?? roots.push(node);
  }
  return roots;
}
