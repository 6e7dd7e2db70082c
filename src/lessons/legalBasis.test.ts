import { describe, expect, it } from 'vitest';
import { lawUnit } from '../../test/tinyKnowledge.js';
import { textHashOf } from './legalBasis.js';

describe('textHashOf', () => {
  const first = lawUnit({ document: '10/2030/NĐ-CP', article: '3', clause: '1', text: '1. Thời hạn thanh tra không quá 45 ngày.' });
  const second = lawUnit({ document: '10/2030/NĐ-CP', article: '3', clause: '2', text: '2. Có thể gia hạn một lần.' });

  it('is a short hex digest that stays the same for the same text', () => {
    const hash = textHashOf([first, second]);
    expect(hash).toMatch(/^[0-9a-f]{20}$/u);
    expect(textHashOf([{ ...first }, { ...second }])).toBe(hash);
  });

  it('changes when any word of the text changes, or a unit is added or moved', () => {
    const hash = textHashOf([first, second]);
    expect(textHashOf([{ ...first, text: '1. Thời hạn thanh tra không quá 30 ngày.' }, second])).not.toBe(hash);
    expect(textHashOf([first])).not.toBe(hash);
    expect(textHashOf([second, first])).not.toBe(hash);
  });

  it('depends on the text only, not on where the unit is', () => {
    expect(textHashOf([{ ...first, id: 'moved', order: 99 }])).toBe(textHashOf([first]));
  });
});
