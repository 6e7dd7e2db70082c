import { describe, expect, it } from 'vitest';
import { conversationSubject, leansOnPrevious, previousAnswer, type Turn } from './followUp.js';

const user = (content: string): Turn => ({ role: 'user', content });
const assistant = (content: string): Turn => ({ role: 'assistant', content });

describe('leansOnPrevious', () => {
  it.each(['còn cá nhân thì sao?', 'nếu tái phạm thì sao?', 'Thời hạn đó có được gia hạn không?', 'Thế còn doanh nghiệp?', 'con ca nhan thi sao', 'Ngoài tiền phạt còn bị gì nữa không?', 'phạt bao nhiêu?', 'phải công khai bằng những hình thức nào?', 'Có cần lập biên bản riêng cho từng hành vi không?'])(
    '"%s" leans on the previous turn',
    (message) => {
      expect(leansOnPrevious(message)).toBe(true);
    },
  );

  it.each(['Thời hạn của một cuộc thanh tra hành chính do Thanh tra Bộ tiến hành là bao lâu?', 'Bán SIM đã kích hoạt sẵn thông tin thuê bao bị phạt bao nhiêu tiền?'])('"%s" stands on its own', (message) => {
    expect(leansOnPrevious(message)).toBe(false);
  });
});

describe('conversationSubject', () => {
  const first = 'Bán SIM đã kích hoạt sẵn thông tin thuê bao bị phạt bao nhiêu tiền?';

  it('is the last question when it stands on its own', () => {
    const second = 'Thời hạn của một cuộc thanh tra hành chính là bao lâu?';
    expect(conversationSubject([user(first), assistant('Phạt từ 30.000.000 đồng …'), user(second), assistant('45 ngày …')])).toBe(second);
  });

  it('chains a follow-up to the question before it, leaving the answers out', () => {
    const history = [user(first), assistant('Tổ chức bị phạt từ 30.000.000 đồng …'), user('  còn cá nhân thì sao? '), assistant('Cá nhân bằng 1/2 …')];
    expect(conversationSubject(history)).toBe(`${first} còn cá nhân thì sao?`);
  });

  it('is undefined before the user has asked anything', () => {
    expect(conversationSubject([])).toBeUndefined();
    expect(conversationSubject([assistant('Xin chào'), user('   ')])).toBeUndefined();
  });
});

describe('previousAnswer', () => {
  it('is the last answer of the conversation, whatever was asked after it', () => {
    expect(previousAnswer([user('a?'), assistant('Phạt tiền (Điều 34 Nghị định số 174/2026/NĐ-CP)'), user('b?'), assistant(' 45 ngày ')])).toBe('45 ngày');
    expect(previousAnswer([user('a?')])).toBeUndefined();
  });
});
