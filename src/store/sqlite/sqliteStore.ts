/**
 * The store in one SQLite file (better-sqlite3), for a single machine.
 *
 * WAL journal with synchronous=FULL: every commit is fsynced before the call returns, so an
 * acknowledged write survives a power cut, not only a crash of the process (NORMAL would only
 * promise the latter). Writes here are few (users, lessons, feedback, audit) and the fsync costs
 * about a millisecond, so the stronger promise is cheap.
 *
 * better-sqlite3 is synchronous; each method runs its statements in one synchronous transaction,
 * so two calls interleaved on the event loop can never share a transaction.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../errors.js';
import { StoreConflictError, notFound } from '../errors.js';
import { MonotonicClock } from '../shared/clock.js';
import { auditFilter, knowledgeFilter } from '../shared/filters.js';
import { auditColumnValues, byUserName, messagePayload, userNameKey, validFeedback, validMessage, validTitle, validUser } from '../shared/inputs.js';
import {
  clampLimit,
  canonicalTime,
  createdItem,
  itemWithStaleness,
  itemWithStatus,
  pageBounds,
  patchedItem,
  itemColumnValues,
  validatedImport,
} from '../shared/knowledgeRules.js';
import { ChangeListeners } from '../shared/listeners.js';
import type { Migration } from '../shared/migrations.js';
import {
  auditFromRow,
  changeFromRow,
  conversationFromRow,
  countFromRow,
  credentialFromRow,
  feedbackFromRow,
  historyFromRow,
  itemFromRow,
  messageFromRow,
  userFromRow,
} from '../shared/records.js';
import { hashSecret, issueToken, parseToken, secretMatches } from '../shared/tokens.js';
import type {
  AuditEntry,
  AuditInput,
  AuditQuery,
  BackupResult,
  Conversation,
  ConversationMessage,
  ConversationWithMessages,
  FeedbackInput,
  FeedbackRecord,
  HistoryAction,
  ImportResult,
  IssuedToken,
  KnowledgeChange,
  KnowledgeChangeListener,
  KnowledgeHistoryEntry,
  KnowledgeItem,
  KnowledgeItemPatch,
  KnowledgePage,
  KnowledgeQuery,
  KnowledgeStatus,
  NewKnowledgeItem,
  NewMessage,
  Store,
  User,
  UserRole,
} from '../types.js';
import { SQLITE_MIGRATIONS } from './migrations.js';

export interface SqliteStoreOptions {
  /** The database file; its folder is created if missing. */
  file: string;
  /** Where errors thrown by change listeners go. Default: stderr. */
  onListenerError?: (error: unknown) => void;
}

/** A hash no secret has, compared against when the user is unknown so both paths cost the same. */
const UNKNOWN_USER_HASH = hashSecret('no such user');

interface ItemWrite {
  item: KnowledgeItem;
  change: KnowledgeChange | null;
}

export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
  const database = new Database(options.file);
  try {
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    migrate(database, SQLITE_MIGRATIONS);
  } catch (error) {
    database.close();
    throw error;
  }
  return new SqliteStore(database, options.onListenerError ?? ((error) => console.error('knowledge change listener failed', error)));
}

/** Applies the pending migrations in one immediate transaction; refuses a database from a newer program. */
export function migrate(database: Database.Database, migrations: readonly Migration[]): void {
  database.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
  const apply = database.transaction(() => {
    const applied = countFromRow(database.prepare('SELECT COALESCE(MAX(version), 0) AS count FROM schema_migrations').get());
    const latest = migrations.at(-1)?.version ?? 0;
    if (applied > latest) throw new AppError('STORE_SCHEMA_TOO_NEW', `lược đồ ${applied}, chương trình biết đến ${latest}`);
    const record = database.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations) {
      if (migration.version <= applied) continue;
      database.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }
  });
  apply.immediate();
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Database.SqliteError && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

export class SqliteStore implements Store {
  readonly backend = 'sqlite' as const;
  private readonly clock = new MonotonicClock();
  private readonly listeners: ChangeListeners;

  constructor(
    private readonly database: Database.Database,
    onListenerError: (error: unknown) => void,
  ) {
    this.listeners = new ChangeListeners(onListenerError);
  }

  // -------------------------------------------------------------------------------------------
  // Users

  async createUser(name: string, role: UserRole): Promise<IssuedToken> {
    const valid = validUser(name, role);
    const user: User = { id: crypto.randomUUID(), name: valid.name, role: valid.role, createdAt: this.clock.now(), disabledAt: null };
    const issued = issueToken(user.id);
    try {
      this.database
        .prepare('INSERT INTO users (id, name, name_key, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(user.id, user.name, valid.nameKey, user.role, issued.hash, user.createdAt);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('USER_EXISTS', user.name, { cause: error });
      throw error;
    }
    return { user, token: issued.token };
  }

  async authenticate(token: string): Promise<User | null> {
    const parsed = parseToken(token);
    if (!parsed) return null;
    const row = this.database.prepare('SELECT id, name, role, created_at, disabled_at, token_hash FROM users WHERE id = ?').get(parsed.userId);
    const credential = row === undefined ? null : credentialFromRow(row);
    const matches = secretMatches(parsed.secret, credential?.tokenHash ?? UNKNOWN_USER_HASH);
    if (!credential || !matches || credential.user.disabledAt !== null) return null;
    return credential.user;
  }

  async rotateToken(userId: string): Promise<string> {
    const issued = issueToken(userId);
    const result = this.database.prepare('UPDATE users SET token_hash = ? WHERE id = ?').run(issued.hash, userId);
    if (result.changes === 0) throw notFound(`người dùng ${userId}`);
    return issued.token;
  }

  async getUser(userId: string): Promise<User | null> {
    const row = this.database.prepare('SELECT id, name, role, created_at, disabled_at FROM users WHERE id = ?').get(userId);
    return row === undefined ? null : userFromRow(row);
  }

  async findUserByName(name: string): Promise<User | null> {
    const row = this.database.prepare('SELECT id, name, role, created_at, disabled_at FROM users WHERE name_key = ?').get(userNameKey(name));
    return row === undefined ? null : userFromRow(row);
  }

  async listUsers(): Promise<User[]> {
    return this.database.prepare('SELECT id, name, role, created_at, disabled_at FROM users').all().map(userFromRow).sort(byUserName);
  }

  async disableUser(userId: string): Promise<User> {
    this.database.prepare('UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?').run(this.clock.now(), userId);
    const user = await this.getUser(userId);
    if (!user) throw notFound(`người dùng ${userId}`);
    return user;
  }

  async countUsers(): Promise<number> {
    return countFromRow(this.database.prepare('SELECT COUNT(*) AS count FROM users').get());
  }

  // -------------------------------------------------------------------------------------------
  // Knowledge items

  async createItem(input: NewKnowledgeItem, actor: string): Promise<KnowledgeItem> {
    const item = createdItem(input, actor, crypto.randomUUID(), this.clock.now());
    const write = this.database.transaction((): ItemWrite => {
      this.insertItem(item);
      return { item, change: this.recordChange(item, actor, 'create') };
    });
    return this.afterCommit(write.immediate());
  }

  async getItem(id: string): Promise<KnowledgeItem | null> {
    return this.readItem(id);
  }

  async updateItem(id: string, patch: KnowledgeItemPatch, expectedVersion: number, actor: string): Promise<KnowledgeItem> {
    return this.mutateItem(id, actor, 'update', expectedVersion, (current) => patchedItem(current, patch, this.clock.now()));
  }

  async setItemStatus(id: string, status: KnowledgeStatus, actor: string, expectedVersion?: number, options: { direct?: boolean } = {}): Promise<KnowledgeItem> {
    return this.mutateItem(id, actor, 'status', expectedVersion, (current) => itemWithStatus(current, status, actor, this.clock.now(), options.direct ?? false));
  }

  async listItems(query: KnowledgeQuery = {}): Promise<KnowledgePage> {
    const filter = knowledgeFilter(query, () => '?');
    const { limit, offset } = pageBounds(query);
    const read = this.database.transaction((): KnowledgePage => {
      const total = countFromRow(this.database.prepare(`SELECT COUNT(*) AS count FROM knowledge_items ${filter.where}`).get(...filter.parameters));
      const rows = this.database
        .prepare(`SELECT * FROM knowledge_items ${filter.where} ORDER BY updated_at DESC, id LIMIT ? OFFSET ?`)
        .all(...filter.parameters, limit, offset);
      return { items: rows.map(itemFromRow), total };
    });
    return read();
  }

  async markItemStale(id: string, reason: string, actor: string | null = null): Promise<KnowledgeItem> {
    return this.mutateItem(id, actor, 'stale', undefined, (current) => itemWithStaleness(current, reason, this.clock.now()));
  }

  async clearItemStale(id: string, actor: string | null = null): Promise<KnowledgeItem> {
    return this.mutateItem(id, actor, 'unstale', undefined, (current) => itemWithStaleness(current, null, this.clock.now()));
  }

  async itemHistory(id: string): Promise<KnowledgeHistoryEntry[]> {
    return this.database.prepare('SELECT * FROM knowledge_history WHERE item_id = ? ORDER BY version').all(id).map(historyFromRow);
  }

  async exportItems(): Promise<KnowledgeItem[]> {
    return this.database.prepare('SELECT * FROM knowledge_items ORDER BY created_at, id').all().map(itemFromRow);
  }

  async importItems(items: readonly KnowledgeItem[], actor: string): Promise<ImportResult> {
    const valid = validatedImport(items, actor);
    const write = this.database.transaction(() => {
      const at = this.clock.now();
      const changes: KnowledgeChange[] = [];
      let created = 0;
      for (const incoming of valid) {
        const existing = this.readItem(incoming.id);
        if (existing) {
          const next = { ...incoming, version: existing.version + 1 };
          this.updateItemRow(next, existing.version);
          changes.push(this.recordChange(next, actor, 'import', at));
        } else {
          this.insertItem(incoming);
          changes.push(this.recordChange(incoming, actor, 'import', at));
          created += 1;
        }
      }
      return { changes, created };
    });
    const { changes, created } = write.immediate();
    for (const change of changes) this.listeners.emit(change);
    return { created, updated: valid.length - created };
  }

  // -------------------------------------------------------------------------------------------
  // Change notification

  onKnowledgeChange(listener: KnowledgeChangeListener): () => void {
    return this.listeners.add(listener);
  }

  async knowledgeVersion(): Promise<number> {
    return countFromRow(this.database.prepare('SELECT value AS count FROM knowledge_counter WHERE id = 1').get());
  }

  async knowledgeChangesSince(afterSequence: number, limit?: number): Promise<KnowledgeChange[]> {
    return this.database
      .prepare('SELECT item_id, kind, status, version, sequence FROM knowledge_history WHERE sequence > ? ORDER BY sequence LIMIT ?')
      .all(afterSequence, clampLimit(limit, 1000, 10_000))
      .map(changeFromRow);
  }

  // -------------------------------------------------------------------------------------------
  // Feedback and audit

  async addFeedback(input: FeedbackInput): Promise<FeedbackRecord> {
    const valid = validFeedback(input);
    const row = this.database
      .prepare(
        `INSERT INTO feedback (created_at, question, answer, rating, comment, citations, user_id)
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(this.clock.now(), valid.question, valid.answer, valid.rating, valid.comment ?? null, JSON.stringify(valid.citations ?? []), valid.userId ?? null);
    return feedbackFromRow(row);
  }

  async listFeedback(limit?: number): Promise<FeedbackRecord[]> {
    return this.database.prepare('SELECT * FROM feedback ORDER BY created_at DESC, id DESC LIMIT ?').all(clampLimit(limit, 100, 10_000)).map(feedbackFromRow);
  }

  async audit(entry: AuditInput): Promise<AuditEntry> {
    return this.insertAudit(auditColumnValues(entry, () => this.clock.now()));
  }

  private insertAudit(values: ReturnType<typeof auditColumnValues>): AuditEntry {
    return auditFromRow(this.database.prepare('INSERT INTO audit_log (at, user_id, action, question, sources, detail) VALUES (?, ?, ?, ?, ?, ?) RETURNING *').get(...values));
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const filter = auditFilter(query, () => '?');
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    return this.database
      .prepare(`SELECT * FROM audit_log ${filter.where} ORDER BY at ${direction}, id ${direction} LIMIT ?`)
      .all(...filter.parameters, clampLimit(query.limit, 1000, 100_000))
      .map(auditFromRow);
  }

  async purgeAudit(olderThan: string): Promise<number> {
    return this.database.prepare('DELETE FROM audit_log WHERE at < ?').run(canonicalTime(olderThan, 'olderThan')).changes;
  }

  // -------------------------------------------------------------------------------------------
  // Conversations

  async createConversation(userId: string, title: string): Promise<Conversation> {
    const now = this.clock.now();
    const row = this.database
      .prepare('INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING *')
      .get(crypto.randomUUID(), userId, validTitle(title), now, now);
    return conversationFromRow(row);
  }

  async listConversations(userId: string, limit?: number): Promise<Conversation[]> {
    return this.database
      .prepare('SELECT * FROM conversations WHERE user_id = ? ORDER BY updated_at DESC, id LIMIT ?')
      .all(userId, clampLimit(limit, 50, 1000))
      .map(conversationFromRow);
  }

  async getConversation(userId: string, conversationId: string): Promise<ConversationWithMessages | null> {
    const read = this.database.transaction((): ConversationWithMessages | null => {
      const row = this.database.prepare('SELECT * FROM conversations WHERE id = ? AND user_id = ?').get(conversationId, userId);
      if (row === undefined) return null;
      const messages = this.database
        .prepare('SELECT * FROM conversation_messages WHERE conversation_id = ? ORDER BY created_at, id')
        .all(conversationId)
        .map(messageFromRow);
      return { ...conversationFromRow(row), messages };
    });
    return read();
  }

  async renameConversation(userId: string, conversationId: string, title: string): Promise<Conversation> {
    const row = this.database
      .prepare('UPDATE conversations SET title = ?, updated_at = ? WHERE id = ? AND user_id = ? RETURNING *')
      .get(validTitle(title), this.clock.now(), conversationId, userId);
    if (row === undefined) throw notFound(`cuộc hội thoại ${conversationId}`);
    return conversationFromRow(row);
  }

  async deleteConversation(userId: string, conversationId: string): Promise<void> {
    const result = this.database.prepare('DELETE FROM conversations WHERE id = ? AND user_id = ?').run(conversationId, userId);
    if (result.changes === 0) throw notFound(`cuộc hội thoại ${conversationId}`);
  }

  async appendMessage(userId: string, conversationId: string, message: NewMessage): Promise<ConversationMessage> {
    const [appended] = await this.appendTurn(userId, conversationId, [message]);
    return appended as ConversationMessage;
  }

  async appendTurn(userId: string, conversationId: string, messages: readonly NewMessage[], audit?: AuditInput): Promise<ConversationMessage[]> {
    const valid = messages.map(validMessage);
    const auditValues = audit ? auditColumnValues(audit, () => this.clock.now()) : undefined;
    const write = this.database.transaction((): ConversationMessage[] => {
      // The clock strictly increases: the messages keep their order, and the conversation is as recent as the last.
      const times = valid.map(() => this.clock.now());
      const owned = this.database.prepare('UPDATE conversations SET updated_at = ? WHERE id = ? AND user_id = ?').run(times.at(-1) ?? this.clock.now(), conversationId, userId);
      if (owned.changes === 0) throw notFound(`cuộc hội thoại ${conversationId}`);
      const insert = this.database.prepare('INSERT INTO conversation_messages (id, conversation_id, role, content, payload, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING *');
      const appended = valid.map((message, i) => messageFromRow(insert.get(crypto.randomUUID(), conversationId, message.role, message.content, messagePayload(message), times[i])));
      if (auditValues) this.insertAudit(auditValues);
      return appended;
    });
    return write.immediate();
  }

  // -------------------------------------------------------------------------------------------
  // Backup and shutdown

  /** An online, consistent copy of the whole database (better-sqlite3 backup API), renamed into place when complete. */
  async backup(toFile: string): Promise<BackupResult> {
    const target = path.resolve(toFile);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.partial-${process.pid}`;
    try {
      await this.database.backup(partial);
      fs.renameSync(partial, target);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw error;
    }
    return { format: 'sqlite', file: target, bytes: fs.statSync(target).size };
  }

  /** The durability settings of this store's connection (they are per connection), for health checks. */
  connectionSettings(): { journalMode: string; synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA'; foreignKeys: boolean } {
    const synchronous = (['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const)[Number(this.database.pragma('synchronous', { simple: true }))] ?? 'OFF';
    return {
      journalMode: String(this.database.pragma('journal_mode', { simple: true })),
      synchronous,
      foreignKeys: Number(this.database.pragma('foreign_keys', { simple: true })) === 1,
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    if (this.database.open) this.database.close();
  }

  // -------------------------------------------------------------------------------------------
  // Knowledge internals (called inside transactions)

  private readItem(id: string): KnowledgeItem | null {
    const row = this.database.prepare('SELECT * FROM knowledge_items WHERE id = ?').get(id);
    return row === undefined ? null : itemFromRow(row);
  }

  private mutateItem(
    id: string,
    actor: string | null,
    action: HistoryAction,
    expectedVersion: number | undefined,
    change: (current: KnowledgeItem) => KnowledgeItem | null,
  ): KnowledgeItem {
    const write = this.database.transaction((): ItemWrite => {
      const current = this.readItem(id);
      if (!current) throw notFound(`mục tri thức ${id}`);
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw new StoreConflictError(id, expectedVersion, current.version);
      const next = change(current);
      if (!next) return { item: current, change: null };
      this.updateItemRow(next, current.version);
      return { item: next, change: this.recordChange(next, actor, action) };
    });
    return this.afterCommit(write.immediate());
  }

  private afterCommit(write: ItemWrite): KnowledgeItem {
    if (write.change) this.listeners.emit(write.change);
    return write.item;
  }

  private insertItem(item: KnowledgeItem): void {
    try {
      this.database
        .prepare(
          `INSERT INTO knowledge_items (id, kind, status, year, field, title, body, legal_basis, author, reviewer, approved_at,
             stale_reason, stale_at, created_at, updated_at, version, search_text)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(...itemColumnValues(item));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('BAD_REQUEST', `mục tri thức ${item.id} đã tồn tại`, { cause: error });
      throw error;
    }
  }

  /** Overwrites an item, guarded by the version it was read at. */
  private updateItemRow(item: KnowledgeItem, readVersion: number): void {
    const result = this.database
      .prepare(
        `UPDATE knowledge_items SET kind = ?, status = ?, year = ?, field = ?, title = ?, body = ?, legal_basis = ?, author = ?,
           reviewer = ?, approved_at = ?, stale_reason = ?, stale_at = ?, created_at = ?, updated_at = ?, version = ?, search_text = ?
         WHERE id = ? AND version = ?`,
      )
      .run(...itemColumnValues(item).slice(1), item.id, readVersion);
    if (result.changes !== 1) throw new StoreConflictError(item.id, readVersion, item.version);
  }

  /** Advances the change counter and writes the history row; returns what listeners will hear. */
  private recordChange(item: KnowledgeItem, actor: string | null, action: HistoryAction, at: string = item.updatedAt): KnowledgeChange {
    const sequence = countFromRow(this.database.prepare('UPDATE knowledge_counter SET value = value + 1 WHERE id = 1 RETURNING value AS count').get());
    this.database
      .prepare('INSERT INTO knowledge_history (sequence, item_id, version, kind, status, at, actor, action, snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(sequence, item.id, item.version, item.kind, item.status, at, actor, action, JSON.stringify(item));
    return { itemId: item.id, kind: item.kind, status: item.status, version: item.version, sequence };
  }
}
