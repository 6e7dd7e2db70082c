import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { FEATURE_NAMES, fitLogistic, loadConfidenceModel, MODEL_INPUTS, probability, vectorOf, type ConfidenceModel, type Features } from './confidence.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'confidence-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe('probability', () => {
  it('is the logistic of the bias plus the weighted standardised features', () => {
    const model = { means: [1, 0], scales: [2, 0], weights: [3, 0.5], bias: -1, threshold: 0.5 };
    // z = -1 + 3 · (3 − 1) / 2 + 0.5 · (2 − 0) / 1 (a scale of 0 counts as 1) = 3.
    expect(probability(model, [3, 2])).toBeCloseTo(1 / (1 + Math.exp(-3)), 12);
    expect(probability(model, [1, 0])).toBeCloseTo(1 / (1 + Math.exp(1)), 12);
  });
});

describe('fitLogistic', () => {
  it('learns a separable toy problem: the telling feature gets the weight, the noise almost none', () => {
    // Feature 0 decides the label; feature 1 alternates whatever the label.
    const rows = [0, 1, 2, 3, 7, 8, 9, 10].map((value, i) => [value, i % 2]);
    const labels = [0, 0, 0, 0, 1, 1, 1, 1];
    const fitted = fitLogistic(rows, labels);
    const model = { ...fitted, threshold: 0.5 };
    expect(fitted.means).toEqual([5, 0.5]);
    expect(fitted.weights[0]).toBeGreaterThan(1);
    expect(Math.abs(fitted.weights[1] ?? 0)).toBeLessThan(0.2 * (fitted.weights[0] ?? 0));
    rows.forEach((row, i) => expect(probability(model, row) >= 0.5 ? 1 : 0).toBe(labels[i]));
    expect(probability(model, [10, 0])).toBeGreaterThan(0.9);
    expect(probability(model, [0, 1])).toBeLessThan(0.1);
  });

  it('learns the opposite sign when the feature counts against the label', () => {
    const fitted = fitLogistic([[0], [1], [9], [10]], [1, 1, 0, 0]);
    expect(fitted.weights[0]).toBeLessThan(-1);
  });
});

describe('loadConfidenceModel', () => {
  const logistic = { means: MODEL_INPUTS.map(() => 0), scales: MODEL_INPUTS.map(() => 1), weights: MODEL_INPUTS.map(() => 0.1), bias: 0, threshold: 0.5 };
  const sound: ConfidenceModel = { features: [...MODEL_INPUTS], answer: logistic, domain: { ...logistic, threshold: 0.2 }, fitted: { on: 'toy', date: '2030-01-01', examples: 8, note: 'test' } };
  const write = (name: string, content: unknown): string => {
    const file = path.join(folder, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };
  const failure = (file: string): AppError => {
    try {
      loadConfidenceModel(file);
    } catch (error) {
      if (error instanceof AppError) return error;
      throw error;
    }
    throw new Error(`${file} loaded`);
  };

  it('reads a model fitted on the features this code computes', () => {
    expect(loadConfidenceModel(write('sound.json', sound))).toEqual(sound);
  });

  it('the model shipped with the code matches its features', () => {
    expect(loadConfidenceModel().features).toEqual([...MODEL_INPUTS]);
  });

  it('refuses a model fitted on other features, or in another order', () => {
    const renamed = failure(write('renamed.json', { ...sound, features: [...MODEL_INPUTS.slice(0, -1), 'somethingElse'] }));
    expect(renamed.code).toBe('CONFIG_INVALID');
    expect(renamed.message).toMatch(/đặc trưng khác/u);
    const reordered = [...MODEL_INPUTS].reverse();
    expect(failure(write('reordered.json', { ...sound, features: reordered })).message).toMatch(/đặc trưng khác/u);
  });

  it('refuses weights that do not match the features, and a file that does not parse', () => {
    expect(failure(write('short.json', { ...sound, answer: { ...logistic, weights: [1, 2] } })).message).toMatch(/số trọng số/u);
    expect(failure(write('broken.json', '{"features": [')).code).toBe('CONFIG_INVALID');
    expect(failure(path.join(folder, 'missing.json')).code).toBe('CONFIG_INVALID');
  });
});

describe('vectorOf', () => {
  it('lists the features in the model’s order, then the margin times each other feature', () => {
    const features = Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, i + 1])) as Features;
    const vector = vectorOf(features);
    expect(vector).toHaveLength(MODEL_INPUTS.length);
    expect(vector.slice(0, FEATURE_NAMES.length)).toEqual(FEATURE_NAMES.map((_, i) => i + 1));
    const margin = features.margin;
    expect(vector[MODEL_INPUTS.indexOf('margin×coverage')]).toBe(margin * features.coverage);
    expect(vector[MODEL_INPUTS.indexOf('margin×answerType')]).toBe(margin * features.answerType);
    expect(MODEL_INPUTS).not.toContain('margin×margin');
  });
});
