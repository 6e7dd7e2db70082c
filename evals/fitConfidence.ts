/**
 * Fits the answer-confidence model on the DEV split only (`npm run eval -- --fit-confidence`) and
 * writes src/answer/confidence-model.json:
 *  - "answer": P(the first provision is right), labels from the dev questions (answerable: the first
 *    provision is a gold one; unanswerable: never right). Its threshold is the lowest at which the
 *    wrong answers on dev stay within budget (WRONG_BUDGET, UNANSWERABLE_BUDGET), and within
 *    FRESH_WRONG_BUDGET on the dev halves of the newest sets, on which no rule was developed;
 *  - "domain": P(the question is about the corpus), labels: answerable and near-miss questions vs
 *    far-off ones and the dev half of the ALQAC/DRiLL questions about laws not in the corpus.
 * The test split is never read here.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CONFIDENCE_MODEL_FILE, fitLogistic, MODEL_INPUTS, probability, vectorOf, type ConfidenceModel } from '../src/answer/confidence.js';
import { ExtractiveAnswerer } from '../src/answer/extractive.js';
import type { Retriever } from '../src/retrieval/retriever.js';
import { externalInCorpus, FRESH_SETS, isFresh, loadQuestionSet, SPLIT_SEED } from './questionSet.js';
import { readQuestions } from './runEval.js';

/** Share of answerable dev questions that may be answered with a wrong first provision (the bar on unseen questions is 8%). */
export const WRONG_BUDGET = 0.05;
/** Share of unanswerable dev questions that may be answered (the bar on unseen questions is 1/6). */
export const UNANSWERABLE_BUDGET = 0.1;
/**
 * Share of the fresh sets' answerable dev questions that may be answered wrong: the 8% bar less one
 * standard deviation of a wrong rate near 8% on an unseen set of ~90 questions (≈ 2.8 points).
 */
export const FRESH_WRONG_BUDGET = 0.05;

interface Example {
  values: number[];
  right: boolean;
  inDomain: boolean;
  answerable: boolean;
  /** Never answered whatever its probability (the answer-type check): not counted against the budgets. */
  blocked: boolean;
  /** A dev question of a fresh set (FRESH_SETS). */
  fresh: boolean;
}

/** The dev half of the benchmark questions about laws the corpus does not hold (by the same seeded hash as the split). */
function outOfCorpusDev(retriever: Retriever, benchmarks: string): string[] {
  const inCorpus = new Set([...retriever.knowledge.documents.values()].filter((d) => d.origin !== 'reference').map((d) => d.number));
  const questions: string[] = [];
  for (const set of ['alqac2023', 'alqac2023-passages', 'drill']) {
    const file = path.join(benchmarks, set, 'questions.json');
    if (!fs.existsSync(file)) continue;
    for (const q of readQuestions(file)) {
      if (!q.gold.every((g) => !inCorpus.has(g.law_id))) continue;
      const hash = crypto.createHash('sha256').update(`${SPLIT_SEED}:${q.text}`).digest();
      if ((hash[0] ?? 0) % 2 === 0) questions.push(q.text);
    }
  }
  return questions;
}

/** L2 strengths tried (by cross-validation on dev). */
const L2_CHOICES = [0.02, 0.1, 0.5, 2, 8];
const FOLDS = 5;

/** A fold number per example, fixed by position (the dev questions come in a stable order). */
function foldOf(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i % FOLDS);
}

/** Out-of-fold probabilities: each example scored by a model fitted on the other folds. */
function crossValidated(rows: ReadonlyArray<readonly number[]>, labels: readonly number[], folds: readonly number[], l2: number): number[] {
  const probabilities = new Array<number>(rows.length).fill(0);
  for (let fold = 0; fold < FOLDS; fold++) {
    const train = rows.flatMap((_row, i) => (folds[i] === fold ? [] : [i]));
    const model = fitLogistic(train.map((i) => rows[i] ?? []), train.map((i) => labels[i] ?? 0), l2);
    rows.forEach((row, i) => {
      if (folds[i] === fold) probabilities[i] = probability({ ...model, threshold: 0 }, row);
    });
  }
  return probabilities;
}

/** The logistic model with the L2 strength of lowest cross-validated log-loss, and its out-of-fold probabilities. */
function fitByCrossValidation(rows: ReadonlyArray<readonly number[]>, labels: readonly number[]): { fit: ReturnType<typeof fitLogistic>; l2: number; outOfFold: number[] } {
  const folds = foldOf(rows.length);
  let best = { l2: L2_CHOICES[0] ?? 0.05, loss: Number.POSITIVE_INFINITY, outOfFold: [] as number[] };
  for (const l2 of L2_CHOICES) {
    const outOfFold = crossValidated(rows, labels, folds, l2);
    const loss = outOfFold.reduce((sum, p, i) => sum - ((labels[i] ?? 0) * Math.log(Math.max(p, 1e-9)) + (1 - (labels[i] ?? 0)) * Math.log(Math.max(1 - p, 1e-9))), 0) / Math.max(1, rows.length);
    if (loss < best.loss) best = { l2, loss, outOfFold };
  }
  return { fit: fitLogistic(rows, labels, best.l2), l2: best.l2, outOfFold: best.outOfFold };
}

export async function fitConfidence(retriever: Retriever, benchmarks: string): Promise<{ model: ConfidenceModel; summary: string[] }> {
  const inCorpus = new Set([...retriever.knowledge.documents.values()].filter((d) => d.origin !== 'reference').map((d) => d.number));
  const devQuestions = [...loadQuestionSet(), ...externalInCorpus(benchmarks, inCorpus)].filter((x) => x.split === 'dev');
  const request = (q: (typeof devQuestions)[number]) => ({ message: q.question, ...(q.history ? { history: q.history } : {}), ...(q.asOf ? { asOf: q.asOf } : {}) });

  const probe = new ExtractiveAnswerer(retriever, undefined);
  const examples: Example[] = [];
  for (const q of devQuestions) {
    const assessment = await probe.assess(request(q));
    const lead = assessment.lead;
    const key = lead ? (lead.ref.appendix !== undefined ? `${lead.ref.document}|Phụ lục ${lead.ref.appendix}` : `${lead.ref.document}|${lead.ref.article ?? ''}`) : '';
    // The amending provision stands for the article it amends.
    const amendedKey = assessment.amended ? `${assessment.amended.unit.ref.document}|${assessment.amended.unit.ref.article ?? ''}` : '';
    const right = q.answerable && q.gold.some((g) => `${g.document}|${g.article}` === key || `${g.document}|${g.article}` === amendedKey);
    examples.push({ values: vectorOf(assessment.features), right, inDomain: q.kind !== 'unanswerable-far', answerable: q.answerable, blocked: assessment.typeMismatch, fresh: isFresh(q.id) });
  }
  const domainNegatives = outOfCorpusDev(retriever, benchmarks);
  for (const question of domainNegatives) {
    const assessment = await probe.assess({ message: question });
    examples.push({ values: vectorOf(assessment.features), right: false, inDomain: false, answerable: false, blocked: assessment.typeMismatch, fresh: false });
  }
  const answerExamples = examples.slice(0, examples.length - domainNegatives.length);
  // Regularisation chosen by cross-validated log-loss on dev; the threshold is then chosen on the
  // out-of-fold probabilities (what the model says of questions it was not fitted on), not in-sample.
  const answerFitted = fitByCrossValidation(answerExamples.map((e) => e.values), answerExamples.map((e) => (e.right ? 1 : 0)));
  const answerFit = answerFitted.fit;
  const best = answerFitted;
  const domainFit = fitLogistic(examples.map((e) => e.values), examples.map((e) => (e.inDomain ? 1 : 0)));

  // Answer threshold: the lowest at which, on dev, wrong answers stay within budget: at most
  // WRONG_BUDGET of the answerable questions answered with a wrong first provision, at most
  // UNANSWERABLE_BUDGET of the unanswerable ones answered at all, and at most FRESH_WRONG_BUDGET of
  // the fresh sets' answerable questions answered wrong.
  // A blocked example is never answered: it cannot use up a budget (probability 0 for the scan).
  const scored = answerExamples.map((e, i) => ({ p: e.blocked ? 0 : (best.outOfFold[i] ?? 0), right: e.right, answerable: e.answerable, fresh: e.fresh })).sort((a, b) => b.p - a.p);
  const answerable = scored.filter((s) => s.answerable).length;
  const unanswerable = scored.length - answerable;
  const freshAnswerable = scored.filter((s) => s.fresh && s.answerable).length;
  let answerThreshold = 1;
  let wrong = 0;
  let freshWrong = 0;
  let answeredUnanswerable = 0;
  scored.forEach((s, i) => {
    if (s.answerable && !s.right) wrong++;
    if (s.fresh && s.answerable && !s.right) freshWrong++;
    if (!s.answerable) answeredUnanswerable++;
    const next = scored[i + 1];
    const withinBudget = wrong <= WRONG_BUDGET * answerable && answeredUnanswerable <= UNANSWERABLE_BUDGET * unanswerable && freshWrong <= FRESH_WRONG_BUDGET * freshAnswerable;
    if (withinBudget && (!next || next.p < s.p)) answerThreshold = s.p;
  });
  // Domain threshold: decline only what the dev questions about the corpus almost never score (≤ 5% of them below it).
  const inDomain = examples.filter((e) => e.inDomain).map((e) => probability({ ...domainFit, threshold: 0 }, e.values)).sort((a, b) => a - b);
  const domainThreshold = inDomain[Math.floor(inDomain.length * 0.05)] ?? 0.5;

  const model: ConfidenceModel = {
    features: [...MODEL_INPUTS],
    answer: { ...answerFit, threshold: Number(answerThreshold.toFixed(4)) },
    domain: { ...domainFit, threshold: Number(domainThreshold.toFixed(4)) },
    fitted: {
      on: 'evals/questions (split dev) + dev half of the ALQAC 2022 questions about Luật An ninh mạng (in the corpus) + dev half of ALQAC 2023 / DRiLL questions about laws not in the corpus',
      date: new Date().toISOString().slice(0, 10),
      examples: examples.length,
      note: `answer threshold on 5-fold out-of-fold probabilities, L2 by cross-validated log-loss: lowest with ≤ ${WRONG_BUDGET * 100}% of answerable dev questions answered wrong, ≤ ${UNANSWERABLE_BUDGET * 100}% of unanswerable ones answered and ≤ ${FRESH_WRONG_BUDGET * 100}% of the fresh sets' (${FRESH_SETS.join(', ')}) answerable dev questions answered wrong; domain threshold: 5th percentile of in-domain dev questions`,
    },
  };
  const answered = scored.filter((s) => s.p >= answerThreshold);
  const answeredWrong = answered.filter((s) => s.answerable && !s.right).length;
  const answeredUnanswerableAt = answered.filter((s) => !s.answerable).length;
  const summary = [
    `Khớp trên ${answerExamples.length} câu dev (+${domainNegatives.length} câu ALQAC/DRiLL ngoài kho cho mô hình phạm vi).`,
    `Ngưỡng trả lời ${model.answer.threshold} (L2 ${best.l2}, chọn theo kiểm định chéo ${FOLDS} phần trên dev): theo xác suất ngoài phần khớp, trả lời ${answered.length}/${answerExamples.length}, sai ${answered.filter((s) => !s.right).length}; đúng nguồn đầu tiên trong cả tập dev (trước cổng) ${answerExamples.filter((e) => e.right).length}.`,
    `Tại ngưỡng: sai nguồn ${answeredWrong}/${answerable} câu trả lời được (ngân sách ${Math.floor(WRONG_BUDGET * answerable)}), trả lời ${answeredUnanswerableAt}/${unanswerable} câu không trả lời được (ngân sách ${Math.floor(UNANSWERABLE_BUDGET * unanswerable)}).`,
    `Bộ mới (${FRESH_SETS.join(', ')}, dev): đúng ${answered.filter((s) => s.fresh && s.right).length}/${freshAnswerable}, sai nguồn ${answered.filter((s) => s.fresh && s.answerable && !s.right).length} (ngân sách ${Math.floor(FRESH_WRONG_BUDGET * freshAnswerable)}), trả lời ${answered.filter((s) => s.fresh && !s.answerable).length}/${scored.filter((s) => s.fresh && !s.answerable).length} câu không trả lời được.`,
    `Ngưỡng phạm vi ${model.domain.threshold}.`,
    'Trọng số (mô hình trả lời / phạm vi):',
    ...MODEL_INPUTS.map((name, i) => `  ${name.padEnd(26)} ${(answerFit.weights[i] ?? 0).toFixed(3).padStart(7)} ${(domainFit.weights[i] ?? 0).toFixed(3).padStart(7)}`),
  ];
  return { model, summary };
}

export function writeConfidenceModel(model: ConfidenceModel, file = CONFIDENCE_MODEL_FILE): void {
  fs.writeFileSync(file, `${JSON.stringify(model, null, 1)}\n`);
}
