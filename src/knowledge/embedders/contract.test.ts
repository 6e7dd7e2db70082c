/** Every embedder runs the same contract: the offline corpus embedder, and the OpenAI-compatible one against our stand-in server. */
import { afterAll, beforeAll } from 'vitest';
import { startMockOpenAi, type MockOpenAi } from '../../../test/mockOpenAi.js';
import { CONTRACT_TEXTS, runEmbedderContract } from './contract.js';
import { CorpusEmbedder, DEFAULT_CORPUS_EMBEDDER_OPTIONS } from './corpusEmbedder.js';
import { OpenAiEmbedder } from './openaiEmbedder.js';

let mock: MockOpenAi;
beforeAll(async () => {
  mock = await startMockOpenAi();
});
afterAll(async () => {
  await mock.close();
});

runEmbedderContract('CorpusEmbedder (fitted on a few texts)', {
  create: () => CorpusEmbedder.fit([...CONTRACT_TEXTS, 'Thời hạn thanh tra được gia hạn một lần.', 'Mức phạt tiền đối với tổ chức.'], { ...DEFAULT_CORPUS_EMBEDDER_OPTIONS, dimension: 64 }),
});

runEmbedderContract('CorpusEmbedder (default options)', {
  create: () => CorpusEmbedder.fit(CONTRACT_TEXTS),
});

runEmbedderContract('OpenAiEmbedder (stand-in server, batches of 3)', {
  create: () => new OpenAiEmbedder({ baseURL: mock.baseURL, apiKey: 'test', model: 'bge-m3', batchSize: 3, backoffMs: 5 }),
});
