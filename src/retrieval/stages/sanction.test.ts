import { beforeAll, describe, expect, it } from 'vitest';
import { inspectionCorpus, tinyKnowledge } from '../../../test/tinyKnowledge.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { readSanctionClause } from '../../legal/sanctions.js';
import { Retriever } from '../retriever.js';
import { actTerms, applyAuthorityFocus, applyFineFocus, applySanctionBonus, bestAct, SanctionClauses } from './sanction.js';
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

describe('applyAuthorityFocus', () => {
  const hits = () => [
    { unit: { articleTitle: 'Vi phạm quy định về cung cấp dịch vụ trò chơi điện tử trên mạng' }, score: 1, reasons: {} as Record<string, number> },
    { unit: { articleTitle: 'Thẩm quyền xử phạt vi phạm hành chính của Thủ trưởng cơ quan chuyên môn' }, score: 0.95, reasons: {} as Record<string, number> },
  ];

  it('for who may sanction, lowers the articles that describe violations below the one on powers', () => {
    const ranked = applyAuthorityFocus(hits(), retriever.analyze('Giám đốc Sở có được xử phạt vi phạm về trò chơi điện tử trên mạng không?'), 0.9);
    expect(ranked[0]?.unit.articleTitle).toMatch(/^Thẩm quyền/u);
    expect(ranked[1]?.reasons['authority']).toBeCloseTo(-0.1);
  });

  it('leaves the order alone when the fine itself is asked, or no power is', () => {
    expect(applyAuthorityFocus(hits(), retriever.analyze('Ai có thẩm quyền xử phạt hành vi này, mức phạt tối đa bao nhiêu?'), 0.9)[0]?.score).toBe(1);
    expect(applyAuthorityFocus(hits(), retriever.analyze('Cung cấp trò chơi điện tử không phép bị phạt bao nhiêu?'), 0.9)[0]?.score).toBe(1);
  });
});

describe('applyFineFocus', () => {
  const CIRCULAR = '08/2030/TT-BKHCN';
  const DECREE = '174/2030/NĐ-CP';
  const hits = () => [
    { unit: { ref: { document: CIRCULAR } }, score: 1, reasons: {} as Record<string, number> },
    { unit: { ref: { document: DECREE } }, score: 0.95, reasons: {} as Record<string, number> },
  ];
  const setsFines = (document: string): boolean => document === DECREE;

  it('for a question that asks for a fine, lowers a text that sets none below the sanctioning decree', () => {
    const ranked = applyFineFocus(hits(), retriever.analyze('Tôi mượn căn cước của em trai để đăng ký SIM thì bị phạt bao nhiêu?'), setsFines, 0.8);
    expect(ranked[0]?.unit.ref.document).toBe(DECREE);
    expect(ranked[1]?.reasons['fineless']).toBeCloseTo(-0.2);
    expect(applyFineFocus(hits(), retriever.analyze('Đăng ký SIM bằng giấy tờ của người khác có bị phạt không?'), setsFines, 0.8)[0]?.unit.ref.document).toBe(DECREE);
  });

  it('leaves the order alone when no fine is asked, or the factor is 1', () => {
    expect(applyFineFocus(hits(), retriever.analyze('Thuê bao phải xác thực lại thông tin trong bao lâu?'), setsFines, 0.8)[0]?.score).toBe(1);
    expect(applyFineFocus(hits(), retriever.analyze('Đăng ký SIM hộ người khác bị phạt bao nhiêu?'), setsFines, 1)[0]?.score).toBe(1);
  });
});

describe('Retriever.setsFines', () => {
  it('knows a text with a fine clause from one without', () => {
    const withFines = knowledge.units.find((unit) => retriever.sanctions.of(knowledge.indexOf(unit.id) ?? -1)?.kind === 'fine');
    expect(withFines).toBeDefined();
    expect(retriever.setsFines(withFines?.ref.document ?? '')).toBe(true);
    const without = [...new Set(knowledge.units.map((unit) => unit.ref.document))].filter((document) => !retriever.setsFines(document));
    expect(without.length).toBeGreaterThan(0);
    expect(retriever.setsFines('99/2099/NĐ-CP')).toBe(false);
  });
});
