import { describe, expect, it } from 'vitest';
import { expandShorthand } from './shorthand.js';

describe('expandShorthand', () => {
  it('writes out chat shorthand, folded when the question has no diacritics so it is still restored as typed', () => {
    expect(expandShorthand('dn ko cong bo chat luong thi phat bn')).toBe('doanh nghiep khong cong bo chat luong thi phat bao nhieu');
    expect(expandShorthand('Doanh nghiệp ko công bố thì phạt bn?')).toBe('Doanh nghiệp không công bố thì phạt bao nhiêu?');
    expect(expandShorthand('dn cung cap dv cntt tren mxh')).toBe('doanh nghiep cung cap dich vu cong nghe thong tin tren mang xa hoi');
  });

  it('leaves references and document codes alone', () => {
    expect(expandShorthand('qđ 12/QĐ-UBND và k2 của qđ xử phạt')).toBe('qđ 12/QĐ-UBND và k2 của quyết định xử phạt');
    expect(expandShorthand('Quyết định 5/QD')).toBe('Quyết định 5/QD');
  });

  it('follows a loanword with the words the law uses for it, keeping the loanword', () => {
    expect(expandShorthand('Cho chơi game trên Facebook bị phạt bao nhiêu?')).toBe('Cho chơi game trò chơi điện tử trên Facebook mạng xã hội bị phạt bao nhiêu?');
    expect(expandShorthand('thue data center')).toBe('thue data center trung tam du lieu');
  });

  it('writes the law\'s words after the everyday ones inspectors use', () => {
    expect(expandShorthand('Quán net mở quá giờ, có phải nộp lại tiền lời không?')).toBe('Quán net điểm truy nhập internet công cộng mở quá giờ, có phải nộp lại tiền lời số lợi bất hợp pháp không?');
    expect(expandShorthand('ban sim rac thi phat bn')).toBe('ban sim rac SIM da duoc kich hoat san thi phat bao nhieu');
    // Matched as written when the question has diacritics: "hợp đồng của" is not "đóng cửa".
    expect(expandShorthand('Hợp đồng của doanh nghiệp')).toBe('Hợp đồng của doanh nghiệp');
    // Decomposed input (NFD) is read the same.
    expect(expandShorthand('tiệm game'.normalize('NFD'))).toBe('tiệm game trò chơi điện tử điểm cung cấp dịch vụ trò chơi điện tử công cộng');
  });

  it('changes nothing in a question without shorthand, nor inside longer words', () => {
    const question = 'Thời hạn thanh tra tối đa bao lâu? Kông ty, dnvtx, gameshow';
    expect(expandShorthand(question)).toBe(question);
  });
});
