/**
 * What each knowledge change does to an item, as pure functions both stores share: the store
 * reads the current row, applies one of these, and writes the result with a history entry.
 */
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { foldDiacritics, normalizeText } from '../../text/vietnamese.js';
import { ReviewerIsAuthorError } from '../errors.js';
import {
  KNOWLEDGE_KINDS,
  KNOWLEDGE_STATUSES,
  type JsonValue,
  type KnowledgeItem,
  type KnowledgeItemPatch,
  type KnowledgeQuery,
  type KnowledgeStatus,
  type NewKnowledgeItem,
} from '../types.js';
import { jsonObjectSchema, knowledgeItemSchema, legalBasisEntrySchema } from './records.js';

const title = z.string().transform((value) => normalizeText(value).trim()).pipe(z.string().min(1).max(500));
const field = z.string().transform((value) => normalizeText(value).trim()).pipe(z.string().min(1).max(200)).nullable();
const year = z.number().int().min(1945).max(2200).nullable();
const staleReason = z.string().transform((value) => normalizeText(value).trim()).pipe(z.string().min(1).max(2000));

const newItemSchema = z.object({
  kind: z.enum(KNOWLEDGE_KINDS),
  title,
  body: jsonObjectSchema,
  legalBasis: z.array(legalBasisEntrySchema).optional(),
  year: year.optional(),
  field: field.optional(),
  status: z.enum(['draft', 'review']).optional(),
});

const patchSchema = z.object({
  title: title.optional(),
  body: jsonObjectSchema.optional(),
  legalBasis: z.array(legalBasisEntrySchema).optional(),
  year: year.optional(),
  field: field.optional(),
});

function validated<Output>(schema: z.ZodType<Output>, value: unknown, what: string): Output {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`).join('; ');
    throw new AppError('BAD_REQUEST', `${what}: ${problems}`);
  }
  return parsed.data;
}

export function createdItem(input: NewKnowledgeItem, actor: string, id: string, now: string): KnowledgeItem {
  const valid = validated(newItemSchema, input, 'mục tri thức');
  return {
    id,
    kind: valid.kind,
    status: valid.status ?? 'draft',
    year: valid.year ?? null,
    field: valid.field ?? null,
    title: valid.title,
    body: valid.body,
    legalBasis: valid.legalBasis ?? [],
    author: requireActor(actor),
    reviewer: null,
    approvedAt: null,
    staleReason: null,
    staleAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

export function patchedItem(current: KnowledgeItem, patch: KnowledgeItemPatch, now: string): KnowledgeItem {
  const valid = validated(patchSchema, patch, 'nội dung sửa');
  return {
    ...current,
    ...(valid.title !== undefined ? { title: valid.title } : {}),
    ...(valid.body !== undefined ? { body: valid.body } : {}),
    ...(valid.legalBasis !== undefined ? { legalBasis: valid.legalBasis } : {}),
    ...(valid.year !== undefined ? { year: valid.year } : {}),
    ...(valid.field !== undefined ? { field: valid.field } : {}),
    updatedAt: now,
    version: current.version + 1,
  };
}

/** The item at a new status, or null when it is already there. */
/**
 * The item in a new status. Publishing makes the actor its reviewer, who may not be its author —
 * unless the author publishes directly (`direct`), which records no reviewer at all.
 */
export function itemWithStatus(current: KnowledgeItem, status: KnowledgeStatus, actor: string, now: string, direct = false): KnowledgeItem | null {
  validated(z.enum(KNOWLEDGE_STATUSES), status, 'trạng thái');
  requireActor(actor);
  if (current.status === status) return null;
  const approval =
    status === 'published'
      ? { reviewer: direct && actor === current.author ? null : reviewerFor(current, actor), approvedAt: now }
      : status === 'retired'
        ? { reviewer: current.reviewer, approvedAt: current.approvedAt }
        : { reviewer: null, approvedAt: null };
  return { ...current, status, ...approval, updatedAt: now, version: current.version + 1 };
}

function reviewerFor(item: KnowledgeItem, actor: string): string {
  if (actor === item.author) throw new ReviewerIsAuthorError(item.id, actor);
  return actor;
}

/** The item marked stale (reason given) or no longer stale (null); null when nothing changes. */
export function itemWithStaleness(current: KnowledgeItem, reason: string | null, now: string): KnowledgeItem | null {
  if (reason === null) {
    if (current.staleAt === null) return null;
    return { ...current, staleReason: null, staleAt: null, updatedAt: now, version: current.version + 1 };
  }
  const cleanReason = validated(staleReason, reason, 'lý do');
  if (current.staleReason === cleanReason) return null;
  return { ...current, staleReason: cleanReason, staleAt: now, updatedAt: now, version: current.version + 1 };
}

/** Items to import, checked whole: shape, no id twice, and no item approved by its own author. */
export function validatedImport(items: readonly KnowledgeItem[], actor: string): KnowledgeItem[] {
  requireActor(actor);
  const valid = validated(z.array(knowledgeItemSchema), items, 'dữ liệu nhập');
  const seen = new Set<string>();
  for (const item of valid) {
    if (seen.has(item.id)) throw new AppError('BAD_REQUEST', `dữ liệu nhập: mục ${item.id} xuất hiện hai lần`);
    seen.add(item.id);
    if (item.reviewer !== null && item.reviewer === item.author) throw new ReviewerIsAuthorError(item.id, item.author);
  }
  return valid;
}

function requireActor(actor: string): string {
  return validated(z.string().min(1), actor, 'người thực hiện');
}

/** Lower-case, diacritic-free form used for the text filter of `listItems`. */
export function foldForSearch(text: string): string {
  return foldDiacritics(normalizeText(text)).toLowerCase().replace(/\s+/g, ' ').trim();
}

function collectStrings(value: JsonValue, into: string[]): void {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const element of value) collectStrings(element, into);
  else if (value !== null && typeof value === 'object') for (const element of Object.values(value)) collectStrings(element, into);
}

/** The text the `text` filter searches: title, field, every string in the body, the legal-basis labels. */
export function searchTextOf(item: KnowledgeItem): string {
  const parts = [item.title, item.field ?? ''];
  collectStrings(item.body, parts);
  for (const entry of item.legalBasis) parts.push(entry.label);
  return foldForSearch(parts.join(' '));
}

/** The words of a text query, each to be matched as a substring of the search text. */
export function searchWords(text: string | undefined): string[] {
  if (text === undefined) return [];
  return foldForSearch(text).split(' ').filter(Boolean).slice(0, 10);
}

/** `%word%` for LIKE with `\` as the escape character. */
export function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

export interface PageBounds {
  limit: number;
  offset: number;
}

export function pageBounds(query: KnowledgeQuery): PageBounds {
  const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500);
  const offset = Math.max(Math.trunc(query.offset ?? 0), 0);
  return { limit, offset };
}

/** A caller's limit clamped to 1..max, or the default. */
export function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(Math.max(Math.trunc(limit), 1), max);
}

/** A caller's time bound as the canonical ISO form both stores compare, or BAD_REQUEST. */
export function canonicalTime(value: string, what: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new AppError('BAD_REQUEST', `${what}: thời điểm không hợp lệ "${value}"`);
  return date.toISOString();
}

/**
 * An item's values in the column order of knowledge_items (id, kind, status, year, field, title, body,
 * legal_basis, author, reviewer, approved_at, stale_reason, stale_at, created_at, updated_at, version,
 * search_text), as both stores write them.
 */
export function itemColumnValues(item: KnowledgeItem): Array<string | number | null> {
  return [
    item.id,
    item.kind,
    item.status,
    item.year,
    item.field,
    item.title,
    JSON.stringify(item.body),
    JSON.stringify(item.legalBasis),
    item.author,
    item.reviewer,
    item.approvedAt,
    item.staleReason,
    item.staleAt,
    item.createdAt,
    item.updatedAt,
    item.version,
    searchTextOf(item),
  ];
}
