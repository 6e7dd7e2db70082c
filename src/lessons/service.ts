/**
 * Writing the trainers' knowledge: a lesson, guide or verified answer is checked (its body by kind, its
 * legal basis against the registry — an unknown reference is refused with suggestions), stored, and
 * moved through draft → review → published → retired, the reviewer never the author unless the author
 * publishes directly when asked. Publishing re-reads the legal basis, so an item flagged stale is
 * published again only on today's text.
 */
import { AppError } from '../errors.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { JsonObject, KnowledgeItem, KnowledgeKind, KnowledgeStatus, LegalBasisEntry, Store } from '../store/types.js';
import { resolveLegalBasis, type UnresolvedReference } from './legalBasis.js';
import { BODY_SCHEMAS, GuideBody } from './types.js';

export class LegalBasisError extends AppError {
  readonly unresolved: UnresolvedReference[];

  constructor(unresolved: UnresolvedReference[]) {
    super('LEGAL_BASIS_UNKNOWN', unresolved.map((u) => `"${u.reference}"${u.suggestions.length > 0 ? ` (gần nhất: ${u.suggestions.slice(0, 3).join('; ')})` : ''}`).join(', '));
    this.name = 'LegalBasisError';
    this.unresolved = unresolved;
  }
}

export interface ItemDraft {
  kind: KnowledgeKind;
  title: string;
  year?: number | null;
  field?: string | null;
  /** The kind-specific body (lesson: situation, lesson …; guide: steps; verified: question, answer), checked against its kind. */
  body: unknown;
  /** Free-text references ("Khoản 1 Điều 47 Luật Thanh tra số 84/2025/QH15"). */
  legalBasis: string[];
}

/** Every reference an item cites: its own, and for a guide those of each step. */
function referencesOf(kind: KnowledgeKind, body: JsonObject, legalBasis: readonly string[]): string[] {
  const steps = kind === 'guide' ? GuideBody.parse(body).steps.flatMap((step) => step.legalBasis) : [];
  return [...new Set([...legalBasis, ...steps])];
}

export class KnowledgeService {
  private readonly store: Store;
  private readonly retriever: () => Retriever;

  /** `retriever`: the current one (the corpus may be swapped while the service runs). */
  constructor(store: Store, retriever: () => Retriever) {
    this.store = store;
    this.retriever = retriever;
  }

  /** The body checked against its kind; a bad one is a 400 with the fields named. */
  checkBody(kind: KnowledgeKind, body: unknown): JsonObject {
    const parsed = BODY_SCHEMAS[kind].safeParse(body);
    if (!parsed.success) throw new AppError('BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return JSON.parse(JSON.stringify(parsed.data)) as JsonObject;
  }

  /** Resolves every reference, refusing the item when any does not exist (with suggestions). */
  async legalBasisOf(kind: KnowledgeKind, body: JsonObject, references: readonly string[]): Promise<LegalBasisEntry[]> {
    const { entries, unresolved } = await resolveLegalBasis(this.retriever(), referencesOf(kind, body, references));
    if (unresolved.length > 0) throw new LegalBasisError(unresolved);
    return entries;
  }

  async create(draft: ItemDraft, actor: string, status: KnowledgeStatus = 'draft'): Promise<KnowledgeItem> {
    const body = this.checkBody(draft.kind, draft.body);
    const legalBasis = await this.legalBasisOf(draft.kind, body, draft.legalBasis);
    const item = await this.store.createItem(
      { kind: draft.kind, title: draft.title, body, legalBasis, ...(draft.year !== undefined ? { year: draft.year } : {}), ...(draft.field !== undefined ? { field: draft.field } : {}), status: status === 'review' ? 'review' : 'draft' },
      actor,
    );
    // "published" in the request: the author publishes directly, without review.
    return status === 'published' ? this.store.setItemStatus(item.id, 'published', actor, item.version, { direct: true }) : item;
  }

  async update(id: string, version: number, patch: Partial<ItemDraft>, actor: string): Promise<KnowledgeItem> {
    const current = await this.existing(id);
    const body = patch.body !== undefined ? this.checkBody(current.kind, patch.body) : current.body;
    const references = patch.legalBasis ?? current.legalBasis.map((entry) => entry.label);
    const legalBasis = patch.body !== undefined || patch.legalBasis ? await this.legalBasisOf(current.kind, body, references) : undefined;
    const updated = await this.store.updateItem(
      id,
      {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.body !== undefined ? { body } : {}),
        ...(legalBasis ? { legalBasis } : {}),
        ...(patch.year !== undefined ? { year: patch.year } : {}),
        ...(patch.field !== undefined ? { field: patch.field } : {}),
      },
      version,
      actor,
    );
    // A new legal basis read from today's texts answers the staleness it was flagged for.
    return legalBasis && updated.staleReason ? this.store.clearItemStale(id, actor) : updated;
  }

  async setStatus(id: string, status: KnowledgeStatus, actor: string, version?: number, direct = false): Promise<KnowledgeItem> {
    const current = await this.existing(id);
    if (status === 'published') {
      // Published only on the text in force today: the legal basis is read again.
      const legalBasis = await this.legalBasisOf(current.kind, current.body, current.legalBasis.map((entry) => entry.label));
      const same = JSON.stringify(legalBasis) === JSON.stringify(current.legalBasis);
      let item = current;
      if (!same) item = await this.store.updateItem(id, { legalBasis }, version ?? current.version, actor);
      if (item.staleReason) item = await this.store.clearItemStale(id, actor);
      return this.store.setItemStatus(id, 'published', actor, same && !current.staleReason ? version : item.version, { direct });
    }
    return this.store.setItemStatus(id, status, actor, version);
  }

  private async existing(id: string): Promise<KnowledgeItem> {
    const item = await this.store.getItem(id);
    if (!item) throw new AppError('NOT_FOUND', `mục tri thức ${id}`);
    return item;
  }
}
