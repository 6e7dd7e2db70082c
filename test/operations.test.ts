/**
 * Running the service, as `npm start` assembles it (in this process, and as a child process of
 * src/cli/main.ts serve): real calendar dates only, 400 for a broken percent-escape, 405 (with Allow) for
 * a method a path of the route table does not take, first come first served under load, one log line
 * per request carrying the id the response names, a busy port exits non-zero with a Vietnamese message,
 * SIGTERM lets a slow request in flight finish and then exits 0; a new index swapped in under load fails
 * no request.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { match } from 'path-to-regexp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveChat, ingestAndSwap, questionBodies, type IndexWriter } from '../evals/loadtest.js';
import { embedderForIngest } from '../src/knowledge/embedders/index.js';
import { ingest } from '../src/knowledge/indexing.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { openStore } from '../src/store/index.js';
import { startMockOpenAi, type MockOpenAi } from './mockOpenAi.js';
import { buildTinyIndex, freePort, startInProcess, startServiceProcess, TINY_LAW_NUMBER, type InProcessService, type LogLine, type ServiceProcess } from './serviceHarness.js';

let directory: string;
let knowledge: KnowledgeBase;
let indexDir: string;
let app: InProcessService;

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'operations-'));
  ({ knowledge, indexDir } = await buildTinyIndex(directory));
  app = await startInProcess(indexDir, directory);
});
afterAll(async () => {
  await app.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function errorOf(response: Response): Promise<{ code: string; message: string; details?: string[] }> {
  return ((await response.json()) as { error: { code: string; message: string; details?: string[] } }).error;
}

describe('real calendar dates only', () => {
  const encodedLaw = encodeURIComponent(TINY_LAW_NUMBER);
  const datedQueries: Array<[string, string]> = [
    ['/api/search?q=nh%E1%BA%ADt%20k%C3%BD&asOf=', 'asOf'],
    [`/api/units?ref=${encodeURIComponent(`Điều 2 Luật ${TINY_LAW_NUMBER}`)}&asOf=`, 'asOf'],
    ['/api/documents?asOf=', 'asOf'],
    [`/api/documents/${encodedLaw}?asOf=`, ''],
    ['/api/audit?from=', 'from'],
    ['/api/audit?to=', 'to'],
  ];

  it.each(['2026-13-45', '2026-02-30', '2026-02-29', '2026-04-31', '2026-00-10', '2026-2-3', '26-02-03', '2026-02-03T00:00'])('refuses %s with 400 naming the field, everywhere a date is taken', async (date) => {
    for (const [query, field] of datedQueries) {
      const response = await app.fetch(`${query}${encodeURIComponent(date)}`, {}, 'admin');
      expect(response.status, query).toBe(400);
      const error = await errorOf(response);
      expect(error.code).toBe('BAD_REQUEST');
      if (field) expect(error.details?.[0], query).toMatch(new RegExp(`^${field}: `, 'u'));
    }
    const chat = await app.fetch('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: 'Thời hạn lưu giữ nhật ký?', asOf: date }) });
    expect(chat.status).toBe(400);
    expect((await errorOf(chat)).details?.[0]).toMatch(/^asOf: /u);
  });

  it('takes real dates, a 29 February of a leap year too', async () => {
    for (const date of ['2028-02-29', '2026-12-31', '2026-01-01']) {
      for (const [query] of datedQueries) {
        const response = await app.fetch(`${query}${date}`, {}, 'admin');
        expect(response.status, `${query}${date}`).toBe(200);
      }
    }
  });
});

describe('broken percent-escapes', () => {
  it.each([
    '/api/documents/%E0%A4%A',
    '/api/lessons/%ZZ',
    `/api/units?ref=%E0%A4%A`,
    '/api/search?q=%E0%A4%A',
    '/api/search?q=thanh%20tra&k=%G1',
    '/van-ban/%E0%A4%A',
    '/%E0%A4%A',
  ])('%s is a 400 with a Vietnamese message, and the service stays up', async (target) => {
    const response = await app.fetch(target);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error).toEqual({ code: 'BAD_REQUEST', message: 'Đường dẫn hoặc tham số có ký tự mã hoá sai' });
    expect((await app.fetch('/api/health')).status).toBe(200);
  });

  it('still takes well-formed escapes of Vietnamese text', async () => {
    const response = await app.fetch(`/api/units?ref=${encodeURIComponent(`khoản 1 điều 2 luật ${TINY_LAW_NUMBER}`)}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { ref: { article: string } }).ref.article).toBe('2');
  });
});

describe('405 for a method a path does not take', () => {
  it('answers 405 with the Allow header of the route table, for every path of it and every other method', async () => {
    const failures: string[] = [];
    for (const routePath of new Set(app.routes.map((route) => route.path))) {
      const concrete = routePath.replace(/:(\w+)/gu, 'khong-co-$1');
      // Every route of the table that this path reaches (/documents/uploads is also a /documents/:id).
      const declared = new Set(app.routes.filter((route) => match(route.path, { decode: false })(concrete)).map((route) => route.method.toUpperCase()));
      if (declared.has('GET')) declared.add('HEAD');
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        if (declared.has(method)) continue;
        const response = await app.fetch(`/api${concrete}`, { method, headers: { 'Content-Type': 'application/json' }, ...(method === 'GET' || method === 'OPTIONS' ? {} : { body: '{}' }) }, 'admin');
        const allow = new Set((response.headers.get('allow') ?? '').split(',').map((name) => name.trim()).filter(Boolean));
        const body = (await response.json().catch(() => undefined)) as { error?: { code?: string } } | undefined;
        if (response.status !== 405 || body?.error?.code !== 'METHOD_NOT_ALLOWED') failures.push(`${method} ${routePath}: ${response.status}`);
        else if ([...declared].sort().join() !== [...allow].sort().join()) failures.push(`${method} ${routePath}: Allow ${[...allow].join(', ')} ≠ ${[...declared].join(', ')}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('first come, first served under load', () => {
  it('answers each of 40 clients connecting at once within two rounds, not after every keep-alive client was served again and again', async () => {
    // Counted in answers, not in time: the k-th client to be answered must be answered among the first
    // 2k + a few answers. (Node accepts one new connection per turn of the event loop; when one turn answered
    // every ready request, the k-th client waited about k²/4 answers — 420 for the 40th.)
    const clients = 40;
    const enough = 200;
    const { port } = new URL(app.url);
    const body = JSON.stringify({ message: 'Doanh nghiệp viễn thông lưu giữ nhật ký truy cập trong bao lâu?' });
    let answered = 0;
    const firstAnswer: number[] = [];
    const ask = (agent: http.Agent): Promise<number> =>
      new Promise((resolve, reject) => {
        const request = http.request(
          { host: '127.0.0.1', port, path: '/api/chat', method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Authorization: `Bearer ${app.tokens.inspector}` } },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode ?? 0));
          },
        );
        request.on('error', reject);
        request.end(body);
      });
    const statuses = new Set<number>();
    await Promise.all(
      Array.from({ length: clients }, async (_unused, client) => {
        // One keep-alive connection per client, asking again as soon as it is answered.
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
          while (answered < enough) {
            statuses.add(await ask(agent));
            answered++;
            firstAnswer[client] ??= answered;
          }
        } finally {
          agent.destroy();
        }
      }),
    );
    expect([...statuses]).toEqual([200]);
    expect(firstAnswer.filter((at) => at !== undefined)).toHaveLength(clients);
    expect(Math.max(...firstAnswer)).toBeLessThanOrEqual(2 * clients + 10);
  });
});

/** Settings of a spawned service on the tiny index with its own data folder. */
function serviceSettings(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return { PORT: String(port), DATA_DIR: fs.mkdtempSync(path.join(directory, 'data-')), KB_INDEX_DIR: indexDir, LOG_LEVEL: 'info', ...extra };
}

async function inspectorToken(dataDir: string): Promise<string> {
  const store = await openStore({ dataDir, listen: false });
  try {
    return (await store.createUser(`thanh-tra-${Date.now()}`, 'inspector')).token;
  } finally {
    await store.close();
  }
}

describe('npm start as a process', () => {
  const running: ServiceProcess[] = [];
  let mock: MockOpenAi;
  beforeAll(async () => {
    mock = await startMockOpenAi();
  });
  afterAll(async () => {
    for (const service of running) {
      if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
      await service.exited;
    }
    await mock.close();
  });

  it('logs one line per request with the id its response carries, and a busy port makes a second start exit non-zero in Vietnamese', async () => {
    const port = await freePort();
    const settings = serviceSettings(port);
    const token = await inspectorToken(settings['DATA_DIR'] ?? '');
    const service = startServiceProcess(settings);
    running.push(service);
    await service.listening();
    const url = `http://127.0.0.1:${port}`;
    const answers = [
      await fetch(`${url}/api/health`),
      await fetch(`${url}/api/me`, { headers: { Authorization: `Bearer ${token}` } }),
      await fetch(`${url}/api/khong-co`),
      await fetch(`${url}/api/me`),
      await fetch(`${url}/`),
    ];
    const ids = answers.map((response) => response.headers.get('x-request-id') ?? '');
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u);
    expect(new Set(ids).size).toBe(ids.length);
    const expected = [
      { method: 'GET', path: '/api/health', status: 200 },
      { method: 'GET', path: '/api/me', status: 200 },
      { method: 'GET', path: '/api/khong-co', status: 404 },
      { method: 'GET', path: '/api/me', status: 401 },
      { method: 'GET', path: '/', status: 200 },
    ];
    for (const [index, id] of ids.entries()) {
      const line = await service.waitForLog((entry: LogLine) => entry.msg === 'request' && entry['id'] === id, 5000);
      expect(line).toMatchObject(expected[index] ?? {});
      expect(typeof line['ms']).toBe('number');
      expect(service.logs.filter((entry) => entry['id'] === id)).toHaveLength(1);
    }
    // The signed-in user is named in the line (by id), never the token.
    const signedIn = service.logs.find((entry) => entry['id'] === ids[1]);
    expect(signedIn?.['user']).toEqual(expect.any(String));
    expect(service.stdout()).not.toContain(token.split('.')[2] ?? token);

    const second = startServiceProcess({ ...serviceSettings(port) });
    const { code } = await second.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(second.stderr()).toContain(`Cổng đã có chương trình khác sử dụng: 127.0.0.1:${port}`);
    expect(second.stderr()).toContain('[PORT_IN_USE]');
    // The first one is untouched.
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });

  it('on SIGTERM stops accepting, lets a slow request in flight finish, then exits 0', async () => {
    const port = await freePort();
    const settings = serviceSettings(port, { OPENAI_BASE_URL: mock.baseURL, LLM_MODEL: 'mo-hinh-thu', LLM_TIMEOUT_MS: '20000', SHUTDOWN_GRACE_MS: '15000' });
    const token = await inspectorToken(settings['DATA_DIR'] ?? '');
    const service = startServiceProcess(settings);
    running.push(service);
    await service.listening();
    const url = `http://127.0.0.1:${port}`;
    // An idle keep-alive connection must not hold the shutdown up.
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    mock.script.push({ delayMs: 1500, content: '{"answer": "", "citations": []}' });
    const asked = mock.chatRequests.length;
    const slow = fetch(`${url}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ message: 'Doanh nghiệp viễn thông phải lưu giữ nhật ký truy cập trong bao lâu?' }),
    });
    // Wait until the service is inside the request (it has asked the language model).
    const deadline = Date.now() + 10_000;
    while (mock.chatRequests.length === asked && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(mock.chatRequests.length).toBe(asked + 1);
    const order: string[] = [];
    void service.exited.then(() => order.push('exit'));
    const signalled = Date.now();
    service.child.kill('SIGTERM');
    await service.waitForLog((line) => typeof line.msg === 'string' && line.msg.startsWith('Đang dừng dịch vụ'), 5000);
    // No new connection is accepted while it drains.
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
    const response = await slow;
    order.push('response');
    expect(response.status).toBe(200);
    // The client is told not to keep the connection, so the stop does not wait for a keep-alive timeout.
    expect(response.headers.get('connection')).toBe('close');
    const answer = (await response.json()) as { answer: string; conversationId: string };
    expect(answer.answer.length).toBeGreaterThan(0);
    expect(answer.conversationId).toEqual(expect.any(String));
    const answered = Date.now();
    const { code, signal } = await service.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(order).toEqual(['response', 'exit']);
    // It waited for the request (the model answered 1.5 s after it was asked), then went: neither the
    // grace limit (15 s) nor a keep-alive timeout (5 s) held it up.
    expect(Date.now() - answered).toBeLessThan(2500);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    // The answered question was written before the store closed.
    const store = await openStore({ dataDir: settings['DATA_DIR'] ?? '', listen: false });
    try {
      const audit = await store.listAudit({ action: 'chat', limit: 10 });
      expect(audit.map((entry) => entry.detail['conversationId'])).toContain(answer.conversationId);
    } finally {
      await store.close();
    }
  });
});

describe('a new index swapped in under load', () => {
  it('fails no request, and the new index serves at once', async () => {
    const before = app.running.service.serving.current.corpus.manifest.buildId;
    // The new index is written here with the project's additive ingest (the load test runs `npm run ingest`
    // in its own process instead, which takes longer to start than this test should run).
    const writeHere: IndexWriter = async (copy, sources) => {
      const { summary } = await ingest({ indexDir: copy, sources, embedderFor: embedderForIngest({ EMBEDDING_BATCH_SIZE: 16, indexDir: copy }) });
      return { code: summary.saved ? 0 : 1, output: JSON.stringify(summary.skipped) };
    };
    const report = await driveChat({
      url: app.url,
      token: app.tokens.inspector,
      connections: 4,
      durationSeconds: 5,
      ratePerSecond: 60,
      bodies: questionBodies(),
      during: { atSeconds: 1, run: ingestAndSwap(indexDir, app.running.service.serving, writeHere) },
    });
    const figures = JSON.stringify(report);
    expect(report.during?.ok, figures).toBe(true);
    // The swap happened while the clients were asking, with requests on both sides of it.
    expect(report.during?.endedAt, figures).toBeLessThan(5);
    expect(report.requestsBeforeDuring, figures).toBeGreaterThan(10);
    expect(report.requestsAfterDuring, figures).toBeGreaterThan(10);
    expect(report.errors, figures).toBe(0);
    expect(Object.keys(report.statusCodes)).toEqual(['200']);
    const health = (await (await app.fetch('/api/health')).json()) as { buildId: string; units: number };
    expect(health.buildId).not.toBe(before);
    expect(health.units).toBeGreaterThan(knowledge.units.length);
    const search = (await (await app.fetch(`/api/search?q=${encodeURIComponent('nhật ký thử tải')}&k=1`)).json()) as Array<{ ref: { document: string } }>;
    expect(search[0]?.ref.document).toBe('99/2026/TT-BKHCN');
  });
});
