import { beforeAll, describe, expect, it } from 'vitest';
import { inspectionCorpus, tinyKnowledge } from '../../../test/tinyKnowledge.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { readSanctionClause } from '../../legal/sanctions.js';
import { Retriever } from '../retriever.js';
import { actTerms, applySanctionBonus, bestAct, SanctionClauses } from './sanction.js';
import type { Candidate } from './types.js';

let knowledge: KnowledgeBase;
let retriever: Retriever;
beforeAll(async () => {
  const { units, documents } = inspectionCorpus();
  knowledge = await tinyKnowledge(units, documents);
  retriever = new Retriever(knowledge);
});

describe('actTerms', () => {
  it('keeps the words of the act and drops the words of asking about a fine', () => {
    const terms = actTerms(retriever.analyze('Bán SIM đã kích hoạt sẵn bị phạt bao nhiêu tiền?'));
    expect(terms).toEqual(expect.arrayContaining(['ban', 'sim', 'kich', 'hoat', 'san']));
    for (const asking of ['phat', 'bao', 'nhieu', 'tien', 'bi']) expect(terms).not.toContain(asking);
  });
});

describe('bestAct', () => {
  const fine = (): Extract<NonNullable<ReturnType<typeof readSanctionClause>>, { kind: 'fine' }> => {
    const clause = readSanctionClause(knowledge.units[5] ?? { text: '', points: [] });
    if (clause?.kind !== 'fine') throw new Error('Điều 5 Khoản 1 should read as a fine clause');
    return clause;
  };
  const even = (): number => 1;

  it('picks the Điểm whose act the question describes', () => {
    const selling = bestAct(fine(), actTerms(retriever.analyze('Bán SIM có sẵn thông tin bị phạt bao nhiêu?')), even);
    expect(selling?.act.point).toBe('a');
    expect(selling?.score).toBeGreaterThan(0);
    const registering = bestAct(fine(), actTerms(retriever.analyze('Đăng ký thông tin khi không được ủy quyền thì phạt bao nhiêu?')), even);
    expect(registering?.act.point).toBe('b');
    expect(registering?.act.text).toMatch(/^Đăng ký thông tin thuê bao/u);
  });

  it('scores 0 when no word of the act is asked about', () => {
    expect(bestAct(fine(), ['giai', 'trinh'], even)?.score).toBe(0);
  });
});

describe('applySanctionBonus', () => {
  const candidates = (): Candidate[] => [
    { doc: 6, score: 1, reasons: {} },
    { doc: 5, score: 0.9, reasons: {} },
    { doc: 2, score: 0.8, reasons: {} },
  ];

  it('lifts the fine clause whose act matches a penalty question, and only it', () => {
    const ranked = applySanctionBonus(candidates(), retriever.analyze('Bán SIM có sẵn thông tin thuê bao bị phạt bao nhiêu?'), new SanctionClauses(knowledge), retriever.weightOf, { sanctionWeight: 0.3 });
    expect(ranked[0]?.doc).toBe(5);
    expect(ranked[0]?.reasons.sanction).toBeGreaterThan(0.1);
    expect(ranked[0]?.reasons.sanction).toBeLessThanOrEqual(0.3);
    expect(ranked.filter((c) => c.reasons.sanction !== undefined).map((c) => c.doc)).toEqual([5]);
  });

  it('does nothing for a question that does not ask about a penalty', () => {
    const ranked = applySanctionBonus(candidates(), retriever.analyze('Bán SIM có sẵn thông tin thuê bao là gì?'), new SanctionClauses(knowledge), retriever.weightOf, { sanctionWeight: 0.3 });
    expect(ranked.map((c) => c.doc)).toEqual([6, 5, 2]);
  });
});
