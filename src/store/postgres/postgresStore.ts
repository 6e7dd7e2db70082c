/**
 * The store in PostgreSQL (node-postgres), for several instances of the service on one database.
 *
 * Queries go through a pool; writes that must hold together run in one transaction on one pooled
 * client. Knowledge writes first lock the single row of `knowledge_counter`: that serialises them
 * (they are rare), hands out sequences in commit order and rules out deadlocks between imports and
 * edits. Each write NOTIFYs inside its transaction, and a dedicated LISTEN connection per store
 * object (see notifications.ts) turns those notices, from this instance and every other, into
 * `onKnowledgeChange` calls.
 *
 * The schema comes from the connection's search_path, so one database can hold several
 * independent stores (one per test run): `postgres://host/db?options=-c%20search_path%3Dmy_schema`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { AppError } from '../../errors.js';
import { StoreConflictError, notFound } from '../errors.js';
import { MonotonicClock } from '../shared/clock.js';
import { auditFilter, knowledgeFilter, type SqlParameter } from '../shared/filters.js';
import { auditColumnValues, byUserName, messagePayload, userNameKey, validFeedback, validMessage, validTitle, validUser } from '../shared/inputs.js';
import {
  canonicalTime,
  clampLimit,
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
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { KNOWLEDGE_CHANNEL, NotificationListener, noticePayload } from './notifications.js';

export interface PostgresStoreOptions {
  /** A libpq-style URL; `?options=-c search_path=...` picks the schema (default: public). */
  connectionString: string;
  /** Pool size. Default 10. */
  maxConnections?: number;
  /**
   * Follow every instance's knowledge changes over LISTEN (one extra connection). Default true.
   * With false (CLI tools), listeners hear only this store object's own changes.
   */
  listen?: boolean;
  /** Where background errors go (dropped LISTEN connection, failing listeners, idle pool clients). Default: stderr. */
  onBackgroundError?: (error: unknown) => void;
}

const JSON_OID = 114;
const JSONB_OID = 3802;

/**
 * JSON and jsonb arrive as text, as SQLite gives them, so one parser (zod, in records.ts) reads
 * both stores and a jsonb string value is not mistaken for already-parsed JSON.
 */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === JSON_OID || oid === JSONB_OID ? (value: string) => value : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** A hash no secret has, compared against when the user is unknown so both paths cost the same. */
const UNKNOWN_USER_HASH = hashSecret('no such user');

/** SQLSTATE classes and socket errors that mean "the database is not there", not "the query is wrong". */
function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return (
    code.startsWith('08') ||
    code === '57P01' ||
    code === '57P03' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'ENOTFOUND' ||
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH' ||
    /Connection terminated/i.test(error.message)
  );
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === '23505';
}

/** The URL without its password, for messages. */
function describeUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    url.password = '';
    return `${url.host}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** Connects, applies migrations, starts listening. Throws STORE_UNAVAILABLE when the database cannot be reached. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const onBackgroundError = options.onBackgroundError ?? ((error: unknown) => console.error('PostgreSQL store:', error));
  const clientConfig: pg.ClientConfig = {
    connectionString: options.connectionString,
    types: typeParsers,
    application_name: 'tro-ly-thanh-tra',
    keepAlive: true,
  };
  const pool = new pg.Pool({ ...clientConfig, max: options.maxConnections ?? 10, idleTimeoutMillis: 30_000 });
  pool.on('error', onBackgroundError);
  let schema: string;
  try {
    const result = await pool.query<{ schema: string | null }>('SELECT current_schema() AS schema');
    const current = result.rows[0]?.schema;
    if (!current) throw new AppError('CONFIG_INVALID', 'DATABASE_URL: search_path không trỏ tới lược đồ (schema) nào đang tồn tại');
    schema = current;
    await migrate(pool, POSTGRES_MIGRATIONS);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (isConnectionFailure(error)) throw new AppError('STORE_UNAVAILABLE', describeUrl(options.connectionString), { cause: error });
    throw error;
  }
  const store = new PostgresStore(pool, schema, onBackgroundError);
  if (options.listen ?? true) {
    try {
      await store.startListening(clientConfig);
    } catch (error) {
      await store.close();
      if (isConnectionFailure(error)) throw new AppError('STORE_UNAVAILABLE', describeUrl(options.connectionString), { cause: error });
      throw error;
    }
  }
  return store;
}

/**
 * Applies the pending migrations in one transaction under an advisory lock (per schema), so that
 * instances starting together do not race; refuses a database from a newer program.
 */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[]): Promise<void> {
  const client = await pool.connect();
  try {
    await runQuery(client, 'BEGIN');
    await runQuery(client, `SELECT pg_advisory_xact_lock(hashtext('tro_ly_migrations:' || current_schema()))`);
    await runQuery(client, `CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const result = await runQuery(client, 'SELECT COALESCE(MAX(version), 0) AS count FROM schema_migrations');
    const applied = countFromRow(result.rows[0]);
    const latest = migrations.at(-1)?.version ?? 0;
    if (applied > latest) throw new AppError('STORE_SCHEMA_TOO_NEW', `lược đồ ${applied}, chương trình biết đến ${latest}`);
    for (const migration of migrations) {
      if (migration.version <= applied) continue;
      await runQuery(client, migration.sql);
      await runQuery(client, 'INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    }
    await runQuery(client, 'COMMIT');
  } catch (error) {
    await runQuery(client, 'ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** What a query needs: the pool itself or a client inside a transaction. */
type Queryable = pg.Pool | pg.PoolClient;

/** Rows as `unknown`: records.ts parses them; nothing reads a column unchecked. */
interface QueryOutcome {
  rows: unknown[];
  rowCount: number;
}

/** Runs one statement; a lost database becomes STORE_UNAVAILABLE, anything else is rethrown as is. */
async function runQuery(queryable: Queryable, text: string, values?: readonly unknown[]): Promise<QueryOutcome> {
  try {
    const result = await queryable.query(text, values === undefined ? undefined : [...values]);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  } catch (error) {
    throw unavailableIfDisconnected(error);
  }
}

function unavailableIfDisconnected(error: unknown): unknown {
  if (error instanceof AppError || !isConnectionFailure(error)) return error;
  return new AppError('STORE_UNAVAILABLE', error instanceof Error ? error.message : undefined, { cause: error });
}

interface ItemWrite {
  item: KnowledgeItem;
  change: KnowledgeChange | null;
}

export class PostgresStore implements Store {
  readonly backend = 'postgres' as const;
  private readonly clock = new MonotonicClock();
  private readonly listeners: ChangeListeners;
  private listener: NotificationListener | null = null;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    /** The schema this store lives in (from search_path). */
    readonly schema: string,
    private readonly onBackgroundError: (error: unknown) => void,
  ) {
    this.listeners = new ChangeListeners(onBackgroundError);
  }

  /** Opens the dedicated LISTEN connection; called once by openPostgresStore. */
  async startListening(clientConfig: pg.ClientConfig): Promise<void> {
    const listener = new NotificationListener({
      clientConfig,
      schema: this.schema,
      changesSince: (afterSequence) => this.knowledgeChangesSince(afterSequence, 1000),
      deliver: (change) => this.listeners.emit(change),
      onError: this.onBackgroundError,
    });
    // Listeners hear changes after this point; one committed between reading the counter and the
    // LISTEN is delivered by the catch-up the listener runs as soon as it is connected.
    const version = await this.knowledgeVersion();
    await listener.start(version);
    this.listener = listener;
  }

  /** The LISTEN connection's state, for tests and health checks. */
  get notificationListener(): NotificationListener | null {
    return this.listener;
  }

  // -------------------------------------------------------------------------------------------
  // Users

  async createUser(name: string, role: UserRole): Promise<IssuedToken> {
    const valid = validUser(name, role);
    const user: User = { id: crypto.randomUUID(), name: valid.name, role: valid.role, createdAt: this.clock.now(), disabledAt: null };
    const issued = issueToken(user.id);
    try {
      await runQuery(this.pool, 'INSERT INTO users (id, name, name_key, role, token_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        user.id,
        user.name,
        valid.nameKey,
        user.role,
        issued.hash,
        user.createdAt,
      ]);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('USER_EXISTS', user.name, { cause: error });
      throw error;
    }
    return { user, token: issued.token };
  }

  async authenticate(token: string): Promise<User | null> {
    const parsed = parseToken(token);
    if (!parsed) return null;
    const result = await runQuery(this.pool, 'SELECT id, name, role, created_at, disabled_at, token_hash FROM users WHERE id = $1', [parsed.userId]);
    const row: unknown = result.rows[0];
    const credential = row === undefined ? null : credentialFromRow(row);
    const matches = secretMatches(parsed.secret, credential?.tokenHash ?? UNKNOWN_USER_HASH);
    if (!credential || !matches || credential.user.disabledAt !== null) return null;
    return credential.user;
  }

  async rotateToken(userId: string): Promise<string> {
    const issued = issueToken(userId);
    const result = await runQuery(this.pool, 'UPDATE users SET token_hash = $1 WHERE id = $2', [issued.hash, userId]);
    if (result.rowCount === 0) throw notFound(`người dùng ${userId}`);
    return issued.token;
  }

  async getUser(userId: string): Promise<User | null> {
    const result = await runQuery(this.pool, 'SELECT id, name, role, created_at, disabled_at FROM users WHERE id = $1', [userId]);
    const row: unknown = result.rows[0];
    return row === undefined ? null : userFromRow(row);
  }

  async findUserByName(name: string): Promise<User | null> {
    const result = await runQuery(this.pool, 'SELECT id, name, role, created_at, disabled_at FROM users WHERE name_key = $1', [userNameKey(name)]);
    const row: unknown = result.rows[0];
    return row === undefined ? null : userFromRow(row);
  }

  async listUsers(): Promise<User[]> {
    const result = await runQuery(this.pool, 'SELECT id, name, role, created_at, disabled_at FROM users');
    return result.rows.map(userFromRow).sort(byUserName);
  }

  async disableUser(userId: string): Promise<User> {
    const result = await runQuery(this.pool, 
      'UPDATE users SET disabled_at = COALESCE(disabled_at, $1) WHERE id = $2 RETURNING id, name, role, created_at, disabled_at',
      [this.clock.now(), userId],
    );
    const row: unknown = result.rows[0];
    if (row === undefined) throw notFound(`người dùng ${userId}`);
    return userFromRow(row);
  }

  async countUsers(): Promise<number> {
    const result = await runQuery(this.pool, 'SELECT COUNT(*) AS count FROM users');
    return countFromRow(result.rows[0]);
  }

  // -------------------------------------------------------------------------------------------
  // Knowledge items

  async createItem(input: NewKnowledgeItem, actor: string): Promise<KnowledgeItem> {
    const item = createdItem(input, actor, crypto.randomUUID(), this.clock.now());
    const change = await this.knowledgeTransaction(async (client) => {
      await this.insertItem(client, item);
      return this.recordChange(client, item, actor, 'create');
    });
    this.afterCommit([change]);
    return item;
  }

  async getItem(id: string): Promise<KnowledgeItem | null> {
    return this.readItem(this.pool, id);
  }

  async updateItem(id: string, patch: KnowledgeItemPatch, expectedVersion: number, actor: string): Promise<KnowledgeItem> {
    return this.mutateItem(id, actor, 'update', expectedVersion, (current) => patchedItem(current, patch, this.clock.now()));
  }

  async setItemStatus(id: string, status: KnowledgeStatus, actor: string, expectedVersion?: number, options: { direct?: boolean } = {}): Promise<KnowledgeItem> {
    return this.mutateItem(id, actor, 'status', expectedVersion, (current) => itemWithStatus(current, status, actor, this.clock.now(), options.direct ?? false));
  }

  async listItems(query: KnowledgeQuery = {}): Promise<KnowledgePage> {
    const filter = knowledgeFilter(query, (position) => `$${position}`);
    const { limit, offset } = pageBounds(query);
    const next = filter.parameters.length + 1;
    // One statement, one snapshot: the page and the total agree.
    const result = await runQuery(this.pool, 
      `SELECT *, COUNT(*) OVER () AS total FROM knowledge_items ${filter.where}
       ORDER BY updated_at DESC, id COLLATE "C" LIMIT $${next} OFFSET $${next + 1}`,
      [...filter.parameters, limit, offset],
    );
    const rows: unknown[] = result.rows;
    const first = rows[0];
    const total = first === undefined ? await this.countItems(filter.where, filter.parameters) : countFromRow({ count: totalOf(first) });
    return { items: rows.map(itemFromRow), total };
  }

  async markItemStale(id: string, reason: string, actor: string | null = null): Promise<KnowledgeItem> {
    return this.mutateItem(id, actor, 'stale', undefined, (current) => itemWithStaleness(current, reason, this.clock.now()));
  }

  async clearItemStale(id: string, actor: string | null = null): Promise<KnowledgeItem> {
    return this.mutateItem(id, actor, 'unstale', undefined, (current) => itemWithStaleness(current, null, this.clock.now()));
  }

  async itemHistory(id: string): Promise<KnowledgeHistoryEntry[]> {
    const result = await runQuery(this.pool, 'SELECT * FROM knowledge_history WHERE item_id = $1 ORDER BY version', [id]);
    return result.rows.map(historyFromRow);
  }

  async exportItems(): Promise<KnowledgeItem[]> {
    const result = await runQuery(this.pool, 'SELECT * FROM knowledge_items ORDER BY created_at, id COLLATE "C"');
    return result.rows.map(itemFromRow);
  }

  async importItems(items: readonly KnowledgeItem[], actor: string): Promise<ImportResult> {
    const valid = validatedImport(items, actor);
    let created = 0;
    const changes: KnowledgeChange[] = [];
    await this.knowledgeTransaction(async (client) => {
      const at = this.clock.now();
      for (const incoming of valid) {
        const existing = await this.readItem(client, incoming.id, true);
        if (existing) {
          const next = { ...incoming, version: existing.version + 1 };
          await this.updateItemRow(client, next, existing.version);
          changes.push(await this.recordChange(client, next, actor, 'import', at));
        } else {
          await this.insertItem(client, incoming);
          changes.push(await this.recordChange(client, incoming, actor, 'import', at));
          created += 1;
        }
      }
    });
    this.afterCommit(changes);
    return { created, updated: valid.length - created };
  }

  // -------------------------------------------------------------------------------------------
  // Change notification

  onKnowledgeChange(listener: KnowledgeChangeListener): () => void {
    return this.listeners.add(listener);
  }

  async knowledgeVersion(): Promise<number> {
    const result = await runQuery(this.pool, 'SELECT value AS count FROM knowledge_counter WHERE id = 1');
    return countFromRow(result.rows[0]);
  }

  async knowledgeChangesSince(afterSequence: number, limit?: number): Promise<KnowledgeChange[]> {
    const result = await runQuery(this.pool, 
      'SELECT item_id, kind, status, version, sequence FROM knowledge_history WHERE sequence > $1 ORDER BY sequence LIMIT $2',
      [afterSequence, clampLimit(limit, 1000, 10_000)],
    );
    return result.rows.map(changeFromRow);
  }

  // -------------------------------------------------------------------------------------------
  // Feedback and audit

  async addFeedback(input: FeedbackInput): Promise<FeedbackRecord> {
    const valid = validFeedback(input);
    const result = await runQuery(this.pool, 
      `INSERT INTO feedback (created_at, question, answer, rating, comment, citations, user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [this.clock.now(), valid.question, valid.answer, valid.rating, valid.comment ?? null, JSON.stringify(valid.citations ?? []), valid.userId ?? null],
    );
    return feedbackFromRow(result.rows[0]);
  }

  async listFeedback(limit?: number): Promise<FeedbackRecord[]> {
    const result = await runQuery(this.pool, 'SELECT * FROM feedback ORDER BY created_at DESC, id DESC LIMIT $1', [clampLimit(limit, 100, 10_000)]);
    return result.rows.map(feedbackFromRow);
  }

  async audit(entry: AuditInput): Promise<AuditEntry> {
    return insertAudit(this.pool, auditColumnValues(entry, () => this.clock.now()));
  }

  async listAudit(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const filter = auditFilter(query, (position) => `$${position}`, '::timestamptz');
    const direction = query.order === 'asc' ? 'ASC' : 'DESC';
    const result = await runQuery(this.pool, 
      `SELECT * FROM audit_log ${filter.where} ORDER BY at ${direction}, id ${direction} LIMIT $${filter.parameters.length + 1}`,
      [...filter.parameters, clampLimit(query.limit, 1000, 100_000)],
    );
    return result.rows.map(auditFromRow);
  }

  async purgeAudit(olderThan: string): Promise<number> {
    const result = await runQuery(this.pool, 'DELETE FROM audit_log WHERE at < $1::timestamptz', [canonicalTime(olderThan, 'olderThan')]);
    return result.rowCount ?? 0;
  }

  // -------------------------------------------------------------------------------------------
  // Conversations

  async createConversation(userId: string, title: string): Promise<Conversation> {
    const now = this.clock.now();
    const result = await runQuery(this.pool, 
      'INSERT INTO conversations (id, user_id, title, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING *',
      [crypto.randomUUID(), userId, validTitle(title), now],
    );
    return conversationFromRow(result.rows[0]);
  }

  async listConversations(userId: string, limit?: number): Promise<Conversation[]> {
    const result = await runQuery(this.pool, 'SELECT * FROM conversations WHERE user_id = $1 ORDER BY updated_at DESC, id COLLATE "C" LIMIT $2', [
      userId,
      clampLimit(limit, 50, 1000),
    ]);
    return result.rows.map(conversationFromRow);
  }

  async getConversation(userId: string, conversationId: string): Promise<ConversationWithMessages | null> {
    return this.transaction(async (client) => {
      const conversation = await runQuery(client, 'SELECT * FROM conversations WHERE id = $1 AND user_id = $2', [conversationId, userId]);
      const row: unknown = conversation.rows[0];
      if (row === undefined) return null;
      const messages = await runQuery(client, 'SELECT * FROM conversation_messages WHERE conversation_id = $1 ORDER BY created_at, id COLLATE "C"', [
        conversationId,
      ]);
      return { ...conversationFromRow(row), messages: messages.rows.map(messageFromRow) };
    }, 'REPEATABLE READ');
  }

  async renameConversation(userId: string, conversationId: string, title: string): Promise<Conversation> {
    const result = await runQuery(this.pool, 'UPDATE conversations SET title = $1, updated_at = $2 WHERE id = $3 AND user_id = $4 RETURNING *', [
      validTitle(title),
      this.clock.now(),
      conversationId,
      userId,
    ]);
    const row: unknown = result.rows[0];
    if (row === undefined) throw notFound(`cuộc hội thoại ${conversationId}`);
    return conversationFromRow(row);
  }

  async deleteConversation(userId: string, conversationId: string): Promise<void> {
    const result = await runQuery(this.pool, 'DELETE FROM conversations WHERE id = $1 AND user_id = $2', [conversationId, userId]);
    if (result.rowCount === 0) throw notFound(`cuộc hội thoại ${conversationId}`);
  }

  async appendMessage(userId: string, conversationId: string, message: NewMessage): Promise<ConversationMessage> {
    const [appended] = await this.appendTurn(userId, conversationId, [message]);
    return appended as ConversationMessage;
  }

  async appendTurn(userId: string, conversationId: string, messages: readonly NewMessage[], audit?: AuditInput): Promise<ConversationMessage[]> {
    const valid = messages.map(validMessage);
    const auditValues = audit ? auditColumnValues(audit, () => this.clock.now()) : undefined;
    return this.transaction(async (client) => {
      // The clock strictly increases: the messages keep their order, and the conversation is as recent as the last.
      const times = valid.map(() => this.clock.now());
      const owned = await runQuery(client, 'UPDATE conversations SET updated_at = $1 WHERE id = $2 AND user_id = $3', [times.at(-1) ?? this.clock.now(), conversationId, userId]);
      if (owned.rowCount === 0) throw notFound(`cuộc hội thoại ${conversationId}`);
      const appended: ConversationMessage[] = [];
      for (const [i, message] of valid.entries()) {
        const result = await runQuery(client,
          'INSERT INTO conversation_messages (id, conversation_id, role, content, payload, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
          [crypto.randomUUID(), conversationId, message.role, message.content, messagePayload(message), times[i]],
        );
        appended.push(messageFromRow(result.rows[0]));
      }
      if (auditValues) await insertAudit(client, auditValues);
      return appended;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Backup and shutdown

  /** The knowledge items as JSON (what `importItems` reads back); the rest of the database needs pg_dump. */
  async backup(toFile: string): Promise<BackupResult> {
    const target = path.resolve(toFile);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const items = await this.exportItems();
    const partial = `${target}.partial-${process.pid}`;
    try {
      fs.writeFileSync(partial, `${JSON.stringify({ format: 'tro-ly-knowledge-items', version: 1, exportedAt: new Date().toISOString(), items }, null, 2)}\n`);
      fs.renameSync(partial, target);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw error;
    }
    return { format: 'knowledge-json', file: target, bytes: fs.statSync(target).size };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.listener?.stop();
    await this.pool.end();
  }

  // -------------------------------------------------------------------------------------------
  // Internals

  private async transaction<Result>(work: (client: pg.PoolClient) => Promise<Result>, isolation?: 'REPEATABLE READ'): Promise<Result> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw unavailableIfDisconnected(error);
    });
    let broken = false;
    try {
      await runQuery(client, isolation ? `BEGIN ISOLATION LEVEL ${isolation}` : 'BEGIN');
      const result = await work(client);
      await runQuery(client, 'COMMIT');
      return result;
    } catch (error) {
      await runQuery(client, 'ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
      client.release(broken);
    }
  }

  /** A transaction holding the knowledge counter lock, which every knowledge write takes first. */
  private async knowledgeTransaction<Result>(work: (client: pg.PoolClient) => Promise<Result>): Promise<Result> {
    return this.transaction(async (client) => {
      await runQuery(client, 'SELECT value FROM knowledge_counter WHERE id = 1 FOR UPDATE');
      return work(client);
    });
  }

  /**
   * Committed changes reach this store's listeners through its LISTEN connection, like everybody
   * else's; a store opened without one tells its listeners about its own changes directly.
   */
  private afterCommit(changes: readonly KnowledgeChange[]): void {
    if (this.listener !== null) return;
    for (const change of changes) this.listeners.emit(change);
  }

  private async readItem(queryable: Queryable, id: string, forUpdate = false): Promise<KnowledgeItem | null> {
    const result = await runQuery(queryable, `SELECT * FROM knowledge_items WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    const row: unknown = result.rows[0];
    return row === undefined ? null : itemFromRow(row);
  }

  private async countItems(where: string, parameters: SqlParameter[]): Promise<number> {
    const result = await runQuery(this.pool, `SELECT COUNT(*) AS count FROM knowledge_items ${where}`, parameters);
    return countFromRow(result.rows[0]);
  }

  private async mutateItem(
    id: string,
    actor: string | null,
    action: HistoryAction,
    expectedVersion: number | undefined,
    change: (current: KnowledgeItem) => KnowledgeItem | null,
  ): Promise<KnowledgeItem> {
    const write = await this.knowledgeTransaction(async (client): Promise<ItemWrite> => {
      const current = await this.readItem(client, id, true);
      if (!current) throw notFound(`mục tri thức ${id}`);
      if (expectedVersion !== undefined && current.version !== expectedVersion) throw new StoreConflictError(id, expectedVersion, current.version);
      const next = change(current);
      if (!next) return { item: current, change: null };
      await this.updateItemRow(client, next, current.version);
      return { item: next, change: await this.recordChange(client, next, actor, action) };
    });
    if (write.change) this.afterCommit([write.change]);
    return write.item;
  }

  private async insertItem(client: pg.PoolClient, item: KnowledgeItem): Promise<void> {
    try {
      await runQuery(client, 
        `INSERT INTO knowledge_items (id, kind, status, year, field, title, body, legal_basis, author, reviewer, approved_at,
           stale_reason, stale_at, created_at, updated_at, version, search_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        itemColumnValues(item),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('BAD_REQUEST', `mục tri thức ${item.id} đã tồn tại`, { cause: error });
      throw error;
    }
  }

  /** Overwrites an item, guarded by the version it was read at. */
  private async updateItemRow(client: pg.PoolClient, item: KnowledgeItem, readVersion: number): Promise<void> {
    const result = await runQuery(client, 
      `UPDATE knowledge_items SET kind = $2, status = $3, year = $4, field = $5, title = $6, body = $7, legal_basis = $8, author = $9,
         reviewer = $10, approved_at = $11, stale_reason = $12, stale_at = $13, created_at = $14, updated_at = $15, version = $16,
         search_text = $17
       WHERE id = $1 AND version = $18`,
      [...itemColumnValues(item), readVersion],
    );
    if (result.rowCount !== 1) throw new StoreConflictError(item.id, readVersion, item.version);
  }

  /** Advances the change counter, writes the history row and queues the notice (sent on commit). */
  private async recordChange(
    client: pg.PoolClient,
    item: KnowledgeItem,
    actor: string | null,
    action: HistoryAction,
    at: string = item.updatedAt,
  ): Promise<KnowledgeChange> {
    const counter = await runQuery(client, 'UPDATE knowledge_counter SET value = value + 1 WHERE id = 1 RETURNING value AS count');
    const sequence = countFromRow(counter.rows[0]);
    await runQuery(client, 
      'INSERT INTO knowledge_history (sequence, item_id, version, kind, status, at, actor, action, snapshot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [sequence, item.id, item.version, item.kind, item.status, at, actor, action, JSON.stringify(item)],
    );
    const change: KnowledgeChange = { itemId: item.id, kind: item.kind, status: item.status, version: item.version, sequence };
    await runQuery(client, 'SELECT pg_notify($1, $2)', [KNOWLEDGE_CHANNEL, noticePayload(this.schema, change)]);
    return change;
  }
}

function totalOf(row: unknown): unknown {
  return typeof row === 'object' && row !== null && 'total' in row ? row.total : undefined;
}

async function insertAudit(client: Parameters<typeof runQuery>[0], values: ReturnType<typeof auditColumnValues>): Promise<AuditEntry> {
  const result = await runQuery(client, 'INSERT INTO audit_log (at, user_id, action, question, sources, detail) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *', values);
  return auditFromRow(result.rows[0]);
}
