/**
 * The HTTP service, built from its dependencies so that tests start it on port 0 with their own
 * index and store: the API under /api (every route declared with its roles in one table, see api.ts),
 * the web pages from src/web. Security headers with a strict Content-Security-Policy on every
 * response, no CORS, rate limits per token and per address, a request id on every request and one
 * log line when it ends, JSON errors with Vietnamese messages, a Vietnamese 404 page.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { KnowledgeService } from '../lessons/service.js';
import type { Store } from '../store/types.js';
import { ApiBuilder, bearerToken, type RouteEntry } from './api.js';
import { errorBody, handleErrors } from './errors.js';
import { chatRoutes } from './routes/chat.js';
import { conversationExportRoutes } from './routes/conversationExport.js';
import { conversationRoutes } from './routes/conversations.js';
import { documentRoutes } from './routes/documents.js';
import { feedbackRoutes } from './routes/feedback.js';
import { healthRoutes } from './routes/health.js';
import { knowledgeRoutes } from './routes/knowledge.js';
import { searchRoutes } from './routes/search.js';
import { unitRoutes } from './routes/units.js';
import { userRoutes } from './routes/users.js';
import type { ServingIndex } from './serving.js';
import { Turns } from './turns.js';

export interface AppDependencies {
  serving: ServingIndex;
  store: Store;
  knowledge: KnowledgeService;
  logger: Logger;
  limits: { maxMessageChars: number; bodyBytes: string };
  /** Requests per minute allowed per token and per client address. */
  rateLimit: { perToken: number; perAddress: number };
  /** Font file for PDF exports (a TTF with every Vietnamese letter). */
  pdfFont: string;
  /** What /api/health says of the index being served (build id, swaps, load errors). */
  indexStatus?: () => Record<string, unknown>;
  /** Routes added by the caller (document upload) under the same access rules. */
  extraRoutes?: (api: ApiBuilder) => void;
}

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web');

/** The Content-Security-Policy of every response: only this origin's scripts, styles, images and requests. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The API's routes and their roles (for the access table and its test). */
export function buildApi(deps: AppDependencies): ApiBuilder {
  const api = new ApiBuilder(deps.store);
  healthRoutes(api, deps);
  userRoutes(api, deps);
  searchRoutes(api, deps);
  unitRoutes(api, deps);
  documentRoutes(api, deps);
  chatRoutes(api, deps);
  conversationRoutes(api, deps);
  conversationExportRoutes(api, deps);
  feedbackRoutes(api, deps);
  knowledgeRoutes(api, deps);
  deps.extraRoutes?.(api);
  api.closeMethods();
  return api;
}

/** True when a component of the path or the query is not a well-formed percent-encoding. */
function hasBrokenEscape(url: string): boolean {
  const query = url.indexOf('?');
  const components = [query === -1 ? url : url.slice(0, query), ...(query === -1 ? [] : url.slice(query + 1).split(/[&=]/u))];
  try {
    for (const component of components) decodeURIComponent(component);
    return false;
  } catch {
    return true;
  }
}

/** A page of the web folder; one that is missing gets the 404 page, not a server error. */
function page(file: string) {
  return (_request: Request, response: Response, next: NextFunction): void => {
    response.sendFile(path.join(WEB_DIR, file), (error) => {
      if (error && !response.headersSent) next();
    });
  };
}

/** The express app of the service, with the API's route table as it serves it (extra routes included). */
export type ServiceApp = express.Express & { readonly apiRoutes: readonly RouteEntry[] };

export function createApp(deps: AppDependencies): ServiceApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const id = crypto.randomUUID();
    const started = performance.now();
    // Taken now: by the time the response ends, a router mounted at /api has cut its prefix off request.path.
    const requestPath = request.path;
    (response.locals as { requestId?: string }).requestId = id;
    response.set('X-Request-Id', id);
    response.on('finish', () => {
      const user = (response.locals as { user?: { id: string } }).user;
      deps.logger.info({ id, method: request.method, path: requestPath, status: response.statusCode, ms: Math.round(performance.now() - started), ...(user ? { user: user.id } : {}) }, 'request');
    });
    next();
  });
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY }, crossOriginEmbedderPolicy: false }));
  const limited = (limit: number, key: (request: Request) => string | undefined) =>
    rateLimit({
      windowMs: 60_000,
      limit,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skip: (request) => key(request) === undefined,
      keyGenerator: (request) => key(request) ?? '',
      handler: (_request, response) => {
        response.status(429).json(errorBody('RATE_LIMITED'));
      },
    });
  // Per client address, and per token (hashed: the token itself is never kept in memory tables).
  app.use('/api', limited(deps.rateLimit.perAddress, (request) => request.ip ?? request.socket.remoteAddress ?? 'unknown'));
  app.use('/api', limited(deps.rateLimit.perToken, (request) => {
    const token = bearerToken(request);
    return token ? crypto.createHash('sha256').update(token).digest('hex') : undefined;
  }));
  // A broken percent-escape in the path or the query ("%E0%A4%A") is the client's error: 400, for pages too,
  // rather than a 404 page or a query read leniently as some other text.
  app.use((request: Request, _response: Response, next: NextFunction) => {
    next(hasBrokenEscape(request.originalUrl) ? new URIError('broken percent-escape') : undefined);
  });
  // A year's compendium may be large; every other body is small.
  app.use('/api/knowledge/import', express.json({ limit: '20mb' }));
  app.use('/api', express.json({ limit: deps.limits.bodyBytes }));
  // One API request admitted per turn of the event loop, first come, first served (see turns.ts).
  const turns = new Turns();
  app.use('/api', (_request: Request, _response: Response, next: NextFunction) => {
    turns.next().then(() => next(), next);
  });
  const api = buildApi(deps);
  app.use('/api', api.router);
  app.use('/api', (_request: Request, response: Response) => {
    response.status(404).json(errorBody('NOT_FOUND', 'Không có đường dẫn API này'));
  });
  app.get('/van-ban', page('van-ban.html'));
  app.get('/tri-thuc', page('tri-thuc.html'));
  app.get('/dang-nhap', page('dang-nhap.html'));
  app.use(express.static(WEB_DIR, { index: 'index.html' }));
  app.use((_request: Request, response: Response) => {
    response.status(404).sendFile(path.join(WEB_DIR, '404.html'));
  });
  app.use(handleErrors(deps.logger));
  return Object.assign(app, { apiRoutes: api.routes });
}
