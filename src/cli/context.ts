/** Loading the configured index once for a command. */
import type { Config } from '../config.js';
import { embedderForIndex } from '../knowledge/embedders/index.js';
import { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { Retriever } from '../retrieval/retriever.js';

export async function openKnowledge(config: Config): Promise<KnowledgeBase> {
  return KnowledgeBase.load(config.indexDir, embedderForIndex(config));
}

export function retrieverFor(config: Config, knowledge: KnowledgeBase): Retriever {
  return new Retriever(knowledge, { fusion: config.RETRIEVAL_FUSION, vectorWeight: config.RETRIEVAL_VECTOR_WEIGHT });
}
