import { describe, expect, it } from 'vitest';
import { clip, DURATION } from './shortAnswer.js';

/** Longest sentence clip keeps (SENTENCE_CHARS in shortAnswer.ts), without the ellipses it adds. */
const LIMIT = 280;
const CLAUSE = 'cơ quan thanh tra có trách nhiệm kiểm tra việc thực hiện kết luận thanh tra';

describe('clip', () => {
  it('keeps a short span whole, without the punctuation that ends a list item', () => {
    expect(clip('  Thời hạn thanh tra không quá 45 ngày;  ')).toBe('Thời hạn thanh tra không quá 45 ngày');
    expect(clip('Thanh tra viên có quyền sau đây:')).toBe('Thanh tra viên có quyền sau đây');
  });

  it('cuts a long span at a boundary, never past the limit, and says it did', () => {
    const text = Array.from({ length: 8 }, (_, i) => `${CLAUSE} lần ${i + 1}`).join(', ');
    expect(text.length).toBeGreaterThan(LIMIT);
    const clipped = clip(text);
    expect(clipped.endsWith('…')).toBe(true);
    const kept = clipped.slice(0, -1);
    expect(kept.length).toBeLessThanOrEqual(LIMIT);
    expect(kept.length).toBeGreaterThan(80);
    expect(text.startsWith(kept)).toBe(true);
    // It ends where the text has a boundary: the next character is a comma, a semicolon or a space.
    expect(text.charAt(kept.length)).toMatch(/[,; ]/u);
  });

  it('never cuts inside a word', () => {
    const text = `${'thanh tra '.repeat(40)}kết thúc`;
    const kept = clip(text).slice(0, -1);
    expect(kept.length).toBeLessThanOrEqual(LIMIT);
    expect(kept.split(' ').every((word) => word === 'thanh' || word === 'tra')).toBe(true);
  });

  it('moves the window to keep what must be kept (a duration far into the span)', () => {
    const text = `${Array.from({ length: 6 }, (_, i) => `${CLAUSE} lần ${i + 1}`).join(', ')}, thời hạn không quá 45 ngày kể từ ngày ký, ${CLAUSE}`;
    expect(text.search(DURATION)).toBeGreaterThan(LIMIT);
    const clipped = clip(text, DURATION);
    expect(clipped).toContain('45 ngày');
    expect(clipped.startsWith('…')).toBe(true);
    expect(clipped.endsWith('…')).toBe(true);
    const kept = clipped.slice(1, -1);
    expect(kept.length).toBeLessThanOrEqual(LIMIT);
    expect(text).toContain(kept);
  });

  it('keeps the start when what must be kept is near it', () => {
    const text = `Thời hạn 45 ngày, ${Array.from({ length: 6 }, () => CLAUSE).join(', ')}`;
    const clipped = clip(text, DURATION);
    expect(clipped.startsWith('Thời hạn 45 ngày')).toBe(true);
  });
});
