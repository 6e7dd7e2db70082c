/**
 * How sure the offline answerer may be, decided by a small model fitted on the DEV split of the
 * in-house question set (`npm run eval -- --fit-confidence` writes confidence-model.json), not by one
 * hand-set threshold: logistic regression over features of the question and of the best provision —
 * how much of the question it covers, the retrieval margin, whether it is the kind of provision the
 * question asks for, whether it states the kind of quantity asked (a share, an age, a sum, a period, a
 * count), whether it is the sentence that defines the term asked about ("X là …"), its
 * document (and whether it is the one the question names) and validity, agreement of lexical and vector search,
 * and whether the question without its opening words still finds the same Điều (stability under perturbation).
 * Two models: one for "the first provision is right" (answer or not), one for "the question is about
 * the corpus at all" (provisions likely to apply, or a decline).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../errors.js';

export const FEATURE_NAMES = [
  'coverage',
  'pairCoverage',
  'topScore',
  'margin',
  'vectorShare',
  'intentMatch',
  'sanctionMatch',
  'textOrigin',
  'statusKnown',
  'inForce',
  'sameArticleTop5',
  'unknownTerms',
  'termCount',
  'followUp',
  'definitionFound',
  'namedDocument',
  'answerType',
  'stableTail',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];
export type Features = Record<FeatureName, number>;

/** The features the retrieval margin is multiplied with (every other one). */
const MARGIN_PARTNERS = FEATURE_NAMES.filter((name) => name !== 'margin');

/**
 * The model's inputs: the features, then the retrieval margin times each other feature. How much a
 * clear lead over the next article says depends on the rest — the lead of a title match in a decree is
 * not the lead of a codified text's near tie — so the margin's weight varies with each feature.
 * Chosen on dev by cross-validated log-loss (0.3545 → 0.3463) among no products, these, and every pair.
 */
export const MODEL_INPUTS: readonly string[] = [...FEATURE_NAMES, ...MARGIN_PARTNERS.map((name) => `margin×${name}`)];

const Logistic = z.object({
  means: z.array(z.number()),
  scales: z.array(z.number()),
  weights: z.array(z.number()),
  bias: z.number(),
  threshold: z.number(),
});
export type LogisticModel = z.infer<typeof Logistic>;

const ModelFile = z.object({
  features: z.array(z.string()),
  /** P(the first provision is right): answer at or above `threshold`. */
  answer: Logistic,
  /** P(the question is about the corpus): provisions likely to apply at or above `threshold`, else a decline. */
  domain: Logistic,
  fitted: z.object({ on: z.string(), date: z.string(), examples: z.number(), note: z.string() }),
});
export type ConfidenceModel = z.infer<typeof ModelFile>;

export const CONFIDENCE_MODEL_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'confidence-model.json');

export function vectorOf(features: Features): number[] {
  return [...FEATURE_NAMES.map((name) => features[name]), ...MARGIN_PARTNERS.map((name) => features.margin * features[name])];
}

export function probability(model: LogisticModel, values: readonly number[]): number {
  let z = model.bias;
  values.forEach((value, i) => {
    z += (model.weights[i] ?? 0) * ((value - (model.means[i] ?? 0)) / (model.scales[i] || 1));
  });
  return 1 / (1 + Math.exp(-z));
}

/** Reads and checks the fitted model: its features must be the ones this code computes, in order. */
export function loadConfidenceModel(file = CONFIDENCE_MODEL_FILE): ConfidenceModel {
  let parsed: ConfidenceModel;
  try {
    parsed = ModelFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (cause) {
    throw new AppError('CONFIG_INVALID', `mô hình độ tin cậy ${file} không đọc được (chạy npm run eval -- --fit-confidence)`, { cause });
  }
  if (parsed.features.join(',') !== MODEL_INPUTS.join(',')) {
    throw new AppError('CONFIG_INVALID', `mô hình độ tin cậy ${file} được khớp trên đặc trưng khác (chạy lại npm run eval -- --fit-confidence)`);
  }
  for (const model of [parsed.answer, parsed.domain]) {
    if (model.weights.length !== MODEL_INPUTS.length || model.means.length !== MODEL_INPUTS.length || model.scales.length !== MODEL_INPUTS.length) {
      throw new AppError('CONFIG_INVALID', `mô hình độ tin cậy ${file}: số trọng số không khớp số đặc trưng`);
    }
  }
  return parsed;
}

/** Fits a logistic regression (standardised features, L2, batch gradient descent). Used by the evals. */
export function fitLogistic(rows: ReadonlyArray<readonly number[]>, labels: readonly number[], l2 = 0.05, iterations = 4000, rate = 0.3): Omit<LogisticModel, 'threshold'> {
  const width = rows[0]?.length ?? 0;
  const means = Array.from({ length: width }, (_, j) => rows.reduce((sum, row) => sum + (row[j] ?? 0), 0) / Math.max(1, rows.length));
  const scales = means.map((mean, j) => Math.sqrt(rows.reduce((sum, row) => sum + ((row[j] ?? 0) - mean) ** 2, 0) / Math.max(1, rows.length)) || 1);
  const standard = rows.map((row) => row.map((value, j) => (value - (means[j] ?? 0)) / (scales[j] ?? 1)));
  const weights = new Array<number>(width).fill(0);
  let bias = 0;
  for (let step = 0; step < iterations; step++) {
    const gradient = new Array<number>(width).fill(0);
    let biasGradient = 0;
    standard.forEach((row, i) => {
      const z = bias + row.reduce((sum, value, j) => sum + value * (weights[j] ?? 0), 0);
      const error = 1 / (1 + Math.exp(-z)) - (labels[i] ?? 0);
      biasGradient += error;
      row.forEach((value, j) => {
        gradient[j] = (gradient[j] ?? 0) + error * value;
      });
    });
    const n = Math.max(1, standard.length);
    bias -= (rate * biasGradient) / n;
    for (let j = 0; j < width; j++) weights[j] = (weights[j] ?? 0) - rate * ((gradient[j] ?? 0) / n + l2 * (weights[j] ?? 0));
  }
  return { means, scales, weights, bias };
}
