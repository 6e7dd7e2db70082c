/**
 * Built once per test run and shared by every suite that needs the real texts: the index of
 * ../shared/corpus/van-ban, in a temporary folder that suites open read-only (each suite copies
 * nothing and writes its own data elsewhere).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { embedderForIngest } from '../src/knowledge/embedders/index.js';
import { ingest } from '../src/knowledge/indexing.js';
import { VAN_BAN } from './paths.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedIndexDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-shared-index-'));
  const indexDir = path.join(directory, 'index');
  await ingest({ sources: [VAN_BAN], indexDir, embedderFor: embedderForIngest({ EMBEDDING_BATCH_SIZE: 16, indexDir }) });
  project.provide('sharedIndexDir', indexDir);
  return () => fs.rmSync(directory, { recursive: true, force: true });
}
