/**
 * The durable records of the service and the one `Store` interface that keeps them.
 *
 * Two implementations run the same contract suite (`contract.ts`): SQLite in one file for a
 * single machine, PostgreSQL for several instances behind a load balancer. Every method is
 * async so that callers never care which one they hold. Timestamps are ISO 8601 strings in UTC
 * with milliseconds; absent values are `null` in records (optional only in inputs).
 */

/** Any value JSON can carry. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------
// Users and tokens

export const USER_ROLES = ['inspector', 'trainer', 'legal', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  id: string;
  name: string;
  role: UserRole;
  createdAt: string;
  disabledAt: string | null;
}

/** A user together with a token that is shown once and never stored (only its hash is). */
export interface IssuedToken {
  user: User;
  token: string;
}

// ---------------------------------------------------------------------------------------------
// Knowledge items: lessons, inspection-method guides and verified answers in one table

export const KNOWLEDGE_KINDS = ['lesson', 'guide', 'verified'] as const;
/** lesson = bài học kinh nghiệm; guide = hướng dẫn phương pháp thanh tra; verified = câu trả lời đã kiểm chứng. */
export type KnowledgeKind = (typeof KNOWLEDGE_KINDS)[number];

export const KNOWLEDGE_STATUSES = ['draft', 'review', 'published', 'retired'] as const;
export type KnowledgeStatus = (typeof KNOWLEDGE_STATUSES)[number];

/** One legal provision an item rests on, with the hash of the unit text it was written against. */
export interface LegalBasisEntry {
  label: string;
  unitId: string;
  textHash: string;
}

export interface KnowledgeItem {
  id: string;
  kind: KnowledgeKind;
  status: KnowledgeStatus;
  year: number | null;
  field: string | null;
  title: string;
  /** The kind-specific fields; the caller validates their shape per kind. */
  body: JsonObject;
  legalBasis: LegalBasisEntry[];
  /** User id of the author. */
  author: string;
  /** User id of whoever published it; never the author. */
  reviewer: string | null;
  approvedAt: string | null;
  /** Set when a provision in `legalBasis` changed since the item was written. */
  staleReason: string | null;
  staleAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** 1 on creation, +1 on every change. */
  version: number;
}

export interface NewKnowledgeItem {
  kind: KnowledgeKind;
  title: string;
  body: JsonObject;
  legalBasis?: LegalBasisEntry[];
  year?: number | null;
  field?: string | null;
  /** A new item starts as a draft or goes straight to review; publishing needs a reviewer. */
  status?: 'draft' | 'review';
}

/** The editable content of an item; fields left out stay as they are. */
export interface KnowledgeItemPatch {
  title?: string;
  body?: JsonObject;
  legalBasis?: LegalBasisEntry[];
  year?: number | null;
  field?: string | null;
}

export interface KnowledgeQuery {
  kind?: KnowledgeKind;
  status?: KnowledgeStatus;
  year?: number;
  field?: string;
  /** Words searched in title and body, ignoring case and Vietnamese diacritics. */
  text?: string;
  /** Default 50, at most 500. */
  limit?: number;
  offset?: number;
}

export interface KnowledgePage {
  /** Most recently updated first. */
  items: KnowledgeItem[];
  /** How many items match the query in all. */
  total: number;
}

export const HISTORY_ACTIONS = ['create', 'update', 'status', 'stale', 'unstale', 'import'] as const;
export type HistoryAction = (typeof HISTORY_ACTIONS)[number];

export interface KnowledgeHistoryEntry {
  itemId: string;
  version: number;
  at: string;
  /** User id, or null for changes the system made (staleness checks). */
  actor: string | null;
  action: HistoryAction;
  /** The whole item as it was after this change. */
  snapshot: KnowledgeItem;
}

/** What listeners hear after a knowledge item change has been committed. */
export interface KnowledgeChange {
  itemId: string;
  kind: KnowledgeKind;
  status: KnowledgeStatus;
  /** The item's version after the change. */
  version: number;
  /** The store-wide change counter after the change (see `knowledgeVersion()`). */
  sequence: number;
}

export type KnowledgeChangeListener = (change: KnowledgeChange) => void;

export interface ImportResult {
  created: number;
  updated: number;
}

// ---------------------------------------------------------------------------------------------
// Feedback on answers

export type FeedbackRating = 'up' | 'down';

export interface FeedbackInput {
  question: string;
  answer: string;
  rating: FeedbackRating;
  comment?: string;
  /** Labels of the units the answer cited. */
  citations?: string[];
  userId?: string;
}

export interface FeedbackRecord {
  id: number;
  createdAt: string;
  question: string;
  answer: string;
  rating: FeedbackRating;
  comment: string | null;
  citations: string[];
  userId: string | null;
}

// ---------------------------------------------------------------------------------------------
// Audit trail

/** How the assistant answered: a sourced answer, "likely provisions", or a decline. */
export const AUDIT_OUTCOMES = ['answer', 'likely', 'decline'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type AuditDetail = { outcome?: AuditOutcome | undefined } & { [key: string]: JsonValue | undefined };

export interface AuditInput {
  /** What happened, e.g. 'chat', 'search', 'lesson.create', 'user.disable'. */
  action: string;
  userId?: string;
  question?: string;
  /** Labels of the sources shown. */
  sources?: string[];
  detail?: AuditDetail;
  /** Default: now. */
  at?: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  userId: string | null;
  action: string;
  question: string | null;
  sources: string[];
  detail: AuditDetail;
}

export interface AuditQuery {
  /** Inclusive lower bound (ISO date or timestamp). */
  from?: string;
  /** Exclusive upper bound (ISO date or timestamp). */
  to?: string;
  userId?: string;
  action?: string;
  /** Default 'desc' (newest first); 'asc' suits an export paged with `from`. */
  order?: 'asc' | 'desc';
  /** Default 1000, at most 100000. */
  limit?: number;
}

// ---------------------------------------------------------------------------------------------
// Conversations of the chat page, one owner each

export interface Conversation {
  id: string;
  userId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export type MessageRole = 'user' | 'assistant';

export interface ConversationMessage {
  id: string;
  conversationId: string;
  role: MessageRole;
  content: string;
  /** The structured answer (citations, quotes) an assistant message was rendered from. */
  payload: JsonValue | null;
  createdAt: string;
}

export interface ConversationWithMessages extends Conversation {
  /** Oldest first. */
  messages: ConversationMessage[];
}

export interface NewMessage {
  role: MessageRole;
  content: string;
  payload?: JsonValue | null;
}

// ---------------------------------------------------------------------------------------------
// Backups

export interface BackupResult {
  /** 'sqlite': a consistent copy of the whole database, openable as a store;
   *  'knowledge-json': the knowledge items as JSON (for PostgreSQL; use pg_dump for the rest). */
  format: 'sqlite' | 'knowledge-json';
  file: string;
  bytes: number;
}

// ---------------------------------------------------------------------------------------------
// The interface

export interface Store {
  readonly backend: 'sqlite' | 'postgres';

  // Users
  /** Creates a user and returns the first token. Throws USER_EXISTS when the name is taken (ignoring case). */
  createUser(name: string, role: UserRole): Promise<IssuedToken>;
  /** The user a token belongs to, or null (unknown, malformed, replaced, or user disabled). */
  authenticate(token: string): Promise<User | null>;
  /** Issues a new token; the old one stops working. Throws NOT_FOUND. */
  rotateToken(userId: string): Promise<string>;
  getUser(userId: string): Promise<User | null>;
  /** Names compare ignoring case and repeated spaces (the key the uniqueness rule uses). */
  findUserByName(name: string): Promise<User | null>;
  /** In Vietnamese alphabetical order of names. */
  listUsers(): Promise<User[]>;
  /** Throws NOT_FOUND. Disabling twice keeps the first time. */
  disableUser(userId: string): Promise<User>;
  countUsers(): Promise<number>;

  // Knowledge items
  createItem(input: NewKnowledgeItem, actor: string): Promise<KnowledgeItem>;
  getItem(id: string): Promise<KnowledgeItem | null>;
  /** Throws STORE_CONFLICT (StoreConflictError) when the item is no longer at `expectedVersion`, NOT_FOUND. */
  updateItem(id: string, patch: KnowledgeItemPatch, expectedVersion: number, actor: string): Promise<KnowledgeItem>;
  /**
   * Moves an item to a status. Publishing makes `actor` the reviewer and throws REVIEWER_IS_AUTHOR
   * (ReviewerIsAuthorError) when the actor wrote it; going back to draft or review clears the
   * approval. Setting the current status again changes nothing. With `expectedVersion`, throws
   * STORE_CONFLICT when the item moved on.
   */
  /** `direct`: the author publishes without review (no reviewer is recorded); otherwise a publisher is the reviewer and never the author. */
  setItemStatus(id: string, status: KnowledgeStatus, actor: string, expectedVersion?: number, options?: { direct?: boolean }): Promise<KnowledgeItem>;
  listItems(query?: KnowledgeQuery): Promise<KnowledgePage>;
  /** Marks an item as resting on a changed provision. `actor` null = the system. */
  markItemStale(id: string, reason: string, actor?: string | null): Promise<KnowledgeItem>;
  clearItemStale(id: string, actor?: string | null): Promise<KnowledgeItem>;
  /** Every change of an item, oldest first. */
  itemHistory(id: string): Promise<KnowledgeHistoryEntry[]>;
  /** All items, in creation order, for a backup or a move to another store. */
  exportItems(): Promise<KnowledgeItem[]>;
  /**
   * Writes the items in one transaction, keeping their ids: new ones as they are, existing ones
   * overwritten with their version advanced. Throws BAD_REQUEST if any item is malformed.
   */
  importItems(items: readonly KnowledgeItem[], actor: string): Promise<ImportResult>;

  // Change notification
  /**
   * Calls `listener` after each committed knowledge change, in commit order. SQLite: changes made
   * through this Store object. PostgreSQL: changes made by any instance on the same database and
   * schema (LISTEN/NOTIFY), including this one, with a catch-up after a lost connection.
   * Returns the function that unsubscribes.
   */
  onKnowledgeChange(listener: KnowledgeChangeListener): () => void;
  /** The number of knowledge changes ever committed; grows by one per change. */
  knowledgeVersion(): Promise<number>;
  /** Changes with a sequence above `afterSequence`, oldest first (for a poller that missed some). */
  knowledgeChangesSince(afterSequence: number, limit?: number): Promise<KnowledgeChange[]>;

  // Feedback
  addFeedback(input: FeedbackInput): Promise<FeedbackRecord>;
  /** Newest first; default limit 100. */
  listFeedback(limit?: number): Promise<FeedbackRecord[]>;

  // Audit
  audit(entry: AuditInput): Promise<AuditEntry>;
  listAudit(query?: AuditQuery): Promise<AuditEntry[]>;
  /** Deletes entries older than the given time; returns how many. */
  purgeAudit(olderThan: string): Promise<number>;

  // Conversations (every method checks the owner; another user's conversation does not exist)
  createConversation(userId: string, title: string): Promise<Conversation>;
  /** Most recently active first; default limit 50. */
  listConversations(userId: string, limit?: number): Promise<Conversation[]>;
  getConversation(userId: string, conversationId: string): Promise<ConversationWithMessages | null>;
  /** Throws NOT_FOUND. */
  renameConversation(userId: string, conversationId: string, title: string): Promise<Conversation>;
  /** Deletes the conversation and its messages. Throws NOT_FOUND. */
  deleteConversation(userId: string, conversationId: string): Promise<void>;
  /** Throws NOT_FOUND. Moves the conversation to the top of the list. */
  appendMessage(userId: string, conversationId: string, message: NewMessage): Promise<ConversationMessage>;
  /**
   * A whole turn in one transaction: its messages in order and, when given, the audit entry that
   * records it — all kept or none. Throws NOT_FOUND like appendMessage.
   */
  appendTurn(userId: string, conversationId: string, messages: readonly NewMessage[], audit?: AuditInput): Promise<ConversationMessage[]>;

  /** SQLite: online copy of the whole database. PostgreSQL: the knowledge items as JSON. */
  backup(toFile: string): Promise<BackupResult>;
  /** Releases connections and listeners; the object is unusable afterwards. */
  close(): Promise<void>;
}
