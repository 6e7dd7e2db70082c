import { describe, expect, it } from 'vitest';
import { DiacriticRestorer } from './diacritics.js';
import { foldDiacritics, syllables } from './vietnamese.js';

/** Syllable and pair counts of a few texts (units), as an index provides them. */
function restorerOf(texts: string[]): DiacriticRestorer {
  const syllableCounts = new Map<string, number>();
  const pairCounts = new Map<string, number>();
  for (const text of texts) {
    const tokens = syllables(text);
    for (const token of new Set(tokens)) syllableCounts.set(token, (syllableCounts.get(token) ?? 0) + 1);
    for (const pair of new Set(tokens.slice(1).map((token, i) => `${tokens[i]} ${token}`))) pairCounts.set(pair, (pairCounts.get(pair) ?? 0) + 1);
  }
  return new DiacriticRestorer({ syllableCounts: () => syllableCounts.entries(), pairCount: (first, second) => pairCounts.get(`${first} ${second}`) ?? 0 });
}

const restore = (restorer: DiacriticRestorer, question: string): string => restorer.restore(syllables(foldDiacritics(question))).join(' ');

describe('diacritics put back from the corpus', () => {
  const restorer = restorerOf([
    'Thời hạn thanh tra không quá 45 ngày.',
    'Thời hạn thanh tra được kéo dài một lần.',
    'Báo chí đưa tin về vụ buôn lậu; báo in phát hành hằng ngày.',
    'Cơ quan phải bảo vệ bí mật nhà nước.',
    'Bảo vệ bí mật nhà nước là trách nhiệm của mọi cơ quan.',
  ]);

  it('chooses, among the forms that fold alike, the ones the corpus puts together', () => {
    expect(restore(restorer, 'thoi han thanh tra')).toBe('thời hạn thanh tra');
    expect(restore(restorer, 'bao ve bi mat nha nuoc')).toBe('bảo vệ bí mật nhà nước');
    expect(restore(restorer, 'bao chi dua tin')).toBe('báo chí đưa tin');
  });

  it('pins the way people ask, which the law never writes ("bao lau" is not "báo lậu")', () => {
    expect(restore(restorer, 'thoi han thanh tra toi da bao lau')).toBe('thời hạn thanh tra tối đa bao lâu');
  });

  it('leaves syllables the corpus never saw as typed', () => {
    expect(restore(restorer, 'thoi han xyz')).toBe('thời hạn xyz');
  });
});

