import { describe, expect, it } from 'vitest';
import { consequenceMask, contentTerms, questionWordMask, wrappingMask } from './conversational.js';
import { syllables } from './vietnamese.js';

/** The syllables a mask marks. */
const marked = (tokens: readonly string[], mask: readonly boolean[]): string[] => tokens.filter((_, i) => mask[i]);

describe('wrappingMask', () => {
  it('marks courtesy around the question, typed with or without diacritics', () => {
    const tokens = syllables('Thưa luật sư, cho em hỏi thời hạn thanh tra như thế nào ạ');
    expect(marked(tokens, wrappingMask(tokens))).toEqual(['thưa', 'luật', 'sư', 'cho', 'em', 'hỏi', 'như', 'thế', 'nào', 'ạ']);
    const plain = syllables('cho em hoi thoi han thanh tra');
    expect(marked(plain, wrappingMask(plain))).toEqual(['cho', 'em', 'hoi']);
  });

  it('marks "ạ" only as the last word: the letter of a Điểm stays', () => {
    const tokens = syllables('Cho tôi hỏi điểm a khoản 2 quy định gì');
    expect(marked(tokens, wrappingMask(tokens))).toEqual(['cho', 'tôi', 'hỏi']);
    const ending = syllables('điểm a khoản 2 ạ');
    expect(wrappingMask(ending)).toEqual([false, false, false, false, true]);
  });
});

describe('questionWordMask', () => {
  it('marks the question words and a stated year', () => {
    const tokens = syllables('Năm 2024 thời hạn thanh tra là bao lâu');
    expect(marked(tokens, questionWordMask(tokens))).toEqual(['năm', '2024', 'bao', 'lâu']);
  });

  it('leaves a number that is not a year, and a year not introduced by "năm" or "ngày"', () => {
    const tokens = syllables('phạt 2024 đồng khoản 2');
    expect(questionWordMask(tokens).every((masked) => !masked)).toBe(true);
  });
});

describe('consequenceMask', () => {
  it('marks a consequence frame when enough of the question is left', () => {
    const tokens = syllables('Giả mạo làm công an thì có bị truy cứu trách nhiệm hình sự không?');
    expect(marked(tokens, consequenceMask(tokens))).toEqual(['thì', 'có', 'bị', 'truy', 'cứu', 'trách', 'nhiệm', 'hình', 'sự', 'không']);
  });

  it('keeps the frame when it is nearly all the question says', () => {
    const tokens = syllables('Có bị truy cứu trách nhiệm hình sự không?');
    expect(consequenceMask(tokens).some(Boolean)).toBe(false);
  });

  it('counts words already masked as gone when deciding', () => {
    const tokens = syllables('cho em hỏi làm giả thì có bị xử lý hình sự không');
    const wrapping = wrappingMask(tokens);
    expect(consequenceMask(tokens, wrapping).some(Boolean)).toBe(false);
    expect(consequenceMask(tokens).some(Boolean)).toBe(true);
  });
});

describe('contentTerms', () => {
  it('keeps the folded content words once each, in order', () => {
    expect(contentTerms('Cho em hỏi thời hạn thanh tra là bao lâu ạ?')).toEqual(['thoi', 'han', 'thanh', 'tra']);
    expect(contentTerms('Thanh tra viên và thanh tra chuyên ngành khác gì nhau?')).toEqual(['thanh', 'tra', 'vien', 'chuyen', 'nganh', 'khac', 'nhau']);
  });

  it('reads a question typed without diacritics the same', () => {
    expect(contentTerms('cho em hoi thoi han thanh tra bao lau a')).toEqual(['thoi', 'han', 'thanh', 'tra']);
  });
});
