/**
 * The service put together from a corpus index and a store: what answers (ServingIndex), the
 * trainers' knowledge service, the express app — and the wiring that keeps it current: a change of
 * knowledge items committed here or on another instance (PostgreSQL NOTIFY) is published within a
 * moment, and a newly written index on disk is swapped in without a restart.
 */
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { loadConfidenceModel, type ConfidenceModel } from '../answer/confidence.js';
import { ExtractiveAnswerer, type PublishedKnowledge } from '../answer/extractive.js';
import { GenerativeAnswerer } from '../answer/generative.js';
import { loadPrompts } from '../answer/prompts.js';
import type { Answerer } from '../answer/types.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { KnowledgeService } from '../lessons/service.js';
import { HttpReranker, rerankerOptionsOf } from '../retrieval/rerank.js';
import { Retriever } from '../retrieval/retriever.js';
import type { Store } from '../store/types.js';
import type { ApiBuilder } from './api.js';
import { createApp, type ServiceApp } from './app.js';
import { ServingIndex } from './serving.js';

export interface ServiceOptions {
  config: Config;
  corpus: KnowledgeBase;
  store: Store;
  logger: Logger;
  /** Replaces the configured answerer (tests give a generative one pointed at the stand-in). */
  answererFor?: (retriever: Retriever, offline: ExtractiveAnswerer) => Answerer;
  indexStatus?: () => Record<string, unknown>;
  extraRoutes?: (api: ApiBuilder, serving: ServingIndex) => void;
}

export interface Service {
  /** The express app; `app.apiRoutes` is its route table, every route with its roles. */
  app: ServiceApp;
  serving: ServingIndex;
  store: Store;
  knowledge: KnowledgeService;
  /** Stops listening for knowledge changes (the caller closes the store and the HTTP server). */
  stop: () => void;
}

/** Debounce for refreshes caused by change notifications: a burst of writes is published once. */
const REFRESH_DEBOUNCE_MS = 150;

export async function createService(options: ServiceOptions): Promise<Service> {
  const { config, store, logger } = options;
  const model: ConfidenceModel = loadConfidenceModel();
  const prompts = config.OPENAI_BASE_URL && config.LLM_MODEL ? await loadPrompts() : undefined;
  // One reranker for the service's life (its circuit breaker remembers failures across index swaps).
  const rerankOptions = rerankerOptionsOf(config);
  const reranker = rerankOptions ? new HttpReranker(rerankOptions, { log: (fields, message) => logger.warn(fields, message) }) : undefined;
  const retrieverFor = (knowledge: KnowledgeBase): Retriever => new Retriever(knowledge, { fusion: config.RETRIEVAL_FUSION, vectorWeight: config.RETRIEVAL_VECTOR_WEIGHT }, reranker ? { reranker } : {});
  const answererFor = (retriever: Retriever, published: (unitId: string) => PublishedKnowledge | undefined): Answerer => {
    const offline = new ExtractiveAnswerer(retriever, model, {}, published);
    if (options.answererFor) return options.answererFor(retriever, offline);
    if (!prompts || !config.OPENAI_BASE_URL || !config.LLM_MODEL) return offline;
    return new GenerativeAnswerer({ offline, prompts, baseURL: config.OPENAI_BASE_URL, apiKey: config.OPENAI_API_KEY ?? 'none', model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS, logger });
  };
  const serving = new ServingIndex({ store, logger, retrieverFor, answererFor });
  await serving.start(options.corpus);
  const knowledge = new KnowledgeService(store, () => serving.current.retriever);

  let pending: NodeJS.Timeout | undefined;
  const unsubscribe = store.onKnowledgeChange(() => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      serving.refresh().catch((error: unknown) => logger.error({ err: error }, 'không cập nhật được tri thức sau thay đổi'));
    }, REFRESH_DEBOUNCE_MS);
  });

  const app = createApp({
    serving,
    store,
    knowledge,
    logger,
    limits: { maxMessageChars: config.MAX_MESSAGE_CHARS, bodyBytes: '256kb' },
    rateLimit: { perToken: config.RATE_LIMIT_PER_TOKEN, perAddress: config.RATE_LIMIT_PER_ADDRESS },
    pdfFont: config.PDF_FONT,
    ...(options.indexStatus ? { indexStatus: options.indexStatus } : {}),
    ...(options.extraRoutes ? { extraRoutes: (api: ApiBuilder) => options.extraRoutes?.(api, serving) } : {}),
  });
  return {
    app,
    serving,
    store,
    knowledge,
    stop: () => {
      unsubscribe();
      if (pending) clearTimeout(pending);
    },
  };
}

/**
 * The service on 127.0.0.1 at a port the system chooses (tests, benchmarks, load tests): its URL,
 * and `close`, which stops its timers and listeners and ends every connection at once.
 */
export async function listenLocally(service: Service): Promise<{ url: string; close: () => Promise<void> }> {
  const server = service.app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        service.stop();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
