/**
 * Tuning on the dev sets only: builds each benchmark's index once, then measures a grid of
 * retriever settings. Run: `npx tsx evals/tune.ts '{"articleWeight":[0,0.5]}'`.
 */
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { CorpusEmbedder, DEFAULT_CORPUS_EMBEDDER_OPTIONS } from '../src/knowledge/embedders/corpusEmbedder.js';
import type { RetrieverSettings } from '../src/retrieval/retriever.js';
import { foldDiacritics } from '../src/text/vietnamese.js';
import { buildTemporaryIndex, evaluate, readQuestions } from './runEval.js';
import { combinations } from './grid.js';

const grid = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown[]>;
const sets = (process.argv[3] ?? 'alqac2022,alqac2023,alqac2023-passages,drill').split(',');
loadConfig();
// EMBEDDER_OPTIONS='{"contextWeight":0.8}' tries another corpus embedder.
const embedderOptions = { ...DEFAULT_CORPUS_EMBEDDER_OPTIONS, ...(JSON.parse(process.env['EMBEDDER_OPTIONS'] ?? '{}') as object) };
const fit = async (texts: string[]) => CorpusEmbedder.fit(texts, embedderOptions);

const indexes = [];
for (const set of sets) {
  const dir = path.join('../shared/benchmarks', set);
  // FOLD_QUESTIONS=1 asks every question without its diacritics, as people often type.
  const questions = readQuestions(path.join(dir, 'questions.json')).map((q) => (process.env['FOLD_QUESTIONS'] ? { ...q, text: foldDiacritics(q.text) } : q));
  indexes.push({ set, ...(await buildTemporaryIndex(path.join(dir, 'law.json'), fit)), questions });
}
for (const combination of combinations(Object.entries(grid))) {
  const cells: string[] = [];
  for (const { set, knowledge, questions } of indexes) {
    const { modes } = await evaluate(knowledge, questions, combination as Partial<RetrieverSettings>);
    cells.push(`${set}: ${modes.hybrid['mrr@10'].toFixed(3)}/${modes.hybrid['recall@5'].toFixed(3)}`);
  }
  process.stdout.write(`${JSON.stringify(combination)}  ${cells.join('  ')}\n`);
}
for (const index of indexes) index.cleanup();
