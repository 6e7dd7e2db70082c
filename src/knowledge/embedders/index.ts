/** Chooses the embedder from configuration: the corpus embedder offline, or an OpenAI-compatible endpoint. */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import type { IndexEmbedder, IndexManifest } from '../knowledgeBase.js';
import { CorpusEmbedder } from './corpusEmbedder.js';
import { OpenAiEmbedder } from './openaiEmbedder.js';

type EmbedderSettings = Pick<Config, 'OPENAI_BASE_URL' | 'OPENAI_API_KEY' | 'EMBEDDING_MODEL' | 'EMBEDDING_BATCH_SIZE' | 'indexDir'>;

/** For ingest: reuse the previous corpus model, or fit a new one on the unit texts. */
export function embedderForIngest(config: EmbedderSettings) {
  return async (texts: string[], previous: { manifest: IndexManifest; directory: string } | undefined): Promise<IndexEmbedder> => {
    if (config.EMBEDDING_MODEL) {
      const remote = remoteEmbedder(config, previous?.manifest.embedder.dimension);
      if (!previous) await remote.probe();
      return remote;
    }
    const modelDirectory = previous ? path.join(previous.directory, 'embedder') : undefined;
    if (modelDirectory && fs.existsSync(path.join(modelDirectory, 'model.json'))) return CorpusEmbedder.load(modelDirectory);
    return CorpusEmbedder.fit(texts);
  };
}

/** For search: the embedder the index was built with (checked against the manifest by the loader). */
export function embedderForIndex(config: EmbedderSettings) {
  return (manifest: IndexManifest, directory: string): IndexEmbedder => {
    if (manifest.embedder.id.startsWith('openai:')) {
      if (!config.EMBEDDING_MODEL) throw new AppError('INDEX_INCOMPATIBLE', 'chỉ mục dựng bằng dịch vụ nhúng nhưng EMBEDDING_MODEL chưa được cấu hình');
      return remoteEmbedder(config, manifest.embedder.dimension);
    }
    return CorpusEmbedder.load(path.join(directory, 'embedder'));
  };
}

function remoteEmbedder(config: EmbedderSettings, expectedDimension?: number): OpenAiEmbedder {
  if (!config.OPENAI_BASE_URL || !config.EMBEDDING_MODEL) throw new AppError('CONFIG_INVALID', 'EMBEDDING_MODEL cần OPENAI_BASE_URL');
  return new OpenAiEmbedder({
    baseURL: config.OPENAI_BASE_URL,
    apiKey: config.OPENAI_API_KEY ?? 'none',
    model: config.EMBEDDING_MODEL,
    batchSize: config.EMBEDDING_BATCH_SIZE,
    cacheDirectory: path.join(config.indexDir + '.cache'),
    ...(expectedDimension ? { expectedDimension } : {}),
  });
}
