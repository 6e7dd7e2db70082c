/**
 * Tuning answers on the DEV split only: for each combination of settings, how often the first
 * provision the answer cites (answered or offered) is a right one, per kind.
 * Run: `npx tsx evals/tuneAnswers.ts '{"sanctionWeight":[0,0.5,1]}'`. The test split is reported by
 * `npm run eval -- --answers`, never tuned on here.
 */
import { DEFAULT_EXTRACTIVE_SETTINGS, ExtractiveAnswerer, type ExtractiveSettings } from '../src/answer/extractive.js';
import { openKnowledge } from '../src/cli/context.js';
import { loadConfig } from '../src/config.js';
import { Retriever, type RetrieverSettings } from '../src/retrieval/retriever.js';
import { combinations } from './grid.js';
import { isFresh, loadQuestionSet } from './questionSet.js';

const grid = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown[]>;

const knowledge = await openKnowledge(loadConfig());
// The fresh sets' dev halves only calibrate the confidence threshold (evals/fitConfidence.ts): no rule is tuned on them.
const questions = loadQuestionSet().filter((q) => q.split === 'dev' && q.answerable && !isFresh(q.id));
for (const combination of combinations(Object.entries(grid))) {
  // Settings of the answerer go to it, the rest to the retriever.
  const answerSettings = Object.fromEntries(Object.entries(combination).filter(([key]) => key in DEFAULT_EXTRACTIVE_SETTINGS)) as Partial<ExtractiveSettings>;
  const retrieverSettings = Object.fromEntries(Object.entries(combination).filter(([key]) => !(key in DEFAULT_EXTRACTIVE_SETTINGS))) as Partial<RetrieverSettings>;
  const retriever = new Retriever(knowledge, retrieverSettings);
  const answerer = new ExtractiveAnswerer(retriever, undefined, answerSettings);
  const byKind = new Map<string, [number, number]>();
  let right = 0;
  let facts = 0;
  for (const q of questions) {
    const answer = await answerer.answer({ message: q.question, ...(q.history ? { history: q.history } : {}), ...(q.asOf ? { asOf: q.asOf } : {}) });
    const first = answer.citations[0];
    const key = first ? (first.ref.appendix !== undefined ? `${first.ref.document}|Phụ lục ${first.ref.appendix}` : `${first.ref.document}|${first.ref.article ?? ''}`) : '';
    const ok = q.gold.some((g) => `${g.document}|${g.article}` === key);
    if (ok) right++;
    const text = answer.answer.replace(/\s+/gu, ' ').toLowerCase();
    if (ok && q.facts.every((fact) => text.includes(fact.replace(/\s+/gu, ' ').toLowerCase()))) facts++;
    const cell = byKind.get(q.kind) ?? [0, 0];
    cell[0] += ok ? 1 : 0;
    cell[1]++;
    byKind.set(q.kind, cell);
  }
  const kinds = [...byKind.entries()].sort().map(([kind, [r, n]]) => `${kind} ${r}/${n}`).join(' · ');
  process.stdout.write(`${JSON.stringify(combination)}  dev first-right ${right}/${questions.length}, with facts ${facts}  ${kinds}\n`);
}
