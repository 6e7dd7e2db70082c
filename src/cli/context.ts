/** Loading the configured index once for a command. */
import pino from 'pino';
import type { Config } from '../config.js';
import { embedderForIndex } from '../knowledge/embedders/index.js';
import { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { HttpReranker, rerankerOptionsOf, type RerankLog } from '../retrieval/rerank.js';
import { Retriever } from '../retrieval/retriever.js';

export async function openKnowledge(config: Config): Promise<KnowledgeBase> {
  return KnowledgeBase.load(config.indexDir, embedderForIndex(config));
}

/**
 * The product's retriever, with the configured reranker when RERANK_MODEL is set. `log` receives the
 * reranker's warnings (a server passes its pino logger's `warn`); by default they go to stderr as pino lines.
 */
export function retrieverFor(config: Config, knowledge: KnowledgeBase, log?: RerankLog): Retriever {
  const rerankOptions = rerankerOptionsOf(config);
  const reranker = rerankOptions ? new HttpReranker(rerankOptions, { log: log ?? stderrWarnings(config) }) : undefined;
  return new Retriever(knowledge, { fusion: config.RETRIEVAL_FUSION, vectorWeight: config.RETRIEVAL_VECTOR_WEIGHT }, reranker ? { reranker } : {});
}

function stderrWarnings(config: Pick<Config, 'LOG_LEVEL'>): RerankLog {
  const logger = pino({ level: config.LOG_LEVEL }, pino.destination(2));
  return (fields, message) => logger.warn(fields, message);
}
