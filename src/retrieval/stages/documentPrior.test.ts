import { beforeAll, describe, expect, it } from 'vitest';
import { INSPECTION_DECREE, SANCTION_DECREE, inspectionCorpus, tinyKnowledge } from '../../../test/tinyKnowledge.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { Retriever } from '../retriever.js';
import { documentOrdinals, documentPrior, nameTerms, type DocumentOrdinals } from './documentPrior.js';

let knowledge: KnowledgeBase;
let retriever: Retriever;
let ordinals: DocumentOrdinals;
const SETTINGS = { mentionWeight: 0.3, mentionDensityWeight: 0.6 };

beforeAll(async () => {
  const { units, documents } = inspectionCorpus();
  knowledge = await tinyKnowledge(units, documents);
  retriever = new Retriever(knowledge);
  ordinals = documentOrdinals(knowledge);
});

describe('nameTerms', () => {
  it('keeps the folded words and pairs of a law’s name, never the exact forms', () => {
    const terms = nameTerms('an ninh mang');
    expect([...terms.keys()].sort()).toEqual(['f:an', 'f:mang', 'f:ninh', 'g:an_ninh', 'g:ninh_mang']);
    expect(nameTerms('an ninh mang an ninh').get('f:ninh')).toBe(2);
  });
});

describe('documentOrdinals', () => {
  it('numbers documents in order of first appearance, for every unit and every article row', () => {
    expect(ordinals.names).toEqual([INSPECTION_DECREE, SANCTION_DECREE]);
    expect(Array.from(ordinals.unitDocument)).toEqual([0, 0, 0, 0, 0, 1, 1]);
    // Article rows: Điều 1, 2, 3 (two Khoản), 4 of the first decree, Điều 5 of the second.
    expect(Array.from(ordinals.articleDocument)).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('documentPrior', () => {
  it('gives the whole bonus to the document the question names by number', () => {
    const prior = documentPrior(retriever.analyze('Theo Nghị định 20/2031/NĐ-CP thì bán SIM bị phạt bao nhiêu?'), knowledge, ordinals, SETTINGS);
    expect(Array.from(prior ?? [])).toEqual([0, 0.3]);
  });

  it('spreads the bonus by density when the named law is not in the corpus: the text about it gets the most', () => {
    const prior = documentPrior(retriever.analyze('Theo Luật Viễn thông thì bán SIM bị phạt bao nhiêu?'), knowledge, ordinals, SETTINGS);
    expect(prior?.[1]).toBeCloseTo(0.6, 10);
    expect(prior?.[0]).toBeLessThan(0.3);
  });

  it('gives none when the question names no law, or when its weight is 0', () => {
    expect(documentPrior(retriever.analyze('Thời hạn thanh tra là bao lâu?'), knowledge, ordinals, SETTINGS)).toBeUndefined();
    expect(documentPrior(retriever.analyze('Theo Nghị định 20/2031/NĐ-CP thì bán SIM bị phạt bao nhiêu?'), knowledge, ordinals, { mentionWeight: 0, mentionDensityWeight: 0.6 })).toBeUndefined();
  });
});
