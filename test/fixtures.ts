/** Test fixtures: a real index of the shared texts, the real service on port 0 with a real store and one user per role. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Answerer } from '../src/answer/types.js';
import type { ExtractiveAnswerer } from '../src/answer/extractive.js';
import { loadConfig } from '../src/config.js';
import { inject } from 'vitest';
import { embedderForIndex } from '../src/knowledge/embedders/index.js';
import { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import type { Retriever } from '../src/retrieval/retriever.js';
import { createService, listenLocally, type Service } from '../src/server/service.js';
import { openStore } from '../src/store/index.js';
import { USER_ROLES, type Store, type UserRole } from '../src/store/types.js';

/**
 * The index of ../shared/corpus/van-ban, built once per test run (test/globalSetup.ts) and opened here,
 * and a fresh folder for this suite's own data.
 */
export async function buildShared(): Promise<{ knowledge: KnowledgeBase; directory: string; indexDir: string }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-suite-'));
  const indexDir = inject('sharedIndexDir');
  const knowledge = await KnowledgeBase.load(indexDir, embedderForIndex({ EMBEDDING_BATCH_SIZE: 16, indexDir }));
  return { knowledge, directory, indexDir };
}

export interface RunningApp {
  url: string;
  close: () => Promise<void>;
  store: Store;
  service: Service;
  /** A bearer token per role. */
  tokens: Record<UserRole, string>;
  /** fetch on the app, signed in as `role` (default inspector; null: no token). */
  fetch: (pathAndQuery: string, init?: RequestInit, role?: UserRole | null) => Promise<Response>;
  /** The retriever answering right now. */
  readonly retriever: Retriever;
}

export interface StartOptions {
  answererFor?: (retriever: Retriever, offline: ExtractiveAnswerer) => Answerer;
  /** Settings over the defaults (as environment variables). */
  environment?: Record<string, string>;
  /** A store to use (PostgreSQL tests); default: a new SQLite file in `directory`. */
  store?: Store;
}

export async function startApp(knowledge: KnowledgeBase, directory: string, options: StartOptions = {}): Promise<RunningApp> {
  const config = loadConfig({ DATA_DIR: fs.mkdtempSync(path.join(directory, 'data-')), RATE_LIMIT_PER_TOKEN: '100000', RATE_LIMIT_PER_ADDRESS: '100000', ...options.environment });
  const store = options.store ?? (await openStore({ dataDir: config.dataDir }));
  const tokens = {} as Record<UserRole, string>;
  for (const role of USER_ROLES) tokens[role] = (await store.createUser(`${role}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`, role)).token;
  const service = await createService({ config, corpus: knowledge, store, logger: pino({ level: 'silent' }), ...(options.answererFor ? { answererFor: options.answererFor } : {}) });
  const { url, close } = await listenLocally(service);
  return {
    url,
    store,
    service,
    tokens,
    get retriever() {
      return service.serving.current.retriever;
    },
    fetch: (pathAndQuery, init = {}, role = 'inspector') => {
      const headers = new Headers(init.headers);
      if (role) headers.set('Authorization', `Bearer ${tokens[role]}`);
      return fetch(`${url}${pathAndQuery}`, { ...init, headers });
    },
    close: async () => {
      await close();
      if (!options.store) await store.close();
    },
  };
}
