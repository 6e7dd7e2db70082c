/** The PostgreSQL schema, one numbered step at a time. Never edit a released step; add the next one. */
import { checkedMigrations, type Migration } from '../shared/migrations.js';

export const POSTGRES_MIGRATIONS: readonly Migration[] = checkedMigrations([
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE users (
        id text PRIMARY KEY,
        name text NOT NULL,
        -- The name as compared: NFC, single spaces, lower case; unique, so "An" and "an" cannot both exist.
        name_key text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('inspector', 'trainer', 'legal', 'admin')),
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        disabled_at timestamptz
      );

      CREATE TABLE knowledge_items (
        id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('lesson', 'guide', 'verified')),
        status text NOT NULL CHECK (status IN ('draft', 'review', 'published', 'retired')),
        year integer,
        field text,
        title text NOT NULL,
        body jsonb NOT NULL CHECK (jsonb_typeof(body) = 'object'),
        legal_basis jsonb NOT NULL CHECK (jsonb_typeof(legal_basis) = 'array'),
        author text NOT NULL,
        reviewer text CHECK (reviewer IS NULL OR reviewer <> author),
        approved_at timestamptz,
        stale_reason text,
        stale_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        search_text text NOT NULL
      );
      CREATE INDEX knowledge_items_by_kind_status ON knowledge_items (kind, status, updated_at DESC);
      CREATE INDEX knowledge_items_by_updated ON knowledge_items (updated_at DESC);

      -- One row per change; sequence is the store-wide change counter at that change.
      CREATE TABLE knowledge_history (
        sequence bigint PRIMARY KEY,
        item_id text NOT NULL REFERENCES knowledge_items (id),
        version integer NOT NULL,
        kind text NOT NULL,
        status text NOT NULL,
        at timestamptz NOT NULL,
        actor text,
        action text NOT NULL CHECK (action IN ('create', 'update', 'status', 'stale', 'unstale', 'import')),
        snapshot jsonb NOT NULL,
        UNIQUE (item_id, version)
      );

      -- A single row locked by every knowledge write: it serialises them, so sequences commit in order.
      CREATE TABLE knowledge_counter (
        id integer PRIMARY KEY CHECK (id = 1),
        value bigint NOT NULL
      );
      INSERT INTO knowledge_counter (id, value) VALUES (1, 0);

      CREATE TABLE feedback (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        created_at timestamptz NOT NULL,
        question text NOT NULL,
        answer text NOT NULL,
        rating text NOT NULL CHECK (rating IN ('up', 'down')),
        comment text,
        citations jsonb NOT NULL,
        user_id text
      );
      CREATE INDEX feedback_by_created ON feedback (created_at DESC);

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        user_id text,
        action text NOT NULL,
        question text,
        sources jsonb NOT NULL,
        detail jsonb NOT NULL
      );
      CREATE INDEX audit_log_by_at ON audit_log (at);
      CREATE INDEX audit_log_by_user ON audit_log (user_id, at);

      CREATE TABLE conversations (
        id text PRIMARY KEY,
        user_id text NOT NULL,
        title text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      );
      CREATE INDEX conversations_by_user ON conversations (user_id, updated_at DESC);

      CREATE TABLE conversation_messages (
        id text PRIMARY KEY,
        conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('user', 'assistant')),
        content text NOT NULL,
        payload jsonb,
        created_at timestamptz NOT NULL
      );
      CREATE INDEX conversation_messages_by_conversation ON conversation_messages (conversation_id, created_at);
    `,
  },
]);
