/** `npm run eval -- --law FILE --questions FILE [--json] [--out DIR]`, `--questions FILE` on the main index, or `--all`. */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config.js';
import { embedderForIngest } from '../src/knowledge/embedders/index.js';
import { buildTemporaryIndex, evaluate, readQuestions, type EvalDetails } from './runEval.js';
import { writeReport } from './report.js';
import { answerSummary, evaluateAnswers, writeAnswerReport } from './answers.js';
import { createAnswerer } from '../src/answer/index.js';
import { fitConfidence, writeConfidenceModel } from './fitConfidence.js';
import { evaluateReferences } from './references.js';
import { openKnowledge, retrieverFor } from '../src/cli/context.js';

export interface EvalOptions {
  law?: string;
  questions?: string;
  json?: boolean;
  out?: string;
  all?: boolean;
  answers?: boolean;
  fitConfidence?: boolean;
  references?: boolean;
  benchmarks: string;
}

function settingsOf(config: Config) {
  return { fusion: config.RETRIEVAL_FUSION, vectorWeight: config.RETRIEVAL_VECTOR_WEIGHT };
}

async function evaluateSet(config: Config, lawFile: string, questionsFile: string): Promise<EvalDetails> {
  const { knowledge, cleanup } = await buildTemporaryIndex(lawFile, embedderForIngest({ ...config, EMBEDDING_MODEL: config.EMBEDDING_MODEL }));
  try {
    return await evaluate(knowledge, readQuestions(questionsFile), settingsOf(config));
  } finally {
    cleanup();
  }
}

function printHuman(name: string, details: EvalDetails): void {
  const fmt = (m: EvalDetails['modes']['hybrid']): string =>
    `R@1 ${m['recall@1'].toFixed(3)}  R@5 ${m['recall@5'].toFixed(3)}  R@10 ${m['recall@10'].toFixed(3)}  MRR@10 ${m['mrr@10'].toFixed(3)}  nDCG@10 ${m['ndcg@10'].toFixed(3)}`;
  process.stdout.write(
    `${name} — ${details.report.questions} câu hỏi, ${details.report.seconds}s\n  sản phẩm  ${fmt(details.modes.hybrid)}\n  từ khoá   ${fmt(details.modes.lexical)}\n  véc-tơ    ${fmt(details.modes.vector)}\n  không dấu ${fmt(details.modes.folded)}\n  BM25 gốc  ${fmt(details.modes.baseline)}\n`,
  );
}

async function runAnswerEval(config: Config, options: EvalOptions): Promise<void> {
  const knowledge = await openKnowledge(config);
  const retriever = retrieverFor(config, knowledge);
  const evaluation = await evaluateAnswers(await createAnswerer(config, retriever), retriever, options.benchmarks);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ splits: evaluation.splits, outOfCorpus: evaluation.outOfCorpus })}\n`);
  } else {
    process.stdout.write(`${answerSummary(evaluation).join('\n')}\n`);
    process.stdout.write(`Báo cáo: ${writeAnswerReport(path.resolve('evals/reports'), evaluation)}\n`);
  }
  if (options.out) {
    fs.mkdirSync(options.out, { recursive: true });
    fs.writeFileSync(path.join(options.out, 'answer-outcomes.json'), JSON.stringify(evaluation.outcomes, null, 1));
  }
}

export async function runEval(config: Config, options: EvalOptions): Promise<void> {
  if (options.fitConfidence) {
    const { model, summary } = await fitConfidence(retrieverFor(config, await openKnowledge(config)), options.benchmarks);
    writeConfidenceModel(model);
    process.stdout.write(`${summary.join('\n')}\nĐã ghi src/answer/confidence-model.json\n`);
    return;
  }
  if (options.answers) {
    await runAnswerEval(config, options);
    return;
  }
  if (options.references) {
    const result = await evaluateReferences(retrieverFor(config, await openKnowledge(config)));
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(`Dẫn chiếu mở đúng điều khoản: ${result.right}/${result.total} (${((100 * result.right) / result.total).toFixed(1)}%)\n`);
      for (const miss of result.misses) process.stdout.write(`  ✗ "${miss.text}": cần ${miss.expected}, được ${miss.got}\n`);
    }
    return;
  }
  if (options.all) {
    const sets = fs.readdirSync(options.benchmarks).filter((name) => fs.existsSync(path.join(options.benchmarks, name, 'law.json'))).sort();
    const results: Array<{ set: string; details: EvalDetails }> = [];
    for (const set of sets) {
      const details = await evaluateSet(config, path.join(options.benchmarks, set, 'law.json'), path.join(options.benchmarks, set, 'questions.json'));
      printHuman(set, details);
      results.push({ set, details });
    }
    const file = writeReport(path.resolve('evals/reports'), results);
    process.stdout.write(`Báo cáo: ${file}\n`);
    return;
  }
  if (!options.questions) throw new Error('Cần --questions FILE (và --law FILE cho bộ ALQAC), hoặc --all');
  let details: EvalDetails;
  if (options.law) details = await evaluateSet(config, options.law, options.questions);
  else details = await evaluate(await openKnowledge(config), readQuestions(options.questions), settingsOf(config));
  if (options.out) {
    fs.mkdirSync(options.out, { recursive: true });
    fs.writeFileSync(path.join(options.out, 'misses.json'), JSON.stringify(details.misses, null, 2));
  }
  if (options.json) process.stdout.write(`${JSON.stringify(details.report)}\n`);
  else printHuman(path.basename(path.dirname(options.questions)), details);
}
