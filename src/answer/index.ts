/** The configured answerer: generative when an LLM endpoint and model are set, extractive otherwise. */
import type { Config } from '../config.js';
import type { Retriever } from '../retrieval/retriever.js';
import { loadConfidenceModel } from './confidence.js';
import { ExtractiveAnswerer } from './extractive.js';
import { GenerativeAnswerer } from './generative.js';
import { loadPrompts } from './prompts.js';
import type { Answerer } from './types.js';

export async function createAnswerer(config: Config, retriever: Retriever): Promise<Answerer> {
  const offline = new ExtractiveAnswerer(retriever, loadConfidenceModel());
  if (!config.OPENAI_BASE_URL || !config.LLM_MODEL) return offline;
  return new GenerativeAnswerer({
    offline,
    prompts: await loadPrompts(),
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY ?? 'none',
    model: config.LLM_MODEL,
    timeoutMs: config.LLM_TIMEOUT_MS,
  });
}
