import { describe, expect, it } from 'vitest';
import { coverage, foldedForCoverage, overlapScore, quotableSpans } from './coverage.js';

describe('quotableSpans', () => {
  it('gives each line as an exact span of the text, trimmed, short lines left out', () => {
    const text = '1. Thanh tra viên có quyền sau đây:\n   a) Yêu cầu cung cấp thông tin;  \n\nb)\nc) Lập biên bản.';
    const spans = quotableSpans(text);
    expect(spans.map((span) => span.text)).toEqual(['1. Thanh tra viên có quyền sau đây:', 'a) Yêu cầu cung cấp thông tin;', 'c) Lập biên bản.']);
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text);
  });

  it('cuts a long line into its sentences, each an exact span', () => {
    const sentence = 'Cơ quan thanh tra có trách nhiệm kiểm tra việc thực hiện kết luận thanh tra theo quy định của pháp luật';
    const line = `${sentence}. ${sentence}; ${sentence}! Câu cuối không có dấu chấm nhưng vẫn là một câu`;
    const text = `Điều 5. Trách nhiệm\n${line}`;
    expect(line.length).toBeGreaterThan(320);
    const spans = quotableSpans(text);
    expect(spans.map((span) => span.text)).toEqual(['Điều 5. Trách nhiệm', `${sentence}.`, `${sentence};`, `${sentence}!`, 'Câu cuối không có dấu chấm nhưng vẫn là một câu']);
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text);
  });
});

describe('coverage', () => {
  const even = (): number => 1;

  it('reads the law’s "không quá" as the question’s "tối đa"', () => {
    expect(foldedForCoverage('Thời hạn không quá 45 ngày')).toContain(' khong qua toi da 45 ');
    expect(coverage(['toi', 'da'], 'Thời hạn không quá 45 ngày', even)).toEqual({ terms: 1, pairs: 1 });
    expect(coverage(['toi', 'da'], 'Thời hạn là 45 ngày', even)).toEqual({ terms: 0, pairs: 0 });
  });

  it('weighs terms by how telling they are, and pairs by their two terms', () => {
    const weightOf = (term: string): number => (term === 'gia' ? 2 : 1);
    const found = coverage(['thoi', 'han', 'gia'], 'Thời hạn thanh tra', weightOf);
    // Terms: thoi + han of 1 + 1 + 2; pairs: "thoi han" (1) of "thoi han" (1) + "han gia" (1.5).
    expect(found.terms).toBeCloseTo(2 / 4, 10);
    expect(found.pairs).toBeCloseTo(1 / 2.5, 10);
  });

  it('counts whole words only, and a pair only when its words are adjacent', () => {
    expect(coverage(['tra'], 'trach nhiệm', even).terms).toBe(0);
    expect(coverage(['thanh', 'tra'], 'tra cứu thanh toán', even)).toEqual({ terms: 1, pairs: 0 });
  });

  it('falls back to the term share for a single term, and is 0 for no terms', () => {
    expect(coverage(['thanh'], 'thanh tra', even)).toEqual({ terms: 1, pairs: 1 });
    expect(coverage([], 'thanh tra', even)).toEqual({ terms: 0, pairs: 0 });
  });
});

describe('overlapScore', () => {
  it('is the mean of the term and pair shares', () => {
    const even = (): number => 1;
    expect(overlapScore(['thanh', 'tra', 'vien'], 'tra cứu thanh toán viện phí', even)).toBeCloseTo((1 + 0) / 2, 10);
    expect(overlapScore(['thanh', 'tra', 'vien'], 'Thanh tra viên', even)).toBe(1);
    expect(overlapScore(['thanh', 'tra'], 'x', even, ' thanh tra ')).toBe(1);
  });
});
