/** The SQLite schema, one numbered step at a time. Never edit a released step; add the next one. */
import { checkedMigrations, type Migration } from '../shared/migrations.js';

export const SQLITE_MIGRATIONS: readonly Migration[] = checkedMigrations([
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        -- The name as compared: NFC, single spaces, lower case; unique, so "An" and "an" cannot both exist.
        name_key TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('inspector', 'trainer', 'legal', 'admin')),
        token_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      );

      CREATE TABLE knowledge_items (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('lesson', 'guide', 'verified')),
        status TEXT NOT NULL CHECK (status IN ('draft', 'review', 'published', 'retired')),
        year INTEGER,
        field TEXT,
        title TEXT NOT NULL,
        body TEXT NOT NULL CHECK (json_valid(body)),
        legal_basis TEXT NOT NULL CHECK (json_valid(legal_basis)),
        author TEXT NOT NULL,
        reviewer TEXT CHECK (reviewer IS NULL OR reviewer <> author),
        approved_at TEXT,
        stale_reason TEXT,
        stale_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        search_text TEXT NOT NULL
      );
      CREATE INDEX knowledge_items_by_kind_status ON knowledge_items (kind, status, updated_at);
      CREATE INDEX knowledge_items_by_updated ON knowledge_items (updated_at);

      -- One row per change; sequence is the store-wide change counter at that change.
      CREATE TABLE knowledge_history (
        sequence INTEGER PRIMARY KEY,
        item_id TEXT NOT NULL REFERENCES knowledge_items (id),
        version INTEGER NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        at TEXT NOT NULL,
        actor TEXT,
        action TEXT NOT NULL CHECK (action IN ('create', 'update', 'status', 'stale', 'unstale', 'import')),
        snapshot TEXT NOT NULL CHECK (json_valid(snapshot)),
        UNIQUE (item_id, version)
      );

      CREATE TABLE knowledge_counter (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        value INTEGER NOT NULL
      );
      INSERT INTO knowledge_counter (id, value) VALUES (1, 0);

      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        comment TEXT,
        citations TEXT NOT NULL CHECK (json_valid(citations)),
        user_id TEXT
      );
      CREATE INDEX feedback_by_created ON feedback (created_at);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user_id TEXT,
        action TEXT NOT NULL,
        question TEXT,
        sources TEXT NOT NULL CHECK (json_valid(sources)),
        detail TEXT NOT NULL CHECK (json_valid(detail))
      );
      CREATE INDEX audit_log_by_at ON audit_log (at);
      CREATE INDEX audit_log_by_user ON audit_log (user_id, at);

      CREATE TABLE conversations (
        id TEXT PRIMARY KEY,
        user_id TEXT NOT NULL,
        title TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX conversations_by_user ON conversations (user_id, updated_at);

      CREATE TABLE conversation_messages (
        id TEXT PRIMARY KEY,
        conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
        content TEXT NOT NULL,
        payload TEXT CHECK (payload IS NULL OR json_valid(payload)),
        created_at TEXT NOT NULL
      );
      CREATE INDEX conversation_messages_by_conversation ON conversation_messages (conversation_id, created_at);
    `,
  },
]);
