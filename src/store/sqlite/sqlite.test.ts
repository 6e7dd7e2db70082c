import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runStoreContract } from '../contract.js';
import { SQLITE_FILE_NAME, openStore } from '../index.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { SqliteStore, openSqliteStore } from './sqliteStore.js';

const folders: string[] = [];

function temporaryDataDir(): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tro-ly-store-'));
  folders.push(folder);
  return folder;
}

runStoreContract('SQLite', {
  async createFixture() {
    const dataDir = temporaryDataDir();
    return {
      location: { dataDir },
      async dispose() {
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
});

describe('SQLite store specifics', () => {
  afterEach(() => {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('opens dataDir/tro-ly.sqlite in WAL mode with synchronous=FULL and foreign keys on', async () => {
    const dataDir = path.join(temporaryDataDir(), 'nested', 'data');
    const store = await openStore({ dataDir });
    expect(store).toBeInstanceOf(SqliteStore);
    expect(store instanceof SqliteStore ? store.connectionSettings() : null).toEqual({ journalMode: 'wal', synchronous: 'FULL', foreignKeys: true });
    await store.close();
    expect(fs.existsSync(path.join(dataDir, SQLITE_FILE_NAME))).toBe(true);
  });

  it('records each migration once, and refuses a database written by a newer program', async () => {
    const file = path.join(temporaryDataDir(), 'store.sqlite');
    await openSqliteStore({ file }).close();
    await openSqliteStore({ file }).close();
    const database = new Database(file);
    const applied = database.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(SQLITE_MIGRATIONS.map((migration) => ({ version: migration.version, name: migration.name })));
    database.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(SQLITE_MIGRATIONS.length + 1, 'from the future', new Date().toISOString());
    database.close();
    expect(() => openSqliteStore({ file })).toThrow(expect.objectContaining({ code: 'STORE_SCHEMA_TOO_NEW' }));
  });

  it('stores only the hash of a token secret', async () => {
    const file = path.join(temporaryDataDir(), 'store.sqlite');
    const store = openSqliteStore({ file });
    const { token } = await store.createUser('Kiểm tra băm', 'admin');
    await store.close();
    const secret = token.split('.')[2] ?? '';
    expect(secret).toHaveLength(43);
    const database = new Database(file);
    const row = database.prepare('SELECT token_hash FROM users').get();
    database.close();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(fs.readFileSync(file).includes(secret)).toBe(false);
  });

  it('deletes the messages of a deleted conversation', async () => {
    const file = path.join(temporaryDataDir(), 'store.sqlite');
    const store = openSqliteStore({ file });
    const conversation = await store.createConversation('user-1', 'Xoá');
    await store.appendMessage('user-1', conversation.id, { role: 'user', content: 'Một' });
    await store.deleteConversation('user-1', conversation.id);
    await store.close();
    const database = new Database(file);
    expect(database.prepare('SELECT COUNT(*) AS count FROM conversation_messages').get()).toEqual({ count: 0 });
    database.close();
  });

  it('backs up online to a file that opens as a store with the same content', async () => {
    const folder = temporaryDataDir();
    const store = openSqliteStore({ file: path.join(folder, 'live.sqlite') });
    const item = await store.createItem({ kind: 'guide', title: 'Hướng dẫn sao lưu', body: { buoc: ['Sao lưu hằng ngày'] } }, 'admin-1');
    const { user } = await store.createUser('Người sao lưu', 'admin');
    const result = await store.backup(path.join(folder, 'backups', 'copy.sqlite'));
    expect(result).toMatchObject({ format: 'sqlite', file: path.join(folder, 'backups', 'copy.sqlite') });
    expect(result.bytes).toBeGreaterThan(0);
    // Writes after the backup do not reach it.
    await store.createItem({ kind: 'guide', title: 'Sau khi sao lưu', body: {} }, 'admin-1');
    await store.close();
    expect(fs.readdirSync(path.join(folder, 'backups'))).toEqual(['copy.sqlite']);

    const copy = openSqliteStore({ file: result.file });
    expect(copy).toBeInstanceOf(SqliteStore);
    expect(await copy.exportItems()).toEqual([item]);
    expect(await copy.getUser(user.id)).toEqual(user);
    await copy.close();
  });

  it('two store objects on one file see each other’s writes and keep versions consistent', async () => {
    const file = path.join(temporaryDataDir(), 'store.sqlite');
    const first = openSqliteStore({ file });
    const second = openSqliteStore({ file });
    const item = await first.createItem({ kind: 'lesson', title: 'Chung tệp', body: {} }, 'author-1');
    await second.updateItem(item.id, { title: 'Sửa từ đối tượng hai' }, 1, 'author-1');
    await expect(first.updateItem(item.id, { title: 'Sửa từ đối tượng một' }, 1, 'author-1')).rejects.toMatchObject({ code: 'STORE_CONFLICT' });
    expect(await first.knowledgeVersion()).toBe(2);
    await first.close();
    await second.close();
  });
});
