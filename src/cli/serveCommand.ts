/**
 * `npm start`: load (or first build) the index once, then serve the API and the web pages on PORT,
 * and close cleanly on SIGINT/SIGTERM.
 */
import path from 'node:path';
import type { Server } from 'node:http';
import pino from 'pino';
import type { Config } from '../config.js';
import { createAnswerer } from '../answer/index.js';
import { runIngest } from './ingestCommand.js';
import { openKnowledge, retrieverFor } from './context.js';
import { FeedbackStore } from '../feedback/feedbackStore.js';
import { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { Lookup } from '../retrieval/lookup.js';
import { RegistryView } from '../retrieval/registryView.js';
import { createApp } from '../server/app.js';

export async function startServer(config: Config): Promise<Server> {
  const logger = pino({ level: config.LOG_LEVEL });
  if (!KnowledgeBase.readManifest(config.indexDir)) {
    logger.info('Chưa có chỉ mục: đang nạp văn bản lần đầu…');
    await runIngest(config, [], { quiet: true });
  }
  const knowledge = await openKnowledge(config);
  const retriever = retrieverFor(config, knowledge);
  const feedback = new FeedbackStore(path.join(config.dataDir, 'feedback.sqlite'));
  const app = createApp({
    retriever,
    lookup: new Lookup(retriever),
    registry: new RegistryView(knowledge),
    answerer: await createAnswerer(config, retriever),
    feedback,
    logger,
    limits: { maxMessageChars: config.MAX_MESSAGE_CHARS, bodyBytes: '256kb' },
  });
  const server = app.listen(config.PORT, () => {
    logger.info({ port: config.PORT, units: knowledge.units.length }, `Trợ lý đang chạy tại http://localhost:${config.PORT}`);
  });
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'Đang dừng dịch vụ…');
    server.close(() => {
      feedback.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return server;
}
