import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRESH_SETS, isFresh, loadQuestionSet, QUESTIONS_DIR } from './questionSet.js';

describe('the in-house answer question set', () => {
  const questions = loadQuestionSet();

  it('is large and varied enough to be honest, and every question has its one split', () => {
    const answerable = questions.filter((q) => q.answerable);
    const near = questions.filter((q) => q.kind === 'unanswerable-near');
    expect(questions.length).toBeGreaterThanOrEqual(200);
    expect(questions.length - answerable.length).toBeGreaterThanOrEqual(40);
    expect(near.length * 2).toBeGreaterThanOrEqual(questions.length - answerable.length);
    for (const split of ['dev', 'test'] as const) {
      const kinds = new Set(questions.filter((q) => q.split === split).map((q) => q.kind));
      expect(kinds.size).toBe(13);
    }
    const split = JSON.parse(fs.readFileSync(path.join(QUESTIONS_DIR, 'split.json'), 'utf8')) as { dev: string[]; test: string[] };
    expect(split.dev.filter((id) => split.test.includes(id))).toEqual([]);
  });

  it('has fresh sets whose questions sit on both sides of the split', () => {
    expect(FRESH_SETS.length).toBeGreaterThan(0);
    for (const set of FRESH_SETS) {
      const fresh = questions.filter((q) => q.id.startsWith(`${set}-`));
      expect(fresh.filter((q) => q.split === 'dev' && q.answerable).length).toBeGreaterThanOrEqual(50);
      expect(fresh.filter((q) => q.split === 'test').length).toBeGreaterThanOrEqual(50);
    }
    expect(isFresh(`${FRESH_SETS[0] ?? ''}-001`)).toBe(true);
    expect(isFresh('a-001')).toBe(false);
  });
});
