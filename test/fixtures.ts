/** Test fixtures: a real index of the shared texts, the real app on port 0. */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { Answerer } from '../src/answer/types.js';
import { loadConfidenceModel } from '../src/answer/confidence.js';
import { ExtractiveAnswerer } from '../src/answer/extractive.js';
import { FeedbackStore } from '../src/feedback/feedbackStore.js';
import { ingest } from '../src/knowledge/indexing.js';
import { embedderForIngest } from '../src/knowledge/embedders/index.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { Lookup } from '../src/retrieval/lookup.js';
import { RegistryView } from '../src/retrieval/registryView.js';
import { Retriever } from '../src/retrieval/retriever.js';
import { createApp } from '../src/server/app.js';
import { VAN_BAN } from './paths.js';

export async function buildShared(): Promise<{ knowledge: KnowledgeBase; directory: string }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-shared-'));
  const indexDir = path.join(directory, 'index');
  const { knowledge } = await ingest({ sources: [VAN_BAN], indexDir, embedderFor: embedderForIngest({ EMBEDDING_BATCH_SIZE: 16, indexDir }) });
  return { knowledge, directory };
}

export interface RunningApp {
  url: string;
  close: () => Promise<void>;
  feedbackFile: string;
  retriever: Retriever;
}

export async function startApp(knowledge: KnowledgeBase, directory: string, answererFor?: (retriever: Retriever, offline: ExtractiveAnswerer) => Answerer): Promise<RunningApp> {
  const retriever = new Retriever(knowledge);
  const offline = new ExtractiveAnswerer(retriever, loadConfidenceModel());
  const feedbackFile = path.join(directory, `feedback-${Date.now()}.sqlite`);
  const feedback = new FeedbackStore(feedbackFile);
  const app = createApp({
    retriever,
    lookup: new Lookup(retriever),
    registry: new RegistryView(knowledge),
    answerer: answererFor ? answererFor(retriever, offline) : offline,
    feedback,
    logger: pino({ level: 'silent' }),
    limits: { maxMessageChars: 4000, bodyBytes: '256kb' },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    feedbackFile,
    retriever,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          feedback.close();
          resolve();
        });
      }),
  };
}
