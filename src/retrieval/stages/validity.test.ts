import { describe, expect, it } from 'vitest';
import { lawUnit } from '../../../test/tinyKnowledge.js';
import type { ValidityVerdict } from '../../legal/validity.js';
import type { Candidate } from './types.js';
import { applyValidity, type UnitStanding, type ValiditySettings } from './validity.js';

const SETTINGS: ValiditySettings = { expiredFactor: 0.5, unknownStatusFactor: 0.7, amendedFactor: 0.3, appendixFactor: 0.2, unrecognisedFactor: 0.1 };
const IN_FORCE: ValidityVerdict = { status: 'còn hiệu lực', inForce: true, note: 'Còn hiệu lực' };
const EXPIRED: ValidityVerdict = { status: 'hết hiệu lực', inForce: false, note: 'Hết hiệu lực' };
const UNKNOWN: ValidityVerdict = { status: 'không rõ', inForce: true, note: 'Chưa rõ' };
const NOT_YET: ValidityVerdict = { status: 'chưa có hiệu lực', inForce: false, note: 'Chưa có hiệu lực' };

function standing(doc: number, fields: Partial<UnitStanding> = {}): UnitStanding {
  return {
    unit: lawUnit({ document: '10/2030/NĐ-CP', article: String(doc + 1), text: `Nội dung điều ${doc + 1}.` }),
    validity: IN_FORCE,
    superseded: false,
    knowledge: false,
    unaskedAppendix: false,
    unrecognised: false,
    ...fields,
  };
}

/** Every candidate scores 1, so each hit's score is its factor. */
function factors(standings: ReadonlyArray<UnitStanding | undefined>): Map<number, { score: number; validity: number | undefined }> {
  const candidates: Candidate[] = standings.map((_, doc) => ({ doc, score: 1, reasons: { lexical: 1 } }));
  const hits = applyValidity(candidates, (doc) => standings[doc], SETTINGS);
  return new Map(hits.map((hit) => [hit.index, { score: hit.score, validity: hit.reasons.validity }]));
}

describe('applyValidity', () => {
  it('multiplies by the factor of each reason a unit ranks lower, and states it', () => {
    const result = factors([
      standing(0),
      standing(1, { validity: EXPIRED }),
      standing(2, { validity: UNKNOWN }),
      standing(3, { superseded: true }),
      standing(4, { unaskedAppendix: true }),
      standing(5, { unrecognised: true }),
      standing(6, { superseded: true, validity: UNKNOWN }),
    ]);
    expect(result.get(0)).toEqual({ score: 1, validity: undefined });
    expect(result.get(1)).toEqual({ score: 0.5, validity: 0.5 });
    expect(result.get(2)).toEqual({ score: 0.7, validity: 0.7 });
    expect(result.get(3)).toEqual({ score: 0.3, validity: 0.3 });
    expect(result.get(4)).toEqual({ score: 0.2, validity: 0.2 });
    expect(result.get(5)).toEqual({ score: 0.1, validity: 0.1 });
    expect(result.get(6)?.score).toBeCloseTo(0.21, 10);
  });

  it('an expired text takes the expired factor alone, whatever else is said of it', () => {
    const result = factors([standing(0, { validity: EXPIRED, superseded: true, unrecognised: true })]);
    expect(result.get(0)).toEqual({ score: 0.5, validity: 0.5 });
  });

  it('a lesson, guide or verified answer gets no factor, even with an unknown status', () => {
    const result = factors([standing(0, { knowledge: true, validity: UNKNOWN, unrecognised: true })]);
    expect(result.get(0)).toEqual({ score: 1, validity: undefined });
  });

  it('leaves out a text not yet in force and a candidate with no unit', () => {
    const result = factors([standing(0, { validity: NOT_YET }), undefined, standing(2)]);
    expect([...result.keys()]).toEqual([2]);
  });

  it('returns the hits best first with their units and verdicts, the lexical reasons kept', () => {
    const standings = [standing(0, { validity: EXPIRED }), standing(1)];
    const hits = applyValidity(
      [
        { doc: 0, score: 1, reasons: { bm25Unit: 1 } },
        { doc: 1, score: 0.8, reasons: { bm25Unit: 0.8 } },
      ],
      (doc) => standings[doc],
      SETTINGS,
    );
    expect(hits.map((hit) => [hit.index, hit.unit.ref.article, hit.validity.status, hit.exact])).toEqual([
      [1, '2', 'còn hiệu lực', false],
      [0, '1', 'hết hiệu lực', false],
    ]);
    expect(hits[1]?.reasons).toEqual({ bm25Unit: 1, validity: 0.5 });
  });
});
