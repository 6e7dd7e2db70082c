/**
 * The HTTP service, built from its dependencies so that tests start it on port 0 with their own
 * index: API under /api, the web pages from src/web. The index is loaded once, by the caller.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import type { Answerer } from '../answer/types.js';
import type { FeedbackStore } from '../feedback/feedbackStore.js';
import type { Lookup } from '../retrieval/lookup.js';
import type { RegistryView } from '../retrieval/registryView.js';
import type { Retriever } from '../retrieval/retriever.js';
import { handleErrors, notFound } from './errors.js';
import { chatRoutes } from './routes/chat.js';
import { documentRoutes } from './routes/documents.js';
import { feedbackRoutes } from './routes/feedback.js';
import { healthRoutes } from './routes/health.js';
import { searchRoutes } from './routes/search.js';
import { unitRoutes } from './routes/units.js';

export interface AppDependencies {
  retriever: Retriever;
  lookup: Lookup;
  registry: RegistryView;
  answerer: Answerer;
  feedback: FeedbackStore;
  logger: Logger;
  limits: { maxMessageChars: number; bodyBytes: string };
}

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');

export function createApp(deps: AppDependencies): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((request: Request, _response: Response, next: NextFunction) => {
    deps.logger.debug({ method: request.method, url: request.url }, 'request');
    next();
  });
  app.use(express.json({ limit: deps.limits.bodyBytes }));
  app.use('/api', healthRoutes(deps));
  app.use('/api', searchRoutes(deps));
  app.use('/api', unitRoutes(deps));
  app.use('/api', documentRoutes(deps));
  app.use('/api', chatRoutes(deps));
  app.use('/api', feedbackRoutes(deps));
  app.use('/api', notFound);
  app.get('/van-ban', (_request, response) => response.sendFile(path.join(WEB_DIR, 'van-ban.html')));
  app.use(express.static(WEB_DIR, { index: 'index.html' }));
  app.use(handleErrors(deps.logger));
  return app;
}
