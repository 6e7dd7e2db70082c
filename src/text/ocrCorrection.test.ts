import { describe, expect, it } from 'vitest';
import { buildOcrVocabulary, correctOcrText, ocrDistance } from './ocrCorrection.js';

const CLEAN = [
  'Nghị định này quy định về kiểm tra chuyên ngành. Căn cứ Nghị định số 174/2026/NĐ-CP.',
  'Kế hoạch thanh tra là văn bản xác định nhiệm vụ. Quyết định thanh tra phải bằng văn bản.',
  'Nghị định quy định chi tiết. Theo Nghị định của Chính phủ. Văn bản quy phạm pháp luật và văn bản hành chính.',
  'Người tiến hành thanh tra. Tiến hành thanh tra theo kế hoạch. Việc tiến hành thanh tra phải bảo đảm.',
  'phòng, chống tham nhũng; tham nhũng, tiêu cực; tham nhũng. Căn cứ Nghị định số 1. Căn cứ Nghị định số 2. Nghị định số 3. Các Bộ, cơ quan ngang Bộ. Bộ trưởng, Thủ trưởng cơ quan ngang Bộ.',
  'Viện kiểm sát nhân dân. Luật Đê điều. tìm kiếm thông tin.',
];

describe('correctOcrText', () => {
  const vocabulary = buildOcrVocabulary(CLEAN);

  it.each([
    ['Kế hoạch là văn bẳn xác định nhiệm vụ', 'Kế hoạch là văn bản xác định nhiệm vụ'],
    ['Căn cứ Nghị lịnh số 5', 'Căn cứ Nghị định số 5'],
    ['Người tiên hành thanh tra', 'Người tiến hành thanh tra'],
    ['phòng, chống tham những', 'phòng, chống tham nhũng'],
    ['phê duyỆt kế hoạch', 'phê duyệt kế hoạch'],
    ['các BỘ, CƠ quan ngang Bộ', 'các Bộ, cơ quan ngang Bộ'],
    ['Quyết định phải bằng văn bân', 'Quyết định phải bằng văn bản'],
  ])('%s → %s', (read, right) => {
    expect(correctOcrText(read, vocabulary).text).toBe(right);
  });

  it.each([
    'Viện kiểm sát nhân dân tối cao',
    'Luật Đê điều số 79/2006/QH11',
    'điểm c khoản 2 Điều 5 Nghị định số 174/2026/NĐ-CP',
    'Chương IV, UBND tỉnh, trên Internet',
    'ông Nguyễn Văn Xuyến',
  ])('leaves "%s" alone', (text) => {
    expect(correctOcrText(text, vocabulary)).toEqual({ text, corrections: [] });
  });

  it('without a vocabulary only mends misread capitals', () => {
    const { text, corrections } = correctOcrText('phê duyỆt văn bẳn', undefined);
    expect(text).toBe('phê duyệt văn bẳn');
    expect(corrections).toEqual([{ offset: 4, from: 'duyỆt', to: 'duyệt', reason: 'case' }]);
  });

  it('counts a changed mark as less than a changed letter', () => {
    expect(ocrDistance('bẳn', 'bản')).toBeCloseTo(0.4);
    expect(ocrDistance('lịnh', 'định')).toBeCloseTo(1);
    expect(ocrDistance('văn', 'văn')).toBe(0);
  });
});
