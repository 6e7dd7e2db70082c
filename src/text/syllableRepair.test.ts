import { describe, expect, it } from 'vitest';
import { repairGluedSyllables, splitGluedToken } from './syllableRepair.js';

describe('glued syllables from PDF extraction', () => {
  it.each([
    ['thủtục', 'thủ tục'],
    ['Nghịquyết', 'Nghị quyết'],
    ['vềtổ', 'về tổ'],
    ['chỉhành', 'chỉ hành'],
    ['nghịxử', 'nghị xử'],
    ['Thủtướng', 'Thủ tướng'],
  ])('%s → %s', (glued, split) => {
    expect(splitGluedToken(glued)).toBe(split);
  });

  it.each(['nghiêng', 'khuyến', 'giường', 'Internet', 'website', 'người', 'quyết', 'hoạt'])('leaves the real word %s alone', (word) => {
    expect(splitGluedToken(word)).toBe(word);
  });

  it('repairs inside running text', () => {
    expect(repairGluedSyllables('theo trình tự, thủtục do pháp luật quy định')).toBe('theo trình tự, thủ tục do pháp luật quy định');
  });
});
