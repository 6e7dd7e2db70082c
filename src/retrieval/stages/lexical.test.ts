import { beforeAll, describe, expect, it } from 'vitest';
import { inspectionCorpus, tinyKnowledge } from '../../../test/tinyKnowledge.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import type { QuestionAnalysis } from '../analyze.js';
import { addDocumentPrior, blendedScores, candidatesOf } from './lexical.js';

let knowledge: KnowledgeBase;
beforeAll(async () => {
  const { units, documents } = inspectionCorpus();
  knowledge = await tinyKnowledge(units, documents);
});

/** The only part of an analysis the lexical stage reads. */
function asking(terms: Record<string, number>): QuestionAnalysis {
  return { lexicalQuery: new Map(Object.entries(terms)) } as unknown as QuestionAnalysis;
}

// "quyết" occurs only in unit 3 (Điều 3 Khoản 2); unit 2 is the other Khoản of the same Điều.
const DECISION = asking({ 'f:quyet': 1 });

describe('blendedScores', () => {
  it('blends the unit’s BM25 with its article’s: a Khoản without the word inherits its Điều’s share', () => {
    const { scores, unitPart, articlePart } = blendedScores(DECISION, knowledge, { articleWeight: 0.6 });
    expect(scores[3]).toBeCloseTo(1, 6);
    expect(unitPart(3)).toBeCloseTo(0.4, 6);
    expect(articlePart(3)).toBeCloseTo(0.6, 6);
    expect(scores[2]).toBeCloseTo(0.6, 6);
    expect(unitPart(2)).toBe(0);
    for (const other of [0, 1, 4, 5, 6]) expect(scores[other]).toBe(0);
  });

  it('scores a unit that is not allowed 0', () => {
    const { scores, unitPart } = blendedScores(DECISION, knowledge, { articleWeight: 0.6 }, (doc) => doc !== 3);
    expect(scores[3]).toBe(0);
    expect(unitPart(3)).toBe(0);
    expect(scores[2]).toBeCloseTo(0.6, 6);
  });

  it('with article weight 0 gives the unit’s own BM25, unscaled', () => {
    const { scores, articlePart } = blendedScores(DECISION, knowledge, { articleWeight: 0 });
    const own = knowledge.bm25.scoreAll(DECISION.lexicalQuery);
    expect(Array.from(scores)).toEqual(Array.from(own));
    expect(scores[3]).toBeGreaterThan(0);
    expect(scores[2]).toBe(0);
    expect(articlePart(3)).toBe(0);
  });
});

describe('addDocumentPrior', () => {
  it('adds the document’s bonus to the units that matched, and only to them', () => {
    const scores = Float32Array.from([1, 0, 2]);
    const prior = addDocumentPrior(scores, Float64Array.from([0.5, 0.25]), Int32Array.from([0, 0, 1]));
    expect(Array.from(scores)).toEqual([1.5, 0, 2.25]);
    expect([prior(0), prior(1), prior(2)]).toEqual([0.5, 0, 0.25]);
  });

  it('changes nothing without a prior', () => {
    const scores = Float32Array.from([1, 0]);
    const prior = addDocumentPrior(scores, undefined, Int32Array.from([0, 0]));
    expect(Array.from(scores)).toEqual([1, 0]);
    expect(prior(0)).toBe(0);
  });
});

describe('candidatesOf', () => {
  it('keeps the best `depth` units with what their scores are made of, a zero prior left out', () => {
    const scores = Float32Array.from([0.2, 0, 0.9, 0.5]);
    const candidates = candidatesOf(scores, 2, { unitPart: (doc) => doc / 10, articlePart: () => 0.1, prior: (doc) => (doc === 2 ? 0.3 : 0) });
    expect(candidates).toEqual([
      { doc: 2, score: expect.closeTo(0.9, 6), reasons: { bm25Unit: 0.2, bm25Article: 0.1, documentPrior: 0.3 } },
      { doc: 3, score: expect.closeTo(0.5, 6), reasons: { bm25Unit: 0.3, bm25Article: 0.1 } },
    ]);
  });
});
