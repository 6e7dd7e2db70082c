import { describe, expect, it } from 'vitest';
import { lawUnit } from '../../test/tinyKnowledge.js';
import { locateQuote, verifyDraft, verifyNumbers } from './verify.js';

const LAW = '84/2025/QH15';
const DURATION = lawUnit({
  document: LAW,
  article: '47',
  clause: '1',
  documentType: 'Luật',
  text: '1. Thời hạn thanh tra\nkhông quá 45 ngày; trường hợp phức tạp thì có thể kéo dài nhưng không quá 70 ngày.',
});
const TEAM = lawUnit({ document: LAW, article: '20', clause: '2', documentType: 'Luật', text: '2. Đoàn thanh tra gồm Trưởng đoàn thanh tra và các thành viên.' });

describe('locateQuote', () => {
  it('finds a quote that differs from the text only in white space, and returns the text’s own span', () => {
    const span = locateQuote(DURATION.text, 'Thời hạn thanh tra  không quá 45 ngày');
    expect(span).toBe('Thời hạn thanh tra\nkhông quá 45 ngày');
    expect(DURATION.text).toContain(span);
  });

  it('strips the quotation marks a model wraps around a quote', () => {
    expect(locateQuote(TEAM.text, '“Đoàn thanh tra gồm Trưởng đoàn thanh tra”')).toBe('Đoàn thanh tra gồm Trưởng đoàn thanh tra');
  });

  it('refuses a quote that is not verbatim, or too short to mean anything', () => {
    expect(locateQuote(DURATION.text, 'Thời hạn thanh tra không quá 30 ngày')).toBeUndefined();
    expect(locateQuote(DURATION.text, 'thời hạn thanh tra không quá 45 ngày')).toBeUndefined();
    expect(locateQuote(DURATION.text, '45 ngày')).toBeUndefined();
  });

  it('reads characters of regular expressions in a quote literally', () => {
    const text = 'Mức phạt (a) áp dụng cho tổ chức [x] và cá nhân.';
    expect(locateQuote(text, 'Mức phạt (a) áp dụng  cho tổ chức [x]')).toBe('Mức phạt (a) áp dụng cho tổ chức [x]');
    expect(locateQuote(text, 'Mức phạt (.) áp dụng cho tổ chức')).toBeUndefined();
  });
});

describe('verifyDraft', () => {
  const sources = [TEAM, DURATION];
  const drafts = [
    { n: 1, quote: 'Đoàn thanh tra gồm Trưởng đoàn thanh tra và các thành viên' },
    { n: 2, quote: 'Thời hạn thanh tra không quá 45 ngày' },
  ];

  it('keeps supported sentences, renumbers markers in order of first use, and cites the exact spans', () => {
    const verified = verifyDraft('Thời hạn thanh tra không quá 45 ngày [2]. Đoàn do Trưởng đoàn dẫn đầu [1].', drafts, sources);
    expect(verified.answer).toBe('Thời hạn thanh tra không quá 45 ngày [1]. Đoàn do Trưởng đoàn dẫn đầu [2].');
    expect(verified.citations.map((c) => [c.n, c.unit.id, c.quote])).toEqual([
      [1, DURATION.id, 'Thời hạn thanh tra\nkhông quá 45 ngày'],
      [2, TEAM.id, 'Đoàn thanh tra gồm Trưởng đoàn thanh tra và các thành viên'],
    ]);
    expect(verified.removed).toEqual([]);
  });

  it('removes a sentence whose marker points to no source, or to a quote that is not verbatim', () => {
    const wrongQuote = [drafts[0] as (typeof drafts)[number], { n: 2, quote: 'Thời hạn thanh tra không quá 60 ngày' }];
    const verified = verifyDraft('Đoàn do Trưởng đoàn dẫn đầu [1]. Thời hạn là 60 ngày [2]. Có thể gia hạn [5].', wrongQuote, sources);
    expect(verified.answer).toBe('Đoàn do Trưởng đoàn dẫn đầu [1].');
    expect(verified.removed).toEqual(['Thời hạn là 60 ngày [2].', 'Có thể gia hạn [5].']);
    expect(verified.citations.map((c) => c.unit.id)).toEqual([TEAM.id]);
  });

  it('removes a sentence that names a provision or a document not among the sources, even with a valid marker', () => {
    const answer = [
      'Thời hạn thanh tra không quá 45 ngày theo Điều 47 Luật Thanh tra [2].',
      'Theo Điều 99 Luật Thanh tra thì phải báo cáo [2].',
      'Khoản 3 Điều 47 cho phép gia hạn [2].',
      'Nghị định 15/2020/NĐ-CP cũng quy định như vậy [1].',
      'Điều 20 quy định đoàn thanh tra.',
    ].join(' ');
    const verified = verifyDraft(answer, drafts, sources);
    expect(verified.answer).toBe('Thời hạn thanh tra không quá 45 ngày theo Điều 47 Luật Thanh tra [1].');
    expect(verified.removed).toEqual([
      'Theo Điều 99 Luật Thanh tra thì phải báo cáo [2].',
      'Khoản 3 Điều 47 cho phép gia hạn [2].',
      'Nghị định 15/2020/NĐ-CP cũng quy định như vậy [1].',
      // A sentence that names a provision must carry a marker.
      'Điều 20 quy định đoàn thanh tra.',
    ]);
  });

  it('gives no answer when no citation survives', () => {
    const verified = verifyDraft('Thời hạn là 60 ngày [2].', [{ n: 2, quote: 'không quá 60 ngày thanh tra' }], sources);
    expect(verified).toEqual({ answer: '', citations: [], removed: ['Thời hạn là 60 ngày [2].'] });
  });

  it('takes the first valid quote when a marker is quoted twice', () => {
    const twice = [{ n: 1, quote: 'Đoàn thanh tra gồm Trưởng đoàn thanh tra' }, { n: 1, quote: 'Trưởng đoàn thanh tra và các thành viên' }];
    const verified = verifyDraft('Đoàn có Trưởng đoàn [1].', twice, sources);
    expect(verified.citations).toHaveLength(1);
    expect(verified.citations[0]?.quote).toBe('Đoàn thanh tra gồm Trưởng đoàn thanh tra');
  });
});

describe('verifyNumbers', () => {
  const units: Record<string, { text: string }> = {
    fine: { text: 'Phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng đối với tổ chức.' },
    deadline: { text: 'Thời hạn 45 ngày, kể từ ngày 01/7/2026.' },
  };
  const citations = [
    { n: 1, unitId: 'fine' },
    { n: 2, unitId: 'deadline' },
  ];
  const check = (sentence: string): boolean => verifyNumbers(sentence, citations, (id) => units[id]);

  it('accepts numbers and dates that occur in a unit the sentence cites', () => {
    expect(check('Tổ chức bị phạt từ 30.000.000 đến 40.000.000 đồng [1].')).toBe(true);
    expect(check('Thời hạn là 45 ngày kể từ ngày 01/7/2026 [2].')).toBe(true);
  });

  it('refuses a number that its cited unit does not state, even when another source does', () => {
    expect(check('Tổ chức bị phạt từ 30.000.000 đến 50.000.000 đồng [1].')).toBe(false);
    expect(check('Thời hạn là 45 ngày [1].')).toBe(false);
    expect(check('Có hiệu lực từ ngày 01/7/2025 [2].')).toBe(false);
  });

  it('reads a sentence without markers against every cited unit, and never counts the markers as numbers', () => {
    expect(check('Thời hạn là 45 ngày, mức phạt đến 40.000.000 đồng.')).toBe(true);
    expect(check('Thời hạn là 46 ngày.')).toBe(false);
    expect(verifyNumbers('Mức phạt theo quy định [7].', [{ n: 7, unitId: 'fine' }], (id) => units[id])).toBe(true);
  });

  it('does not take the numbers of a reference for claims: they name a source', () => {
    expect(check('Điều 7 Luật Tần số vô tuyến điện số 42/2009/QH12 đã bị bãi bỏ bởi Khoản 1 Điều 62 Luật Thanh tra số 84/2025/QH15 [1].')).toBe(true);
    expect(check('Theo Điểm c Khoản 7 Điều 34, tổ chức bị phạt đến 40.000.000 đồng [1].')).toBe(true);
    expect(check('Theo Điều 34, tổ chức bị phạt đến 45.000.000 đồng [1].')).toBe(false);
  });

  it('refuses a number when the cited unit cannot be found', () => {
    expect(verifyNumbers('Thời hạn 45 ngày [1].', [{ n: 1, unitId: 'missing' }], (id) => units[id])).toBe(false);
  });
});
