/**
 * The PostgreSQL store against a real server (TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test). If it is not reachable these tests FAIL: CI starts it.
 * Every test works in its own schema, created and dropped here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually, runStoreContract } from '../contract.js';
import { openStore } from '../index.js';
import { createSchema, connectTestDatabase, dropSchema, testSchemaName, urlWithSchema } from '../testing/postgresTestDatabase.js';
import type { KnowledgeChange, KnowledgeItem } from '../types.js';
import { POSTGRES_MIGRATIONS } from './migrations.js';
import { PostgresStore, openPostgresStore } from './postgresStore.js';

let admin: pg.Client | null = null;
const schemas: string[] = [];

async function adminClient(): Promise<pg.Client> {
  admin ??= await connectTestDatabase();
  return admin;
}

async function freshSchema(): Promise<{ schema: string; url: string }> {
  const client = await adminClient();
  const schema = testSchemaName();
  await createSchema(client, schema);
  schemas.push(schema);
  return { schema, url: urlWithSchema(schema) };
}

beforeAll(async () => {
  await adminClient();
});

afterAll(async () => {
  if (!admin) return;
  for (const schema of schemas.splice(0)) await dropSchema(admin, schema);
  await admin.end();
  admin = null;
});

runStoreContract('PostgreSQL', {
  async createFixture() {
    const { schema, url } = await freshSchema();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tro-ly-pg-'));
    return {
      location: { databaseUrl: url, dataDir },
      async dispose() {
        fs.rmSync(dataDir, { recursive: true, force: true });
        await dropSchema(await adminClient(), schema);
      },
    };
  },
});

describe('PostgreSQL store specifics', () => {
  const opened: PostgresStore[] = [];
  let backgroundErrors: unknown[] = [];

  async function open(url: string): Promise<PostgresStore> {
    const store = await openPostgresStore({ connectionString: url, onBackgroundError: (error) => backgroundErrors.push(error) });
    opened.push(store);
    return store;
  }

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    backgroundErrors = [];
  });

  it('openStore picks PostgreSQL when a URL is given, in the schema of its search_path', async () => {
    const { schema, url } = await freshSchema();
    const store = await openStore({ databaseUrl: url, dataDir: '/nonexistent' });
    try {
      expect(store.backend).toBe('postgres');
      expect(store instanceof PostgresStore ? store.schema : null).toBe(schema);
    } finally {
      await store.close();
    }
  });

  it('two instances hear each other’s changes within 2 seconds, in commit order', async () => {
    const { url } = await freshSchema();
    const first = await open(url);
    const second = await open(url);
    const heardByFirst: KnowledgeChange[] = [];
    const heardBySecond: KnowledgeChange[] = [];
    first.onKnowledgeChange((change) => heardByFirst.push(change));
    second.onKnowledgeChange((change) => heardBySecond.push(change));

    const item = await first.createItem({ kind: 'verified', title: 'Câu trả lời đã kiểm chứng', body: { traLoi: 'Có' } }, 'author-1');
    const started = Date.now();
    await eventually(() => (heardBySecond.length === 1 ? heardBySecond : undefined), 2000, 'the second instance to hear the first');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(heardBySecond[0]).toEqual({ itemId: item.id, kind: 'verified', status: 'draft', version: 1, sequence: 1 });

    await second.setItemStatus(item.id, 'published', 'reviewer-1');
    await eventually(() => (heardByFirst.length === 2 ? heardByFirst : undefined), 2000, 'the first instance to hear the second');
    expect(heardByFirst.map((change) => [change.sequence, change.status])).toEqual([
      [1, 'draft'],
      [2, 'published'],
    ]);
    await eventually(() => (heardBySecond.length === 2 ? heardBySecond : undefined), 2000, 'the second instance to hear itself');
    expect(heardBySecond).toEqual(heardByFirst);
  });

  it('ignores changes in another schema of the same database', async () => {
    const mine = await freshSchema();
    const theirs = await freshSchema();
    const store = await open(mine.url);
    const neighbour = await open(theirs.url);
    const heard: KnowledgeChange[] = [];
    store.onKnowledgeChange((change) => heard.push(change));
    await neighbour.createItem({ kind: 'lesson', title: 'Ở lược đồ khác', body: {} }, 'author-1');
    const own = await store.createItem({ kind: 'lesson', title: 'Của mình', body: {} }, 'author-1');
    await eventually(() => (heard.length >= 1 ? heard : undefined), 2000, 'own change');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard.map((change) => change.itemId)).toEqual([own.id]);
  });

  it('reconnects its LISTEN connection when it is killed and catches up on what it missed', async () => {
    const { url } = await freshSchema();
    const follower = await open(url);
    const writer = await open(url);
    const heard: KnowledgeChange[] = [];
    follower.onKnowledgeChange((change) => heard.push(change));
    const listener = follower.notificationListener;
    expect(listener).not.toBeNull();
    const pid = await listener?.backendPid();
    expect(pid).toEqual(expect.any(Number));

    await (await adminClient()).query('SELECT pg_terminate_backend($1)', [pid]);
    // Written while the follower is (probably) not listening: heard through the catch-up.
    const missed = await writer.createItem({ kind: 'lesson', title: 'Viết khi mất kết nối', body: {} }, 'author-1');
    await eventually(() => (listener && listener.connectionCount >= 2 ? true : undefined), 3000, 'the reconnect');
    const after = await writer.createItem({ kind: 'lesson', title: 'Viết sau khi nối lại', body: {} }, 'author-1');
    await eventually(() => (heard.length === 2 ? heard : undefined), 3000, 'both changes');
    expect(heard.map((change) => change.itemId)).toEqual([missed.id, after.id]);
    expect(await listener?.backendPid()).not.toBe(pid);
    // The dropped connection was reported, not thrown.
    expect(backgroundErrors.length).toBeGreaterThanOrEqual(1);
  });

  it('without a LISTEN connection, a store still tells its own listeners', async () => {
    const { url } = await freshSchema();
    const store = await openPostgresStore({ connectionString: url, listen: false });
    opened.push(store);
    expect(store.notificationListener).toBeNull();
    const heard: number[] = [];
    store.onKnowledgeChange((change) => heard.push(change.sequence));
    await store.createItem({ kind: 'guide', title: 'Không lắng nghe', body: {} }, 'author-1');
    expect(heard).toEqual([1]);
  });

  it('serialises concurrent knowledge writes from several instances into one gap-free sequence', async () => {
    const { url } = await freshSchema();
    const instances = [await open(url), await open(url), await open(url)];
    const writes = instances.flatMap((store, storeIndex) =>
      Array.from({ length: 5 }, (_, index) => store.createItem({ kind: 'lesson', title: `Máy ${storeIndex} bài ${index}`, body: {} }, `author-${storeIndex}`)),
    );
    await Promise.all(writes);
    const changes = await instances[0]?.knowledgeChangesSince(0);
    expect(changes?.map((change) => change.sequence)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
    expect(await instances[1]?.knowledgeVersion()).toBe(15);
  });

  it('migrates once even when instances start together, and refuses a newer schema', async () => {
    const { schema, url } = await freshSchema();
    await Promise.all([open(url), open(url), open(url)]);
    const client = await adminClient();
    const applied = await client.query(`SELECT version, name FROM ${pg.escapeIdentifier(schema)}.schema_migrations ORDER BY version`);
    expect(applied.rows).toEqual(POSTGRES_MIGRATIONS.map((migration) => ({ version: migration.version, name: migration.name })));
    await client.query(`INSERT INTO ${pg.escapeIdentifier(schema)}.schema_migrations (version, name) VALUES ($1, 'from the future')`, [
      POSTGRES_MIGRATIONS.length + 1,
    ]);
    await expect(openPostgresStore({ connectionString: url })).rejects.toMatchObject({ code: 'STORE_SCHEMA_TOO_NEW' });
  });

  it('stores only the hash of a token secret, and rolls back a transaction that fails half-way', async () => {
    const { schema, url } = await freshSchema();
    const store = await open(url);
    const { token } = await store.createUser('Kiểm tra băm', 'admin');
    const secret = token.split('.')[2] ?? '';
    const client = await adminClient();
    const rows = await client.query(`SELECT * FROM ${pg.escapeIdentifier(schema)}.users`);
    expect(JSON.stringify(rows.rows)).not.toContain(secret);

    // An item that passes validation but breaks a database constraint mid-import: nothing of the import stays.
    const good = await store.createItem({ kind: 'lesson', title: 'Có sẵn', body: {} }, 'author-1');
    const broken: KnowledgeItem = { ...good, id: 'broken', title: 'Hỏng', body: { text: 'chứa \u0000 ký tự rỗng' } };
    await expect(store.importItems([{ ...good, title: 'Đã sửa' }, broken], 'importer')).rejects.toThrow();
    expect(await store.getItem(good.id)).toEqual(good);
    expect(await store.knowledgeVersion()).toBe(1);
  });

  it('writes a JSON backup of the knowledge items that imports back', async () => {
    const { url } = await freshSchema();
    const store = await open(url);
    const item = await store.createItem({ kind: 'guide', title: 'Hướng dẫn sao lưu', body: { buoc: ['Một', 'Hai'] } }, 'admin-1');
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tro-ly-pg-backup-'));
    try {
      const result = await store.backup(path.join(folder, 'knowledge.json'));
      expect(result).toMatchObject({ format: 'knowledge-json' });
      const parsed: unknown = JSON.parse(fs.readFileSync(result.file, 'utf8'));
      expect(parsed).toMatchObject({ format: 'tro-ly-knowledge-items', items: [item] });
      expect(fs.readdirSync(folder)).toEqual(['knowledge.json']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('says clearly when the database cannot be reached', async () => {
    await expect(openPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
  });
});
