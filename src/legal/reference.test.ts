import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/vietnamese.js';
import { findLawMentions, formatReference, parseReference, resolveDocument } from './reference.js';

const documents = [
  { number: '174/2026/NĐ-CP', type: 'Nghị định' as const, title: 'Nghị định quy định xử phạt ...', issued: '2026-05-15' },
  { number: '84/2025/QH15', type: 'Luật' as const, title: 'Luật Thanh tra', issued: '2025-06-25' },
  { number: '11/2022/QH15', type: 'Luật' as const, title: 'Luật Thanh tra', issued: '2022-11-14' },
  { number: '08/2026/TT-BKHCN', type: 'Thông tư' as const, title: 'Thông tư hướng dẫn ...', issued: '2026-03-31' },
];

function resolved(text: string, asOf?: string) {
  const parsed = parseReference(text);
  const document = parsed.document ? resolveDocument(parsed.document, documents, asOf ? { asOf } : {}) : undefined;
  return { article: parsed.article, clause: parsed.clause, point: parsed.point, document };
}

describe('parseReference', () => {
  it.each([
    ['điểm a khoản 2 điều 5 nđ 174/2026', { point: 'a', clause: '2', article: '5', document: '174/2026/NĐ-CP' }],
    ['diem a khoan 2 dieu 5 nd 174/2026', { point: 'a', clause: '2', article: '5', document: '174/2026/NĐ-CP' }],
    ['k2 đ11 174/2026/nđ-cp', { point: undefined, clause: '2', article: '11', document: '174/2026/NĐ-CP' }],
    ['Đ.47 Luật Thanh tra 2025', { point: undefined, clause: undefined, article: '47', document: '84/2025/QH15' }],
    ['Điều 47 Luật Thanh tra 2022', { point: undefined, clause: undefined, article: '47', document: '11/2022/QH15' }],
    ['khoản 2 điều 11 nghị định 174/2026', { point: undefined, clause: '2', article: '11', document: '174/2026/NĐ-CP' }],
    ['điểm đ khoản 1 Điều 1 Nghị định số 174/2026/NĐ-CP', { point: 'đ', clause: '1', article: '1', document: '174/2026/NĐ-CP' }],
    ['dieu 3 thong tu 08/2026', { point: undefined, clause: undefined, article: '3', document: '08/2026/TT-BKHCN' }],
    ['nghi dinh 174 dieu 117', { point: undefined, clause: undefined, article: '117', document: '174/2026/NĐ-CP' }],
  ])('%s', (text, expected) => {
    expect(resolved(text)).toEqual(expected);
  });

  it('a law named without year resolves to the one in force on the date asked', () => {
    expect(resolved('Điều 20 Luật Thanh tra', '2024-06-01').document).toBe('11/2022/QH15');
    expect(resolved('Điều 20 Luật Thanh tra', '2025-08-01').document).toBe('84/2025/QH15');
  });

  it('a cross-reference inside a sentence refers to the same document', () => {
    const parsed = parseReference('quy định tại khoản 2 Điều 5 Nghị định này');
    expect(parsed.document?.self).toBe(true);
    expect(resolveDocument(parsed.document ?? {}, documents, { currentDocument: '174/2026/NĐ-CP' })).toBe('174/2026/NĐ-CP');
  });

  it('"luật" inside another word names no law: kỷ luật, pháp luật, quy luật, luật sư', () => {
    for (const question of ['Thủ trưởng không ban hành nội quy thì bị kỷ luật thế nào?', 'theo pháp luật hiện hành thì sao', 'luật sư có được tham gia không', 'quy luật cung cầu là gì']) {
      expect(parseReference(question).document, question).toBeUndefined();
    }
    expect(parseReference('theo Bộ luật Hình sự 2015').document).toMatchObject({ name: 'hinh su', year: '2015' });
  });

  it('a question is not a pure reference, a reference is', () => {
    expect(parseReference('k2 đ11 174/2026/nđ-cp').isPureReference).toBe(true);
    expect(parseReference('kích hoạt SIM sai quy định bị phạt bao nhiêu theo nghị định 174').isPureReference).toBe(false);
  });
});

describe('formatReference', () => {
  it('writes the official order and case', () => {
    expect(formatReference({ document: '174/2026/NĐ-CP', article: '5', clause: '2', point: 'a' }, 'Nghị định')).toBe(
      'Điểm a Khoản 2 Điều 5 Nghị định số 174/2026/NĐ-CP',
    );
    expect(formatReference({ document: '84/2025/QH15', article: '47', clause: '1' }, 'Luật', 'Luật Thanh tra')).toBe('Khoản 1 Điều 47 Luật Thanh tra số 84/2025/QH15');
  });

  it.each([
    [{ document: '174/2026/NĐ-CP', article: '5', clause: '2', point: 'đ' }],
    [{ document: '174/2026/NĐ-CP', article: '93a' }],
    [{ document: '08/2026/TT-BKHCN', article: '3', clause: '1' }],
    [{ document: '84/2025/QH15', article: '47' }],
  ])('round-trips %j', (ref) => {
    const text = formatReference(ref);
    const back = resolved(text);
    expect({ document: back.document, article: back.article, clause: back.clause, point: back.point }).toEqual({
      document: ref.document,
      article: ref.article,
      clause: 'clause' in ref ? ref.clause : undefined,
      point: 'point' in ref ? ref.point : undefined,
    });
  });
});

describe('findLawMentions: laws a question names by name', () => {
  const names = (question: string) => findLawMentions(question).map((m) => ({ name: m.mention.name, year: m.mention.year }));

  it('does not take "kỷ luật", "quy luật" or "điều luật" for a law', () => {
    expect(findLawMentions('hình thức kỷ luật khiển trách')).toEqual([]);
    expect(findLawMentions('vi pham ky luat lao dong')).toEqual([]);
  });

  it('finds the name, its year, and where the words are', () => {
    const question = 'Tội không chấp hành án được quy định như thế nào theo Bộ luật Hình sự 2015?';
    const [found] = findLawMentions(question);
    expect(found?.mention).toEqual({ name: 'hinh su', type: 'Bộ luật', year: '2015' });
    expect(normalizeText(question).toLowerCase().slice(found?.start, found?.end)).toBe('theo bộ luật hình sự 2015');
    expect(names('Một người vi phạm luật an ninh mạng khi tuyên truyền, xuyên tạc về đối tượng nào?')).toEqual([{ name: 'an ninh mang', year: undefined }]);
    expect(names('Theo quy định của Luật Phòng, chống ma túy thì người nghiện bị xử lý ra sao?')).toEqual([{ name: 'phong chong ma tuy', year: undefined }]);
    // With accents, "vệ" and "trọng" are name words, not the stop words "về" and "trong".
    expect(names('Theo Luật Bảo vệ môi trường 2020, ai phải lập báo cáo?')).toEqual([{ name: 'bao ve moi truong', year: '2020' }]);
    expect(names('thoi han thanh tra theo luat thanh tra nam 2025 la bao lau')).toEqual([{ name: 'thanh tra', year: '2025' }]);
  });

  it('ends a name where a question about its validity begins, with or without diacritics', () => {
    expect(names('Luật Thanh tra 2022 còn hiệu lực không?')).toEqual([{ name: 'thanh tra', year: '2022' }]);
    expect(names('luat thanh tra 2022 con hieu luc khong')).toEqual([{ name: 'thanh tra', year: '2022' }]);
    expect(names('Luật Di sản văn hóa vẫn còn áp dụng chứ?')).toEqual([{ name: 'di san van hoa', year: undefined }]);
  });

  it('is not fooled by lawyers, "pháp luật", "luật này" or legal notions such as "luật áp dụng"', () => {
    expect(names('Thưa luật sư, tôi có đăng ký kết hôn theo pháp luật nhưng nay muốn ly hôn')).toEqual([]);
    expect(names('Luật này có hiệu lực khi nào?')).toEqual([]);
    expect(names('Điều nào dưới đây nằm trong luật áp dụng giải quyết tranh chấp được quy định trong Luật Trọng tài thương mại?')).toEqual([
      { name: 'trong tai thuong mai', year: undefined },
    ]);
  });
});

describe('appendices', () => {
  it('parses and formats an appendix by its number, in the official order', () => {
    const parsed = parseReference('phụ lục XI nghị định 61/2026');
    expect(parsed.appendix).toBe('XI');
    expect(parsed.isPureReference).toBe(true);
    expect(parsed.document?.partialNumber).toBe('61/2026');
    expect(formatReference({ document: '61/2026/NĐ-CP', appendix: 'XI' }, 'Nghị định')).toBe('Phụ lục XI Nghị định số 61/2026/NĐ-CP');
    expect(formatReference({ document: '155/2026/NĐ-CP', appendix: '' }, 'Nghị định')).toBe('Phụ lục Nghị định số 155/2026/NĐ-CP');
    expect(parseReference(formatReference({ document: '61/2026/NĐ-CP', appendix: 'XI' }, 'Nghị định')).appendix).toBe('XI');
  });
});
