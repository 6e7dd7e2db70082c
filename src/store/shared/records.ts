/**
 * Rows as both databases return them, parsed with zod into the records of `types.ts`.
 * SQLite gives JSON as text and timestamps as ISO text; PostgreSQL gives jsonb as values,
 * timestamptz as Date and bigint as string. One schema per record accepts both.
 */
import { z } from 'zod';
import { AppError } from '../../errors.js';
import {
  AUDIT_OUTCOMES,
  HISTORY_ACTIONS,
  KNOWLEDGE_KINDS,
  KNOWLEDGE_STATUSES,
  USER_ROLES,
  type AuditDetail,
  type AuditEntry,
  type Conversation,
  type ConversationMessage,
  type FeedbackRecord,
  type JsonObject,
  type JsonValue,
  type KnowledgeChange,
  type KnowledgeHistoryEntry,
  type KnowledgeItem,
  type LegalBasisEntry,
  type User,
} from '../types.js';

export const jsonValueSchema: z.ZodType<JsonValue> = z.json();
export const jsonObjectSchema: z.ZodType<JsonObject> = z.record(z.string(), z.json());

/** A JSON column: text (SQLite) is parsed first, a value (PostgreSQL jsonb) is taken as is. */
function jsonColumn<Output>(schema: z.ZodType<Output>): z.ZodType<Output> {
  return z
    .unknown()
    .transform((value, context) => {
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({ code: 'custom', message: 'JSON không hợp lệ' });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

const timestamp = z.union([z.string(), z.date()]).transform((value, context) => {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    context.addIssue({ code: 'custom', message: 'thời điểm không hợp lệ' });
    return z.NEVER;
  }
  return date.toISOString();
});
const nullableTimestamp = timestamp.nullable();
/** Integers come as number (SQLite, int4) or string (int8). */
const integer = z.union([z.number(), z.string()]).transform(Number).pipe(z.number().int());

export const legalBasisEntrySchema: z.ZodType<LegalBasisEntry> = z.object({
  label: z.string().min(1),
  unitId: z.string().min(1),
  textHash: z.string(),
});
const legalBasisSchema = z.array(legalBasisEntrySchema);
const stringArray = z.array(z.string());

/** An ISO timestamp with any offset, turned into the one form both stores keep (UTC, milliseconds). */
const isoTimestamp = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/** A whole item, as exported to JSON and accepted by `importItems`. */
export const knowledgeItemSchema: z.ZodType<KnowledgeItem> = z.object({
  id: z.string().min(1),
  kind: z.enum(KNOWLEDGE_KINDS),
  status: z.enum(KNOWLEDGE_STATUSES),
  year: z.number().int().nullable(),
  field: z.string().nullable(),
  title: z.string().min(1),
  body: jsonObjectSchema,
  legalBasis: legalBasisSchema,
  author: z.string().min(1),
  reviewer: z.string().nullable(),
  approvedAt: isoTimestamp.nullable(),
  staleReason: z.string().nullable(),
  staleAt: isoTimestamp.nullable(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
  version: z.number().int().positive(),
});

const itemRowSchema = z.object({
  id: z.string(),
  kind: z.enum(KNOWLEDGE_KINDS),
  status: z.enum(KNOWLEDGE_STATUSES),
  year: integer.nullable(),
  field: z.string().nullable(),
  title: z.string(),
  body: jsonColumn(jsonObjectSchema),
  legal_basis: jsonColumn(legalBasisSchema),
  author: z.string(),
  reviewer: z.string().nullable(),
  approved_at: nullableTimestamp,
  stale_reason: z.string().nullable(),
  stale_at: nullableTimestamp,
  created_at: timestamp,
  updated_at: timestamp,
  version: integer,
});

const userRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(USER_ROLES),
  created_at: timestamp,
  disabled_at: nullableTimestamp,
});

const historyRowSchema = z.object({
  item_id: z.string(),
  version: integer,
  at: timestamp,
  actor: z.string().nullable(),
  action: z.enum(HISTORY_ACTIONS),
  snapshot: jsonColumn(knowledgeItemSchema),
});

const changeRowSchema = z.object({
  item_id: z.string(),
  kind: z.enum(KNOWLEDGE_KINDS),
  status: z.enum(KNOWLEDGE_STATUSES),
  version: integer,
  sequence: integer,
});

const feedbackRowSchema = z.object({
  id: integer,
  created_at: timestamp,
  question: z.string(),
  answer: z.string(),
  rating: z.enum(['up', 'down']),
  comment: z.string().nullable(),
  citations: jsonColumn(stringArray),
  user_id: z.string().nullable(),
});

export const auditDetailSchema: z.ZodType<AuditDetail> = z
  .object({ outcome: z.enum(AUDIT_OUTCOMES).optional() })
  .catchall(z.json());

const auditRowSchema = z.object({
  id: integer,
  at: timestamp,
  user_id: z.string().nullable(),
  action: z.string(),
  question: z.string().nullable(),
  sources: jsonColumn(stringArray),
  detail: jsonColumn(auditDetailSchema),
});

const conversationRowSchema = z.object({
  id: z.string(),
  user_id: z.string(),
  title: z.string(),
  created_at: timestamp,
  updated_at: timestamp,
});

const messageRowSchema = z.object({
  id: z.string(),
  conversation_id: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  payload: jsonColumn(jsonValueSchema).nullable(),
  created_at: timestamp,
});

const countRowSchema = z.object({ count: integer });

/** Parses one row or throws STORE_CORRUPT naming the table. */
function parseRow<Output>(schema: z.ZodType<Output>, row: unknown, table: string): Output {
  const parsed = schema.safeParse(row);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new AppError('STORE_CORRUPT', `${table}: ${problems}`);
  }
  return parsed.data;
}

export function itemFromRow(row: unknown): KnowledgeItem {
  const parsed = parseRow(itemRowSchema, row, 'knowledge_items');
  return {
    id: parsed.id,
    kind: parsed.kind,
    status: parsed.status,
    year: parsed.year,
    field: parsed.field,
    title: parsed.title,
    body: parsed.body,
    legalBasis: parsed.legal_basis,
    author: parsed.author,
    reviewer: parsed.reviewer,
    approvedAt: parsed.approved_at,
    staleReason: parsed.stale_reason,
    staleAt: parsed.stale_at,
    createdAt: parsed.created_at,
    updatedAt: parsed.updated_at,
    version: parsed.version,
  };
}

export function userFromRow(row: unknown): User {
  const parsed = parseRow(userRowSchema, row, 'users');
  return { id: parsed.id, name: parsed.name, role: parsed.role, createdAt: parsed.created_at, disabledAt: parsed.disabled_at };
}

const credentialRowSchema = userRowSchema.extend({ token_hash: z.string() });

/** A user with the stored hash of their token secret. */
export function credentialFromRow(row: unknown): { user: User; tokenHash: string } {
  const parsed = parseRow(credentialRowSchema, row, 'users');
  return {
    user: { id: parsed.id, name: parsed.name, role: parsed.role, createdAt: parsed.created_at, disabledAt: parsed.disabled_at },
    tokenHash: parsed.token_hash,
  };
}

export function historyFromRow(row: unknown): KnowledgeHistoryEntry {
  const parsed = parseRow(historyRowSchema, row, 'knowledge_history');
  return {
    itemId: parsed.item_id,
    version: parsed.version,
    at: parsed.at,
    actor: parsed.actor,
    action: parsed.action,
    snapshot: parsed.snapshot,
  };
}

export function changeFromRow(row: unknown): KnowledgeChange {
  const parsed = parseRow(changeRowSchema, row, 'knowledge_history');
  return { itemId: parsed.item_id, kind: parsed.kind, status: parsed.status, version: parsed.version, sequence: parsed.sequence };
}

export function feedbackFromRow(row: unknown): FeedbackRecord {
  const parsed = parseRow(feedbackRowSchema, row, 'feedback');
  return {
    id: parsed.id,
    createdAt: parsed.created_at,
    question: parsed.question,
    answer: parsed.answer,
    rating: parsed.rating,
    comment: parsed.comment,
    citations: parsed.citations,
    userId: parsed.user_id,
  };
}

export function auditFromRow(row: unknown): AuditEntry {
  const parsed = parseRow(auditRowSchema, row, 'audit_log');
  return {
    id: parsed.id,
    at: parsed.at,
    userId: parsed.user_id,
    action: parsed.action,
    question: parsed.question,
    sources: parsed.sources,
    detail: parsed.detail,
  };
}

export function conversationFromRow(row: unknown): Conversation {
  const parsed = parseRow(conversationRowSchema, row, 'conversations');
  return { id: parsed.id, userId: parsed.user_id, title: parsed.title, createdAt: parsed.created_at, updatedAt: parsed.updated_at };
}

export function messageFromRow(row: unknown): ConversationMessage {
  const parsed = parseRow(messageRowSchema, row, 'conversation_messages');
  return {
    id: parsed.id,
    conversationId: parsed.conversation_id,
    role: parsed.role,
    content: parsed.content,
    payload: parsed.payload,
    createdAt: parsed.created_at,
  };
}

export function countFromRow(row: unknown): number {
  return parseRow(countRowSchema, row, 'count').count;
}
