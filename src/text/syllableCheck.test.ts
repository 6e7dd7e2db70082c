import { describe, expect, it } from 'vitest';
import { checkSyllables, isVietnameseSyllable } from './syllableCheck.js';

describe('isVietnameseSyllable', () => {
  it.each(['nghiêng', 'khuyến', 'giường', 'người', 'quyết', 'hoạt', 'Điều', 'khoản', 'điểm', 'QUỐC', 'HỘI', 'gìn', 'giữ', 'quốc', 'yêu', 'khuya', 'xoong', 'thuở', 'oách', 'huỳnh', 'lý', 'lí', 'hòa', 'hoà', 'ngoằn', 'tuyệt', 'chuyện', 'gì', 'gi', 'ở', 'ạ'])(
    'accepts %s',
    (token) => expect(isVietnameseSyllable(token)).toBe(true),
  );

  it.each([
    ['m', 'a lone consonant'],
    ['vă', 'ă without a final'],
    ['giị', 'i after gi'],
    ['ạữ', 'two tone marks'],
    ['cat', 'a stop final without sắc or nặng'],
    ['ngìn', 'ng before i'],
    ['kan', 'k before a'],
    ['ghà', 'gh before a'],
    ['tàiả', 'a letter glued after a syllable'],
    ['tiêp', 'a stop final with the ngang tone'],
    ['hoât', 'oâ is no rhyme'],
    ['Internet', 'a foreign word'],
    ['lịnhh', 'a doubled final'],
  ])('rejects %s (%s)', (token) => expect(isVietnameseSyllable(token)).toBe(false));
});

describe('checkSyllables', () => {
  it('does not count numbers, codes, roman numerals, Điểm letters or known words', () => {
    const text = 'Chương IV. Luật số 84/2025/QH15, Nghị định số 174/2026/NĐ-CP và Công văn 4074/BTTTT-TTra; điểm a, b và c khoản 2; a) trên Internet, website; UBND tỉnh.';
    const report = checkSyllables(text);
    expect(report.nonSyllables).toEqual([]);
    expect(report.tokens).toBeGreaterThan(20);
  });

  it('lists the garbage that a broken text layer leaves', () => {
    const report = checkSyllables('Thời gia nạt m dừng thanh tra; tài sản b t m giị ạữ; vă nả b n');
    expect(report.nonSyllables).toEqual(['m', 'b', 't', 'm', 'giị', 'ạữ', 'vă', 'b', 'n']);
    expect(report.share).toBeCloseTo(9 / 18, 5);
  });

  it('accepts words the caller knows', () => {
    expect(checkSyllables('hệ thống VNeID và mã OTP', { knownWords: new Set(['vneid']) }).nonSyllables).toEqual([]);
    expect(checkSyllables('hệ thống VNeID').nonSyllables).toEqual(['VNeID']);
  });

  it('is zero for an empty text', () => {
    expect(checkSyllables('  12 ; 3.4 ')).toEqual({ tokens: 0, nonSyllables: [], share: 0 });
  });
});
