/**
 * Who may do what, through the service as `npm start` assembles it (startServer, on a tiny index of our
 * own): every route of its table (the routes of buildApi plus those npm start adds, such as uploads) ×
 * every caller (no token, bad tokens, each role); the table is the router (a route added beside it fails
 * here); tokens are checked in constant time; no CORS; rate limits per token and per address; the strict
 * Content-Security-Policy and the other security headers on every page and every API answer; `npm start`
 * bound to 127.0.0.1 unless HOST says otherwise.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WEB_DIR } from '../src/server/app.js';
import type { RouteEntry } from '../src/server/api.js';
import { USER_ROLES, type UserRole } from '../src/store/types.js';
import { buildTinyIndex, freePort, startInProcess, startServiceProcess, type InProcessService, type ServiceProcess } from './serviceHarness.js';

let directory: string;
let indexDir: string;
let app: InProcessService;

beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'access-'));
  ({ indexDir } = await buildTinyIndex(directory));
  app = await startInProcess(indexDir, directory);
});
afterAll(async () => {
  await app.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

/** A harmless concrete path for a route: every parameter a made-up id (a 404 at worst). */
function concretePath(route: RouteEntry): string {
  return `/api${route.path.replace(/:(\w+)/gu, 'khong-co-$1').replace(/\*(\w+)/gu, 'khong-co-$1')}`;
}

type Caller = { name: string; authorization?: string; role?: UserRole };

function callers(running: InProcessService): Caller[] {
  const someone = running.tokens.inspector.split('.')[1] ?? 'x';
  return [
    { name: 'no token' },
    { name: 'malformed token', authorization: 'Bearer khong-phai-ma' },
    { name: 'forged secret of a real user', authorization: `Bearer tlt.${someone}.${crypto.randomBytes(32).toString('base64url')}` },
    { name: 'not Bearer', authorization: `Basic ${Buffer.from(`a:${running.tokens.admin}`).toString('base64')}` },
    ...USER_ROLES.map((role) => ({ name: role, role, authorization: `Bearer ${running.tokens[role]}` })),
  ];
}

async function call(running: InProcessService, route: RouteEntry, caller: Caller): Promise<Response> {
  const headers: Record<string, string> = {};
  if (caller.authorization) headers['Authorization'] = caller.authorization;
  const init: RequestInit = { method: route.method.toUpperCase(), headers };
  if (route.method !== 'get') {
    headers['Content-Type'] = 'application/json';
    init.body = '{}';
  }
  return fetch(`${running.url}${concretePath(route)}`, init);
}

const CSP_REQUIRED = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"];

/** What is wrong with a response's security headers (empty when nothing). */
function headerProblems(response: Response): string[] {
  const problems: string[] = [];
  const policy = response.headers.get('content-security-policy') ?? '';
  for (const directive of CSP_REQUIRED) if (!policy.split(';').map((part) => part.trim()).includes(directive)) problems.push(`CSP lacks ${directive}`);
  if (/unsafe-inline|unsafe-eval|\*/u.test(policy)) problems.push(`CSP is not strict: ${policy}`);
  if (response.headers.get('x-content-type-options') !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff');
  if (response.headers.get('access-control-allow-origin') !== null) problems.push('Access-Control-Allow-Origin present');
  if (response.headers.get('x-powered-by') !== null) problems.push('X-Powered-By present');
  if (!response.headers.get('x-request-id')) problems.push('no X-Request-Id');
  return problems;
}

describe('roles on every route', () => {
  it('walks the whole route table × every caller: 401 without a valid token, 403 for a role not allowed, through for an allowed one', async () => {
    const routes = app.routes;
    // The table is not empty and holds the routes everybody knows of, and those npm start adds (a sanity check on the walk itself).
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContainEqual({ method: 'get', path: '/health', roles: 'public' });
    expect(routes).toContainEqual({ method: 'post', path: '/users', roles: ['admin'] });
    expect(routes.some((route) => route.path.startsWith('/documents/uploads'))).toBe(true);
    const failures: string[] = [];
    let checked = 0;
    for (const route of routes) {
      for (const caller of callers(app)) {
        const response = await call(app, route, caller);
        const body = (await response.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
        const where = `${route.method.toUpperCase()} ${route.path} as ${caller.name}: ${response.status}`;
        checked++;
        for (const problem of headerProblems(response)) failures.push(`${where}: ${problem}`);
        const allowed = route.roles === 'public' || (caller.role !== undefined && route.roles.includes(caller.role));
        if (route.roles !== 'public' && !caller.role) {
          if (response.status !== 401 || body?.error?.code !== 'UNAUTHORIZED') failures.push(`${where}, expected 401 UNAUTHORIZED`);
          else if (!/^Cần đăng nhập|mã truy cập/u.test(body.error.message ?? '')) failures.push(`${where}: message not the Vietnamese one: ${body.error.message ?? ''}`);
        } else if (!allowed) {
          if (response.status !== 403 || body?.error?.code !== 'FORBIDDEN') failures.push(`${where}, expected 403 FORBIDDEN`);
          else if (!(body.error.message ?? '').includes('không có quyền')) failures.push(`${where}: message not the Vietnamese one: ${body.error.message ?? ''}`);
        } else if (response.status === 401 || response.status === 403 || response.status >= 500) {
          failures.push(`${where}, expected the route to be reached`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(routes.length * callers(app).length);
  });

  it('the table is the router: every route the API router serves is in the table, with its guard', () => {
    const routes = app.routes;
    // Walk the express app as it runs: the router mounted at /api and the routes it dispatches.
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle: { stack?: Layer[] } };
    const appStack = (app.running.service.app as unknown as { router: { stack: Layer[] } }).router.stack;
    const apiRouters = appStack.filter((layer) => layer.handle.stack?.some((inner) => inner.route));
    expect(apiRouters).toHaveLength(1);
    const served = new Set<string>();
    const guarded = new Set<string>();
    for (const layer of apiRouters[0]?.handle.stack ?? []) {
      if (!layer.route) continue;
      const methods = Object.keys(layer.route.methods).filter((method) => method !== '_all');
      // The catch-all of each path (405 with Allow) is the only route without a named method.
      if (methods.length === 0) continue;
      for (const method of methods) served.add(`${method} ${layer.route.path}`);
      const stack = (layer.route as unknown as { stack: Array<{ name: string }> }).stack;
      if (stack.length >= 2) guarded.add(`${methods.join(',')} ${layer.route.path}`);
    }
    const table = new Set(routes.map((route) => `${route.method} ${route.path}`));
    expect([...served].filter((entry) => !table.has(entry))).toEqual([]);
    expect([...table].filter((entry) => !served.has(entry))).toEqual([]);
    expect(guarded.size).toBe(table.size);
  });

  it('checks every token in constant time: one timingSafeEqual of the whole hash, for a known user or not', async () => {
    const spy = vi.spyOn(crypto, 'timingSafeEqual');
    try {
      const forgeries = [
        app.tokens.legal,
        `${app.tokens.legal.slice(0, -1)}${app.tokens.legal.endsWith('A') ? 'B' : 'A'}`,
        `tlt.khong-co-nguoi-nay.${crypto.randomBytes(32).toString('base64url')}`,
      ];
      const statuses: number[] = [];
      for (const token of forgeries) {
        spy.mockClear();
        statuses.push((await fetch(`${app.url}/api/me`, { headers: { Authorization: `Bearer ${token}` } })).status);
        expect(spy).toHaveBeenCalledTimes(1);
        const [presented, stored] = spy.mock.calls[0] ?? [];
        expect((presented as Buffer).length).toBe(32);
        expect((stored as Buffer).length).toBe(32);
      }
      expect(statuses).toEqual([200, 401, 401]);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('no CORS', () => {
  it('gives a cross-origin request no Access-Control-Allow-Origin, and refuses a preflight', async () => {
    const origin = 'https://trang-la.example';
    const simple = await app.fetch('/api/me', { headers: { Origin: origin } });
    expect(simple.status).toBe(200);
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    expect(simple.headers.get('access-control-allow-credentials')).toBeNull();
    for (const target of ['/api/chat', '/api/lessons', '/api/health', '/']) {
      const preflight = await fetch(`${app.url}${target}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
      });
      expect(preflight.status, target).toBeGreaterThanOrEqual(400);
      for (const name of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers']) expect(preflight.headers.get(name), `${target} ${name}`).toBeNull();
    }
  });
});

describe('rate limits', () => {
  let limited: InProcessService;
  beforeAll(async () => {
    limited = await startInProcess(indexDir, directory, { RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_PER_ADDRESS: '8' });
  });
  afterAll(async () => limited.close());

  it('answers 429 in Vietnamese past the limit of a token, then of an address', async () => {
    const statuses = async (count: number, role: UserRole | null): Promise<number[]> => {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) seen.push((await limited.fetch(role ? '/api/me' : '/api/health', {}, role)).status);
      return seen;
    };
    // One token: 3 a minute; the fourth is refused (the address has used 4 of its 8).
    expect(await statuses(4, 'inspector')).toEqual([200, 200, 200, 429]);
    // Another token from the same address still goes through, until the address's 8 are used.
    expect(await statuses(2, 'trainer')).toEqual([200, 200]);
    expect(await statuses(3, null)).toEqual([200, 200, 429]);
    const refused = await limited.fetch('/api/me', {}, 'legal');
    expect(refused.status).toBe(429);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error).toEqual({ code: 'RATE_LIMITED', message: 'Quá nhiều yêu cầu trong thời gian ngắn; vui lòng thử lại sau ít phút' });
    expect(refused.headers.get('ratelimit')).toMatch(/r=0/u);
    expect(headerProblems(refused)).toEqual([]);
    // Pages are not API calls: they are not counted.
    expect((await fetch(`${limited.url}/`)).status).toBe(200);
  });
});

describe('security headers and the strict CSP', () => {
  const pages = ['/', '/van-ban', '/tri-thuc', '/dang-nhap', '/khong-co-trang-nay', '/api/khong-co'];

  it('on every page, every file of the web folder, and API answers of every kind', async () => {
    const files = fs.readdirSync(WEB_DIR).filter((name) => !name.endsWith('.test.ts') && fs.statSync(path.join(WEB_DIR, name)).isFile());
    const targets = [...pages, ...files.map((name) => `/${name}`)];
    const failures: string[] = [];
    for (const target of targets) {
      const response = await fetch(`${app.url}${target}`);
      await response.arrayBuffer();
      if (response.status >= 500) failures.push(`${target}: ${response.status}`);
      for (const problem of headerProblems(response)) failures.push(`${target}: ${problem}`);
      const type = response.headers.get('content-type') ?? '';
      if (target === '/' && !type.startsWith('text/html')) failures.push(`/ is ${type}`);
    }
    for (const [init, target] of [
      [{}, '/api/health'],
      [{ method: 'PUT' }, '/api/chat'],
      [{ method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${app.tokens.inspector}` }, body: '{"message": ' }, '/api/chat'],
    ] as const) {
      const response = await fetch(`${app.url}${target}`, init);
      await response.arrayBuffer();
      for (const problem of headerProblems(response)) failures.push(`${init.method ?? 'GET'} ${target}: ${problem}`);
    }
    expect(failures).toEqual([]);
  });

  it('holds for the pages as written: no inline script, style or event handler the policy would block', () => {
    const problems: string[] = [];
    for (const name of fs.readdirSync(WEB_DIR).filter((file) => file.endsWith('.html'))) {
      const html = fs.readFileSync(path.join(WEB_DIR, name), 'utf8');
      for (const tag of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/giu)) {
        if (!/\bsrc=/iu.test(tag[1] ?? '') || (tag[2] ?? '').trim() !== '') problems.push(`${name}: inline <script>`);
        if (/\bsrc=["']?(?:https?:)?\/\//iu.test(tag[1] ?? '')) problems.push(`${name}: script from another origin`);
      }
      if (/<style\b/iu.test(html)) problems.push(`${name}: <style> block`);
      if (/\sstyle\s*=/iu.test(html)) problems.push(`${name}: style attribute`);
      if (/\son[a-z]+\s*=/iu.test(html)) problems.push(`${name}: inline event handler`);
      if (/href\s*=\s*["']?javascript:/iu.test(html)) problems.push(`${name}: javascript: URL`);
    }
    expect(problems).toEqual([]);
  });
});

/** The local IPv4 address a LISTEN socket on this port is bound to (from /proc/net/tcp), or undefined. */
function listeningAddress(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/u);
    if (!local || state !== '0A') continue;
    const [address, portHex] = local.split(':');
    if (portHex !== hexPort || !address) continue;
    return [6, 4, 2, 0].map((offset) => parseInt(address.slice(offset, offset + 2), 16)).join('.');
  }
  return undefined;
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('npm start binds to 127.0.0.1 unless HOST says otherwise', () => {
  const running: ServiceProcess[] = [];
  afterAll(async () => {
    for (const service of running) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
  });

  it.each([
    ['by default', {}, '127.0.0.1', '127.0.0.2'],
    ['with HOST=127.0.0.2', { HOST: '127.0.0.2' }, '127.0.0.2', '127.0.0.1'],
  ] as const)('%s', async (_name, settings, bound, other) => {
    const port = await freePort();
    const service = startServiceProcess({ PORT: String(port), DATA_DIR: fs.mkdtempSync(path.join(directory, 'data-')), KB_INDEX_DIR: indexDir, ...settings });
    running.push(service);
    const started = await service.listening();
    expect(started).toMatchObject({ host: bound, port });
    expect(listeningAddress(port)).toBe(bound);
    expect(await connects(bound, port)).toBe(true);
    expect(await connects(other, port)).toBe(false);
    const health = await fetch(`http://${bound}:${port}/api/health`);
    expect(health.status).toBe(200);
    service.child.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
  });
});
