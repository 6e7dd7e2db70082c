/**
 * The real service on a free port of 127.0.0.1 for the benchmarks and the load test: the given index,
 * a fresh SQLite store in a temporary folder, one inspector (and one trainer) signed in by token,
 * rate limits lifted so the measurement is of the service, not of the limiter.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { createService, listenLocally, type Service } from '../src/server/service.js';
import { openStore } from '../src/store/index.js';

export interface LocalService {
  url: string;
  token: string;
  trainerToken: string;
  service: Service;
  close: () => Promise<void>;
}

export async function startLocalService(corpus: KnowledgeBase, environment: Record<string, string> = {}): Promise<LocalService> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tro-ly-service-'));
  const config = loadConfig({ ...process.env, DATA_DIR: directory, RATE_LIMIT_PER_TOKEN: '10000000', RATE_LIMIT_PER_ADDRESS: '10000000', ...environment });
  const store = await openStore({ dataDir: config.dataDir });
  const token = (await store.createUser('bench-inspector', 'inspector')).token;
  const trainerToken = (await store.createUser('bench-trainer', 'trainer')).token;
  const service = await createService({ config, corpus, store, logger: pino({ level: 'silent' }) });
  const { url, close } = await listenLocally(service);
  return {
    url,
    token,
    trainerToken,
    service,
    close: async () => {
      await close();
      await store.close().finally(() => fs.rmSync(directory, { recursive: true, force: true }));
    },
  };
}
