import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import type { Store, User } from '../store/types.js';
import { ApiBuilder, userOf } from './api.js';
import { handleErrors } from './errors.js';

/** A stand-in store that knows two tokens; the builder asks it for nothing else. */
const USERS: Record<string, User> = {
  'token-trainer': { id: 'u1', name: 'Chị Lan', role: 'trainer', createdAt: '2030-01-01T00:00:00Z', disabledAt: null },
  'token-inspector': { id: 'u2', name: 'Anh Minh', role: 'inspector', createdAt: '2030-01-01T00:00:00Z', disabledAt: null },
};
const authenticated: string[] = [];
const store = {
  authenticate: async (token: string): Promise<User | null> => {
    authenticated.push(token);
    return USERS[token] ?? null;
  },
} as unknown as Store;

let server: Server;
let base: string;
let api: ApiBuilder;

beforeAll(async () => {
  api = new ApiBuilder(store);
  api.get('/health', 'public', (_request, response) => response.json({ ok: true }));
  api.get('/lessons', ['trainer', 'admin'], (_request, response) => response.json({ by: userOf(response).name }));
  api.post('/lessons', ['trainer'], (request, response) => response.status(201).json({ title: (request.body as { title?: string }).title }));
  api.delete('/lessons/:id', ['admin'], (_request, response) => response.status(204).end());
  api.get('/failing', ['inspector'], async () => {
    throw new AppError('NOT_FOUND', 'không có');
  });
  api.closeMethods();
  const app = express();
  app.use(express.json());
  app.use('/api', api.router);
  app.use(handleErrors(pino({ level: 'silent' })));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Reply {
  status: number;
  body: { error?: { code: string; message: string }; [field: string]: unknown } | undefined;
  allow: string | null;
}

async function call(method: string, path: string, token?: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Reply['body']) : undefined, allow: response.headers.get('allow') };
}

describe('ApiBuilder', () => {
  it('answers a route without a token 401, and never asks the store', async () => {
    authenticated.length = 0;
    const response = await call('GET', '/lessons');
    expect(response.status).toBe(401);
    expect(response.body?.error?.code).toBe('UNAUTHORIZED');
    expect(response.body?.error?.message).toMatch(/Bearer/u);
    expect(authenticated).toEqual([]);
  });

  it('answers a token the store does not know 401', async () => {
    const response = await call('GET', '/lessons', 'token-forged');
    expect(response.status).toBe(401);
    expect(response.body?.error?.message).toMatch(/không hợp lệ/u);
  });

  it('answers a user whose role may not call the route 403', async () => {
    const response = await call('POST', '/lessons', 'token-inspector', { title: 'x' });
    expect(response.status).toBe(403);
    expect(response.body?.error?.code).toBe('FORBIDDEN');
    expect(response.body?.error?.message).toContain('inspector');
  });

  it('runs the handler for a role that may, with the signed-in user', async () => {
    expect(await call('GET', '/lessons', 'token-trainer')).toMatchObject({ status: 200, body: { by: 'Chị Lan' } });
    expect(await call('POST', '/lessons', 'token-trainer', { title: 'Bài học' })).toMatchObject({ status: 201, body: { title: 'Bài học' } });
  });

  it('opens a public route to anyone', async () => {
    expect(await call('GET', '/health')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('answers another method on a known path 405 with the methods allowed', async () => {
    const response = await call('PUT', '/lessons', 'token-trainer');
    expect(response.status).toBe(405);
    expect(response.body?.error?.code).toBe('METHOD_NOT_ALLOWED');
    expect(response.allow?.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
    const onParam = await call('GET', '/lessons/7', 'token-trainer');
    expect(onParam.status).toBe(405);
    expect(onParam.allow).toBe('DELETE');
  });

  it('passes an error a handler rejects with to the error handler', async () => {
    const response = await call('GET', '/failing', 'token-inspector');
    expect(response.status).toBe(404);
    expect(response.body?.error?.code).toBe('NOT_FOUND');
    expect(response.body?.error?.message).toContain('không có');
  });

  it('keeps the table of every route with its roles', () => {
    expect(api.routes).toEqual([
      { method: 'get', path: '/health', roles: 'public' },
      { method: 'get', path: '/lessons', roles: ['trainer', 'admin'] },
      { method: 'post', path: '/lessons', roles: ['trainer'] },
      { method: 'delete', path: '/lessons/:id', roles: ['admin'] },
      { method: 'get', path: '/failing', roles: ['inspector'] },
    ]);
  });
});
