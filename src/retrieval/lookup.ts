/**
 * Look-up by reference, for legal staff and for the citation panel: a free-text reference or a unit
 * id resolves to its unit, with its place in the document, its neighbours, the validity of the
 * provision and of its document on a date, its history, and its cross-references as links.
 */
import { OCR_NOTE, unitLabel, type DocumentRecord, type LegalUnit } from '../legal/units.js';
import { formatDocument, parseReference, resolveDocument } from '../legal/reference.js';
import { displayDate, today, type ValidityVerdict } from '../legal/validity.js';
import type { Retriever } from './retriever.js';

export interface UnitLink {
  text: string;
  /** Offsets of the reference in the unit's text. */
  start: number;
  end: number;
  target: { document: string; article?: string; clause?: string; unitId?: string; label: string; known: boolean };
}

export interface HistoryEvent {
  date?: string;
  event: string;
  by?: string;
}

export interface UnitView {
  ref: LegalUnit['ref'];
  label: string;
  unitId: string;
  title: string;
  text: string;
  kind: LegalUnit['kind'];
  points: LegalUnit['points'];
  place: { part?: string; chapter?: string; section?: string; article: string };
  document: DocumentSummary;
  inForce: boolean;
  status: ValidityVerdict['status'];
  validity: ValidityVerdict;
  asOf: string;
  history: HistoryEvent[];
  neighbours: { previous?: NeighbourRef; next?: NeighbourRef; siblings: NeighbourRef[] };
  links: UnitLink[];
  amendments: Array<{ label: string; unitId: string; document: string; effective?: string }>;
  source: LegalUnit['source'];
}

export interface NeighbourRef {
  unitId: string;
  label: string;
}

export interface DocumentSummary {
  number: string;
  type?: string;
  title?: string;
  label: string;
  issuer?: string;
  issued?: string;
  effective?: string;
  expired?: string;
  replacedBy?: string;
  replaces: string[];
  amends: string[];
  amendedBy: string[];
  origin: DocumentRecord['origin'];
  warnings: string[];
  /** Recognised from a scan: the note to show and the pages to review. */
  ocr?: NonNullable<DocumentRecord['ocr']> & { note: string };
  nonSyllableShare?: number;
}

export function summarise(document: DocumentRecord): DocumentSummary {
  return {
    number: document.number,
    ...(document.type ? { type: document.type } : {}),
    ...(document.title ? { title: document.title } : {}),
    label: formatDocument(document.number, document.type, document.title),
    ...(document.issuer ? { issuer: document.issuer } : {}),
    ...(document.issued ? { issued: document.issued } : {}),
    ...(document.effective ? { effective: document.effective } : {}),
    ...(document.expired ? { expired: document.expired } : {}),
    ...(document.replacedBy ? { replacedBy: document.replacedBy } : {}),
    replaces: document.replaces,
    amends: document.amends,
    amendedBy: document.amendedBy,
    origin: document.origin,
    warnings: document.warnings,
    ...(document.ocr ? { ocr: { ...document.ocr, note: OCR_NOTE } } : {}),
    ...(document.nonSyllableShare !== undefined ? { nonSyllableShare: document.nonSyllableShare } : {}),
  };
}

const CROSS_REFERENCE =
  /(?:(?:điểm|Điểm)\s+[a-zđ](?:,\s*[a-zđ])*\s+)?(?:(?:khoản|Khoản)\s+\d+(?:,\s*(?:khoản\s+)?\d+)*\s+)?(?:Điều|điều)\s+\d+[a-zđ]?(?:\s+(?:của\s+)?(?:(?:Nghị định|Luật|Thông tư|Bộ luật)\s+(?:này|số\s+\d+\/\d{4}\/[\p{Lu}\d-]+|[\p{Lu}][\p{L} ,]{2,40}?(?=[,.;:)]|\s+(?:và|hoặc|thì|được|quy|theo|đã|số)\b))|này))?/gu;

const DOCUMENT_MENTION =
  /(?:Bộ luật|Luật|Nghị định|Thông tư|Nghị quyết)\s+(?:số\s+\d{1,5}\/\d{4}\/[\p{Lu}\d]+(?:-[\p{L}\d]+)*|(?!này|số)[\p{Lu}][\p{L}]*(?:\s+(?!và|hoặc|thì|được|quy|theo|đã|số|của|này|có|tại|để|trong)[\p{Ll}\p{Lu}][\p{L}]*){0,6})/gu;

export class Lookup {
  private readonly retriever: Retriever;

  constructor(retriever: Retriever) {
    this.retriever = retriever;
  }

  private get knowledge() {
    return this.retriever.knowledge;
  }

  /** The unit a free-text reference or a unit id names (the first if the reference names a whole Điều). */
  find(reference: string, asOf?: string): LegalUnit | undefined {
    const byId = this.knowledge.unitById(reference);
    if (byId) return byId;
    const parsed = parseReference(reference);
    const units = this.retriever.resolveReference(parsed, asOf);
    if (units[0]) return units[0];
    // A lesson, guide or verified answer opens by its own label ("Bài học 2025 — …").
    const label = reference.trim();
    return this.knowledge.units.slice(this.knowledge.units.length - this.knowledge.liveCount).find((unit) => unit.documentTitle === label);
  }

  view(unit: LegalUnit, asOf = today()): UnitView {
    const document = this.knowledge.documents.get(unit.ref.document);
    const validity = this.retriever.validityOf(unit, asOf);
    const siblings = this.knowledge.unitsOfDocument(unit.ref.document).filter((u) => u.source.file === unit.source.file);
    const position = siblings.findIndex((u) => u.id === unit.id);
    const neighbour = (u: LegalUnit | undefined): NeighbourRef | undefined => (u ? { unitId: u.id, label: unitLabel(u) } : undefined);
    const previous = neighbour(siblings[position - 1]);
    const next = neighbour(siblings[position + 1]);
    return {
      ref: unit.ref,
      label: unitLabel(unit),
      unitId: unit.id,
      title: unit.articleTitle,
      text: unit.text,
      kind: unit.kind,
      points: unit.points,
      place: {
        ...(unit.part ? { part: `Phần ${unit.part.number}${unit.part.title ? `. ${unit.part.title}` : ''}` } : {}),
        ...(unit.chapter ? { chapter: `Chương ${unit.chapter.number}${unit.chapter.title ? `. ${unit.chapter.title}` : ''}` } : {}),
        ...(unit.section ? { section: `Mục ${unit.section.number}${unit.section.title ? `. ${unit.section.title}` : ''}` } : {}),
        article: unit.ref.article ? `Điều ${unit.ref.article}. ${unit.articleTitle}` : unit.articleTitle,
      },
      document: document ? summarise(document) : { number: unit.ref.document, label: unit.ref.document, replaces: [], amends: [], amendedBy: [], origin: 'reference', warnings: [] },
      inForce: validity.inForce,
      status: validity.status,
      validity,
      asOf,
      history: this.history(unit, document),
      neighbours: {
        ...(previous ? { previous } : {}),
        ...(next ? { next } : {}),
        siblings: this.knowledge.unitsOfArticleOf(unit).map((u) => ({ unitId: u.id, label: unitLabel(u) })),
      },
      links: this.links(unit),
      amendments: this.amendmentsOf(unit),
      source: unit.source,
    };
  }

  /** Events in the life of a provision: entry into force, amendments, repeal, expiry. */
  history(unit: LegalUnit, document: DocumentRecord | undefined): HistoryEvent[] {
    const events: HistoryEvent[] = [];
    if (!document) return events;
    if (document.effective) events.push({ date: document.effective, event: `Có hiệu lực (${formatDocument(document.number, document.type, document.title)})` });
    for (const amendment of this.amendmentsOf(unit)) {
      events.push({ ...(amendment.effective ? { date: amendment.effective } : {}), event: `Được sửa đổi, bổ sung bởi ${amendment.label}`, by: amendment.document });
    }
    for (const part of document.repealed) {
      const verdict = this.retriever.validityOf(unit, part.from ?? today());
      if (verdict.status === 'hết hiệu lực' && verdict.by === part.by) {
        events.push({ ...(part.from ? { date: part.from } : {}), event: `Bị bãi bỏ bởi ${part.by}`, by: part.by });
      }
    }
    if (document.expired) {
      events.push({ date: document.expired, event: `Hết hiệu lực${document.replacedBy ? `, được thay thế bởi ${document.replacedBy}` : ''}`, ...(document.replacedBy ? { by: document.replacedBy } : {}) });
    }
    return events.sort((p, q) => (p.date ?? '').localeCompare(q.date ?? ''));
  }

  /** Articles of amending documents in the corpus that change this provision ("Sửa đổi, bổ sung Điều 5"). */
  amendmentsOf(unit: LegalUnit): UnitView['amendments'] {
    return unit.ref.article ? this.amendmentsOfArticle(unit.ref.document, unit.ref.article) : [];
  }

  amendmentsOfArticle(documentNumber: string, article: string): UnitView['amendments'] {
    return this.retriever.amendments.ofArticle(documentNumber, article);
  }

  /** Cross-references in a unit's text, resolved within the same document ("... Nghị định này") or another. */
  links(unit: LegalUnit): UnitLink[] {
    const documents = this.knowledge.knownDocuments;
    const links: UnitLink[] = [];
    for (const match of unit.text.matchAll(CROSS_REFERENCE)) {
      const text = match[0].trim();
      const parsed = parseReference(text);
      if (!parsed.article) continue;
      // Without a document named, the reference is to the unit's own document ("Điều 5", "khoản 2 Điều này").
      const document = parsed.document ? resolveDocument(parsed.document, documents, { currentDocument: unit.ref.document }) : unit.ref.document;
      if (!document) continue;
      const article = /(?:khoản|Khoản)\s+\d+\s+Điều này/u.test(text) ? unit.ref.article : parsed.article;
      const target = article ? this.knowledge.unitsOfArticle(document, article).find((u) => !parsed.clause || u.ref.clause === parsed.clause) : undefined;
      const start = match.index ?? 0;
      const known = target !== undefined;
      const ref = { document, ...(article ? { article } : {}), ...(parsed.clause ? { clause: parsed.clause } : {}) };
      links.push({
        text,
        start,
        end: start + match[0].length,
        target: { ...ref, ...(target ? { unitId: target.id } : {}), label: target ? unitLabel({ ...target, ref: { ...target.ref, ...(parsed.point ? { point: parsed.point } : {}) } }) : `${parsed.clause ? `Khoản ${parsed.clause} ` : ''}Điều ${article} ${document}`, known },
      });
    }
    // Documents named without an article: "theo Luật Xử lý vi phạm hành chính", "Nghị định số 15/2020/NĐ-CP".
    for (const match of unit.text.matchAll(DOCUMENT_MENTION)) {
      const start = match.index ?? 0;
      if (links.some((link) => start >= link.start && start < link.end)) continue;
      const text = match[0].trim();
      const parsed = parseReference(text);
      if (!parsed.document || parsed.document.self) continue;
      const number = resolveDocument(parsed.document, documents);
      if (!number || number === unit.ref.document) continue;
      const known = this.knowledge.documents.get(number);
      links.push({ text, start, end: start + match[0].length, target: { document: number, label: formatDocument(number, known?.type, known?.title), known: known !== undefined && known.origin !== 'reference' } });
    }
    return links.sort((p, q) => p.start - q.start);
  }

  /** For a document known only by reference: what is known of one of its articles on a date. */
  referenceOnly(
    documentNumber: string,
    article: string | undefined,
    asOf = today(),
  ): { document: DocumentSummary; statement: string; status: string; inForce: boolean; amendments: UnitView['amendments'] } | undefined {
    const document = this.knowledge.documents.get(documentNumber);
    if (!document || document.origin !== 'reference') return undefined;
    const label = formatDocument(document.number, document.type, document.title);
    const part = document.repealed.find((p) => article && (p.articles.includes(article) || p.ranges.some(([from, to]) => Number.parseInt(article, 10) >= Number.parseInt(from, 10) && Number.parseInt(article, 10) <= Number.parseInt(to, 10))));
    if (part && article && (!part.from || asOf >= part.from)) {
      return {
        document: summarise(document),
        statement: `Điều ${article} ${label} đã bị bãi bỏ${part.from ? ` từ ${displayDate(part.from)}` : ''} bởi ${formatDocument(part.by, 'Nghị định')}.`,
        status: 'hết hiệu lực',
        inForce: false,
        amendments: [],
      };
    }
    const facts: string[] = [];
    if (document.expired) facts.push(`hết hiệu lực từ ${displayDate(document.expired)}${document.replacedBy ? `, được thay thế bởi ${document.replacedBy}` : ''}`);
    for (const p of document.repealed) {
      const parts = [...p.chapters.map((c) => `Chương ${c}`), ...p.articles.map((a) => `Điều ${a}`), ...p.ranges.map(([f, t]) => `Điều ${f}–${t}`)];
      facts.push(`bị bãi bỏ ${parts.join(', ')}${p.from ? ` từ ${displayDate(p.from)}` : ''} bởi ${p.by}`);
    }
    const amendments = article ? this.amendmentsOfArticle(documentNumber, article) : [];
    if (amendments.length > 0) {
      facts.push(`Điều ${article} được sửa đổi, bổ sung bởi ${amendments.map((a) => `${a.label}${a.effective ? ` (từ ${displayDate(a.effective)})` : ''}`).join(', ')}`);
    } else if (document.amendedBy.length > 0) facts.push(`được sửa đổi, bổ sung bởi ${document.amendedBy.join(', ')}`);
    const chapterNote = article && document.repealed.some((p) => p.chapters.length > 0) ? ' (nếu Điều này thuộc một Chương bị bãi bỏ thì cũng đã hết hiệu lực; kho chưa có toàn văn để xác định Chương)' : '';
    return {
      document: summarise(document),
      statement: `${label} không có toàn văn trong kho; đã biết: ${facts.join('; ') || 'chưa có thông tin hiệu lực'}${chapterNote}.`,
      status: document.expired && asOf >= document.expired ? 'hết hiệu lực' : document.repealed.length > 0 ? 'hết hiệu lực một phần' : 'không rõ',
      inForce: !(document.expired && asOf >= document.expired),
      amendments,
    };
  }
}
