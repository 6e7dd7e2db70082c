import { describe, expect, it } from 'vitest';
import { askedQuantity, statesQuantity } from './quantities.js';

describe('askedQuantity: the kind of quantity a question asks for', () => {
  it.each([
    ['Doanh nghiệp phải đóng góp bao nhiêu phần trăm doanh thu vào Quỹ?', 'percent'],
    ['Mạng xã hội cho người từ đủ bao nhiêu tuổi đăng ký tài khoản?', 'age'],
    ['Bán SIM kích hoạt sẵn bị phạt bao nhiêu?', 'money'],
    ['le phi cap giay phep la bao nhieu', 'charge'],
    ['Nhà mạng được thu phí chuyển mạng giữ nguyên số tối đa bao nhiêu tiền một lần?', 'charge'],
    ['muc phat tien toi da doi voi ca nhan la bao nhieu', 'money'],
    ['Thanh tra sở được làm tối đa bao nhiêu ngày, gia hạn thêm bao nhiêu?', 'period'],
    ['Bồi thường tối đa bao nhiêu tiền khi mất thư?', 'charge'],
    // A sum asked of an act is a fine however it is worded: never a charge.
    ['Đăng ký SIM bằng giấy tờ người khác thì bị xử lý bao nhiêu tiền?', 'money'],
    ['dang ky sim ho nguoi khac phai nop bao nhieu tien', 'money'],
    ['Thời hạn thanh tra tối đa bao lâu?', 'period'],
    ['Kiến nghị phải được giải quyết trong bao nhiêu ngày?', 'period'],
    ['Thanh tra tỉnh được bố trí tối đa mấy Phó Chánh Thanh tra?', 'count'],
    ['Biên bản phải lập theo mẫu số mấy?', 'count'],
  ])('"%s" asks for a %s', (question, kind) => {
    expect(askedQuantity(question)).toBe(kind);
  });

  it('is undefined for a question that asks for no quantity', () => {
    expect(askedQuantity('Người tiến hành thanh tra gồm những ai?')).toBeUndefined();
    expect(askedQuantity('Kết luận thanh tra có phải công khai không?')).toBeUndefined();
  });
});

describe('statesQuantity: whether a provision states one of that kind', () => {
  it('reads shares, sums, periods and counts as the law writes them', () => {
    expect(statesQuantity('trích 30% số tiền thu hồi', 'percent')).toBe(true);
    expect(statesQuantity('Phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng', 'money')).toBe(true);
    expect(statesQuantity('trong thời hạn 15 ngày kể từ ngày nhận', 'period')).toBe(true);
    expect(statesQuantity('Thanh tra tỉnh có Chánh Thanh tra, không quá 03 Phó Chánh Thanh tra', 'count')).toBe(true);
  });

  it('reads a charge (a fee, a price, a compensation) only outside the fine clauses', () => {
    expect(statesQuantity('Mức thu phí là 50.000 đồng/lần.', 'charge')).toBe(true);
    expect(statesQuantity('1. Phạt tiền từ 10.000.000 đồng đến 20.000.000 đồng đối với hành vi sau:\na) Thu phí chuyển mạng sai quy định', 'charge')).toBe(false);
    expect(statesQuantity('1. Phạt tiền từ 10.000.000 đồng đến 20.000.000 đồng đối với hành vi sau:', 'money')).toBe(true);
  });

  it('is false when the provision states none of that kind', () => {
    expect(statesQuantity('Doanh nghiệp viễn thông có trách nhiệm đóng góp vào Quỹ Dịch vụ viễn thông công ích', 'percent')).toBe(false);
    expect(statesQuantity('Phạt tiền từ 30.000.000 đồng đến 40.000.000 đồng', 'age')).toBe(false);
    expect(statesQuantity('Kết luận thanh tra phải được công khai', 'period')).toBe(false);
  });

  it('reads a count next to what the question counts, not any number', () => {
    const deputies = 'Thanh tra tỉnh được bố trí tối đa mấy Phó Chánh Thanh tra?';
    expect(statesQuantity('Thanh tra tỉnh có Chánh Thanh tra, không quá 03 Phó Chánh Thanh tra', 'count', deputies)).toBe(true);
    expect(statesQuantity('Thanh tra tỉnh báo cáo trong thời hạn 15 ngày; Phó Chánh Thanh tra giúp Chánh Thanh tra', 'count', deputies)).toBe(false);
    const form = 'bien ban kiem tra lap theo mau so may';
    expect(statesQuantity('lập biên bản theo Mẫu số 05 tại Phụ lục', 'count', form)).toBe(true);
    expect(statesQuantity('lập thành 02 bản', 'count', form)).toBe(false);
    // "số máy" (a phone number) folds like "số mấy" but asks no form's number: any number will do.
    expect(statesQuantity('Gọi số 113', 'count', 'Số máy khẩn cấp công an là số mấy?')).toBe(true);
    // A question that does not say what it counts is read as before.
    expect(statesQuantity('gồm 05 người', 'count', 'Có mấy?')).toBe(true);
  });
});
