/**
 * Issue 10's bar at the level of the service: `kill -9` of a running `npm start` during a burst of 100
 * lesson writes loses none that it acknowledged (201), on SQLite and on PostgreSQL. The real service
 * process is spawned on a tiny index of our own, a trainer's token made in its store, lessons posted as
 * fast as the service takes them (several at a time), the process SIGKILLed part way, started again on
 * the same store, and every acknowledged lesson read back through the API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/index.js';
import { connectTestDatabase, createSchema, dropSchema, testSchemaName, urlWithSchema } from '../src/store/testing/postgresTestDatabase.js';
import { buildTinyIndex, freePort, startServiceProcess, TINY_LEGAL_BASIS, type ServiceProcess } from './serviceHarness.js';

const BURST = 100;
/** Requests kept in flight at once during the burst. */
const CONCURRENCY = 6;
/** The process is killed once this many writes were acknowledged (so that many others are in flight or to come). */
const KILL_AFTER = 35;

let directory: string;
let indexDir: string;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'durability-'));
  ({ indexDir } = await buildTinyIndex(directory));
});
afterAll(async () => {
  for (const service of running) {
    if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
    await service.exited;
  }
  fs.rmSync(directory, { recursive: true, force: true });
});

interface Acknowledged {
  id: string;
  title: string;
}

function lesson(index: number, stamp: string): Record<string, unknown> {
  return {
    year: 2026,
    field: 'Viễn thông',
    title: `Bài học độ bền ${stamp} số ${index}`,
    situation: `Đoàn thanh tra kiểm tra việc lưu giữ nhật ký truy cập tại doanh nghiệp thứ ${index}.`,
    lesson: 'Yêu cầu doanh nghiệp xuất trình nhật ký truy cập của đủ 12 tháng gần nhất.',
    legalBasis: [TINY_LEGAL_BASIS],
    status: 'published',
  };
}

/**
 * Posts the burst with CONCURRENCY writers; SIGKILLs the service when KILL_AFTER are acknowledged.
 * Returns the acknowledged lessons (a 201 whose body arrived whole) and how many writes failed.
 */
async function burstAndKill(service: ServiceProcess, url: string, token: string): Promise<{ acknowledged: Acknowledged[]; failed: number }> {
  const stamp = Date.now().toString(36);
  const acknowledged: Acknowledged[] = [];
  let failed = 0;
  let next = 0;
  let killed = false;
  const writer = async (): Promise<void> => {
    while (next < BURST) {
      const index = next++;
      const body = lesson(index, stamp);
      try {
        const response = await fetch(`${url}/api/lessons`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
        const created = (await response.json()) as { id?: string; title?: string; error?: unknown };
        if (response.status !== 201 || typeof created.id !== 'string') throw new Error(`HTTP ${response.status}: ${JSON.stringify(created)}`);
        acknowledged.push({ id: created.id, title: String(body['title']) });
      } catch (error) {
        if (!killed) throw error;
        failed++;
      }
      if (!killed && acknowledged.length >= KILL_AFTER) {
        killed = true;
        service.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, writer));
  return { acknowledged, failed };
}

async function trainerToken(location: { dataDir: string; databaseUrl?: string }): Promise<string> {
  const store = await openStore({ ...location, listen: false });
  try {
    return (await store.createUser(`giang-vien-${Date.now()}`, 'trainer')).token;
  } finally {
    await store.close();
  }
}

async function killDuringBurstThenRestart(settings: Record<string, string>, location: { dataDir: string; databaseUrl?: string }): Promise<void> {
  const token = await trainerToken(location);
  const first = startServiceProcess(settings);
  running.push(first);
  await first.listening();
  const url = `http://127.0.0.1:${settings['PORT'] ?? ''}`;
  const { acknowledged, failed } = await burstAndKill(first, url, token);
  expect((await first.exited).signal).toBe('SIGKILL');
  // Killed part way: some writes were acknowledged, the rest failed with the process.
  expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER);
  expect(acknowledged.length).toBeLessThan(BURST);
  expect(failed).toBeGreaterThan(0);
  expect(acknowledged.length + failed).toBe(BURST);

  const second = startServiceProcess(settings);
  running.push(second);
  await second.listening();
  const missing: string[] = [];
  for (const { id, title } of acknowledged) {
    const response = await fetch(`${url}/api/lessons/${encodeURIComponent(id)}`, { headers: { Authorization: `Bearer ${token}` } });
    const item = (await response.json()) as { id?: string; title?: string; status?: string };
    if (response.status !== 200 || item.id !== id || item.title !== title || item.status !== 'published') missing.push(`${id} (${title}): ${response.status}`);
  }
  expect(missing).toEqual([]);
  // Every write is whole: the list has no more than was sent, and at least every acknowledged one.
  const listed = (await (await fetch(`${url}/api/lessons?limit=200`, { headers: { Authorization: `Bearer ${token}` } })).json()) as { total: number };
  expect(listed.total).toBeGreaterThanOrEqual(acknowledged.length);
  expect(listed.total).toBeLessThanOrEqual(BURST);
  second.child.kill('SIGTERM');
  expect((await second.exited).code).toBe(0);
}

describe('kill -9 of the service during a burst of lesson writes loses no acknowledged lesson', () => {
  it('on SQLite', async () => {
    const dataDir = fs.mkdtempSync(path.join(directory, 'data-'));
    const port = await freePort();
    await killDuringBurstThenRestart({ PORT: String(port), DATA_DIR: dataDir, KB_INDEX_DIR: indexDir, LOG_LEVEL: 'info' }, { dataDir });
  });

  describe('on PostgreSQL', () => {
    let admin: pg.Client;
    let schema: string;
    beforeAll(async () => {
      admin = await connectTestDatabase();
      schema = testSchemaName();
      await createSchema(admin, schema);
    });
    afterAll(async () => {
      await dropSchema(admin, schema);
      await admin.end();
    });

    it('with its own schema', async () => {
      const dataDir = fs.mkdtempSync(path.join(directory, 'data-'));
      const databaseUrl = urlWithSchema(schema);
      const port = await freePort();
      await killDuringBurstThenRestart({ PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: databaseUrl, KB_INDEX_DIR: indexDir, LOG_LEVEL: 'info' }, { dataDir, databaseUrl });
    });
  });
});
