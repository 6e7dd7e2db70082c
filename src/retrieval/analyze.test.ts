import { describe, expect, it } from 'vitest';
import { intentsOf } from '../text/intents.js';
import { findLawMentions } from '../legal/reference.js';
import { syllables } from '../text/vietnamese.js';
import { legalContent, lexicalQueryOf, namingMask } from './analyze.js';
import { DEFAULT_RETRIEVER_SETTINGS } from './retriever.js';

const weights = { exact: 1, exactBigram: 0.5, folded: 0.15, foldedBigram: 0.15, intent: DEFAULT_RETRIEVER_SETTINGS.intentWeight, context: 0.5, story: 1 };
const queryOf = (question: string): Map<string, number> => lexicalQueryOf(question, legalContent(question), intentsOf(question), weights);

describe('lexical query', () => {
  it('drops the conversational wrapping and adds the intent words at a lower weight', () => {
    const query = queryOf('Cho em hỏi thời hạn thanh tra tối đa là bao lâu ạ?');
    expect(query.has('s:em')).toBe(false);
    expect(query.get('s:thanh')).toBe(1);
    expect(query.get('s:quá')).toBeGreaterThan(0);
    expect(query.get('s:quá')).toBeLessThan(1);
  });

  it('matches a question typed without diacritics on folded terms only', () => {
    const query = queryOf('nuoi ong lay mat');
    expect(query.get('f:nuoi')).toBe(1);
    expect(query.get('g:nuoi_ong')).toBe(1);
    expect([...query.keys()].some((term) => term.startsWith('s:'))).toBe(false);
  });
});

describe('legal content of a question', () => {
  it('drops a consequence frame when the act it asks about is left', () => {
    expect(legalContent('Giả mạo làm công an có bị truy cứu trách nhiệm hình sự không?').join(' ')).toBe('giả mạo làm công an');
    expect(legalContent('Con giết mẹ vì bị la rầy thì truy cứu trách nhiệm hình sự như thế nào?').join(' ')).toBe('con giết mẹ vì bị la rầy');
    expect(legalContent('Cướp tài sản làm chết người thì có bị truy cứu hình sự không?').join(' ')).toBe('cướp tài sản làm chết người');
  });

  it('drops the measure a yes/no question asks about: the act chooses the article', () => {
    expect(legalContent('Trang tin điện tử đăng tin giả bị xử phạt rồi, có bị buộc thu hồi tên miền không?').join(' ')).toBe('trang tin điện tử đăng tin giả bị xử phạt rồi');
    expect(legalContent('Quán net mở quá giờ thì có bị tịch thu máy tính không?').join(' ')).toBe('quán net mở quá giờ');
    // "bắt buộc" is a duty, not a measure.
    expect(legalContent('Kết luận thanh tra có bắt buộc phải công khai không?').join(' ')).toContain('bắt buộc');
  });

  it('keeps it when it is the subject, or nothing else would be left', () => {
    expect(legalContent('Tuổi chịu trách nhiệm hình sự là bao nhiêu?').join(' ')).toContain('chịu trách nhiệm hình sự');
    expect(legalContent('Trường hợp nào không bị truy cứu trách nhiệm hình sự?').join(' ')).toContain('truy cứu trách nhiệm hình sự');
  });

  it('leaves out the name of a law the question mentions: it points at a document, not an article', () => {
    expect(legalContent('Tội không chấp hành án được quy định như thế nào theo Bộ luật Hình sự 2015?').join(' ')).toBe('tội không chấp hành án được');
  });
});

describe('words that only name a text or a provision', () => {
  const named = (question: string): string => {
    const mask = namingMask(question, findLawMentions(question));
    return syllables(question).filter((_, i) => mask[i]).join(' ');
  };

  it('are the name of a law, a document number with its kind, and Điều/khoản/điểm with their numbers', () => {
    expect(named('Tấn công mạng được định nghĩa thế nào trong Luật An ninh mạng 2018?')).toBe('trong luật an ninh mạng 2018');
    expect(named('khoản 2 điều 11 nghị định 174/2026 còn hiệu lực không')).toBe('khoản 2 điều 11 nghị định 174/2026');
    expect(named('Theo NĐ 174/2026, doanh nghiệp dùng tài liệu giả bị phạt bao nhiêu?')).toBe('nđ 174/2026');
    expect(named('phụ lục I nghị định số 61/2026/NĐ-CP')).toBe('phụ lục i nghị định số 61/2026/nđ-cp');
  });

  it('leave the words of the question itself, even those a name also uses ("mạng", "điều")', () => {
    expect(named('Tấn công mạng bị xử lý thế nào?')).toBe('');
    expect(named('Điều kiện cấp giấy phép là gì?')).toBe('');
  });
});
