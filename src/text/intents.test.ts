import { describe, expect, it } from 'vitest';
import { comprisedTerm, definiendum, intentLawWords, intentsOf, offenderOf, withAskedEquivalents } from './intents.js';

describe('definiendum: the term a definition question asks about', () => {
  it('finds the term in the usual wordings, with or without diacritics', () => {
    expect(definiendum('Theo Bộ luật Dân sự 2015, hoa lợi được hiểu như thế nào?')).toEqual(['hoa', 'loi']);
    expect(definiendum('Định nghĩa của "Cưỡng bức lao động"?')).toEqual(['cuong', 'buc', 'lao', 'dong']);
    expect(definiendum('Thế nào là giao dịch dân sự vô hiệu theo quy định của Bộ luật Dân sự 2015?')).toEqual(['giao', 'dich', 'dan', 'su', 'vo', 'hieu']);
    expect(definiendum('thanh tra chuyen nganh la gi')).toEqual(['thanh', 'tra', 'chuyen', 'nganh']);
    expect(definiendum('Khái niệm về an ninh mạng?')).toEqual(['an', 'ninh', 'mang']);
    expect(definiendum('Tấn công mạng được định nghĩa thế nào trong Luật An ninh mạng 2018?')).toEqual(['tan', 'cong', 'mang']);
  });

  it('takes a term the question quotes and asks about, in any wording', () => {
    expect(definiendum('Theo luật thì “tiếp cận thông tin” là làm những việc gì?')).toEqual(['tiep', 'can', 'thong', 'tin']);
    expect(definiendum('NĐ 61/2026 phân biệt “phương tiện kỹ thuật” với “phương tiện nghiệp vụ” như thế nào?')).toEqual(['phuong', 'tien', 'ky', 'thuat']);
    expect(definiendum('Tôi đã gửi đơn “khiếu nại” từ tháng trước, bao giờ có kết quả?')).toBeUndefined();
  });

  it('leaves alone questions that only end in "là gì" and are not about a term', () => {
    expect(definiendum('Trách nhiệm của Bộ Y tế trong việc phòng, chống ma túy là gì?')).toBeUndefined();
    expect(definiendum('Tài sản mà chủ sở hữu đã từ bỏ quyền sở hữu đối với tài sản đó được gọi là gì?')).toBeUndefined();
    expect(definiendum('Thời hạn thanh tra tối đa bao lâu?')).toBeUndefined();
  });
});

const intentsLawWordsOf = (question: string): string => intentLawWords(intentsOf(question));

describe('intents: what a question asks for, by its wording', () => {
  it('reads "bắt buộc" (mandatory) as one word, not as the remedial "buộc"', () => {
    expect(intentsOf('Kết luận thanh tra có bắt buộc phải công khai không?')).not.toContain('remedial');
    expect(intentsOf('ket luan thanh tra co bat buoc cong khai khong')).not.toContain('remedial');
    expect(intentsOf('Trang tin đăng tin giả có bị buộc thu hồi tên miền không?')).toContain('remedial');
    // "bước" (a step) folds to the same syllable: a question about steps asks for no remedial measure.
    expect(intentsOf('Quy trình thanh tra gồm mấy bước?')).not.toContain('remedial');
    expect(intentsOf('trinh tu cac buoc thanh tra')).toEqual(['steps']);
  });

  it('reads intents with or without diacritics', () => {
    expect(intentsOf('Kích hoạt SIM sai quy định bị phạt bao nhiêu?')).toContain('penalty');
    expect(intentsOf('kich hoat sim sai quy dinh bi phat bao nhieu')).toContain('penalty');
    expect(intentsOf('Thời hạn thanh tra tối đa bao lâu?')).toEqual(expect.arrayContaining(['deadline', 'maximum']));
    expect(intentsOf('Cuộc thanh tra được kéo dài tối đa bao nhiêu ngày?')).toContain('deadline');
    expect(intentsOf('han chot nop bao cao la ngay nao')).toContain('deadline');
    expect(intentsOf('Các bước tiến hành một cuộc kiểm tra chuyên ngành?')).toContain('steps');
    expect(intentsOf('Thế nào là thanh tra chuyên ngành?')).toContain('definition');
    expect(intentsOf('Đoàn thanh tra gồm những ai?')).not.toContain('penalty');
  });

  it('tells a question about who may fine from one about the fine', () => {
    expect(intentsOf('Chánh Văn phòng Bộ có được xử phạt vi phạm về mạng xã hội không?')).toContain('authority');
    expect(intentsOf('Chánh Văn phòng Bộ có được xử phạt vi phạm về mạng xã hội không?')).not.toContain('penalty');
    expect(intentsOf('Ai có thẩm quyền xử phạt hành vi này, mức phạt tối đa bao nhiêu?')).toEqual(expect.arrayContaining(['authority', 'penalty']));
    expect(intentsOf('Doanh nghiệp có bị xử phạt không?')).toContain('penalty');
    expect(intentsOf('Doanh nghiệp có bị xử phạt không?')).not.toContain('authority');
  });

  it('reads a question about whether a text is in force', () => {
    expect(intentsOf('Luật Thanh tra 2022 còn hiệu lực không?')).toContain('validity');
    expect(intentsOf('nghi dinh 15/2020 con ap dung khong')).toContain('validity');
    expect(intentsOf('Thời hạn thanh tra tối đa bao lâu?')).not.toContain('validity');
  });

  it('reads a question about when a text takes effect, and adds the words of the article on entry into force', () => {
    expect(intentsOf('Nghị định 217/2025/NĐ-CP có hiệu lực từ khi nào?')).toContain('effective');
    expect(intentsOf('thong tu 08/2026 bat dau co hieu luc tu bao gio')).toContain('effective');
    expect(intentsLawWordsOf('Nghị định 217/2025/NĐ-CP có hiệu lực từ khi nào?')).toContain('hiệu lực thi hành');
    expect(intentsOf('Luật Thanh tra 2022 còn hiệu lực không?')).not.toContain('effective');
  });

  it('reads a question about which text applies while the law changed, and adds the words of the transitional provisions', () => {
    expect(intentsOf('Vi phạm từ tháng 3/2026 thì nay xử phạt theo nghị định nào?')).toContain('transition');
    expect(intentsOf('Áp dụng NĐ 15/2020 hay NĐ 174/2026 để xử phạt?')).toContain('transition');
    expect(intentsLawWordsOf('cuoc thanh tra nam 2023 thi ap dung luat nao')).toContain('chuyển tiếp');
    expect(intentsOf('Thời hạn thanh tra tối đa bao lâu?')).not.toContain('transition');
  });

  it('reads whether an act is forbidden, and adds the words of the article on prohibited acts', () => {
    expect(intentsOf('nd 61 dung may do chua kiem dinh co bi cam ko')).toContain('prohibited');
    expect(intentsLawWordsOf('Luật có nghiêm cấm việc này không?')).toContain('nghiêm cấm');
    expect(intentsOf('Doanh nghiệp có bị phạt không?')).not.toContain('prohibited');
  });

  it('adds the words the law uses for what is asked, once per intent', () => {
    expect(intentLawWords(['maximum'])).toBe('không quá');
    expect(intentLawWords(['minimum'])).toBe('không dưới ít nhất');
    expect(intentLawWords(['steps'])).toBe('');
  });

  it('reads a provision\'s wording the way questions ask ("không quá" answers "tối đa")', () => {
    expect(withAskedEquivalents(' thoi han khong qua 45 ngay ')).toContain(' toi da ');
    expect(withAskedEquivalents(' thuc hien khong dung quy dinh ')).toContain(' sai ');
    expect(withAskedEquivalents(' thoi han 45 ngay ')).not.toContain(' toi da ');
  });

  it('tells who the question is about', () => {
    expect(offenderOf('còn cá nhân thì sao?')).toBe('individual');
    expect(offenderOf('doanh nghiệp viễn thông bị phạt bao nhiêu')).toBe('organisation');
    expect(offenderOf('thời hạn thanh tra')).toBeUndefined();
  });
});

describe('comprisedTerm: the term a question asks the make-up of', () => {
  it('reads X in "X gồm những ai / bao gồm những gì", with or without diacritics, after a source clause', () => {
    expect(comprisedTerm('Người tiến hành thanh tra gồm những ai?')).toEqual(['nguoi', 'tien', 'hanh', 'thanh', 'tra']);
    expect(comprisedTerm('nguoi tien hanh thanh tra gom nhung ai')).toEqual(['nguoi', 'tien', 'hanh', 'thanh', 'tra']);
    expect(comprisedTerm('Theo Luật Thanh tra, Đoàn thanh tra gồm những ai?')).toEqual(['doan', 'thanh', 'tra']);
    expect(comprisedTerm('Hồ sơ đề nghị cấp giấy phép thiết lập mạng viễn thông gồm những gì?')).toEqual(syllablesOf('ho so de nghi cap giay phep thiet lap mang vien thong'));
  });

  it('is undefined for other questions, a term "của" something, or one syllable', () => {
    expect(comprisedTerm('Thời hạn thanh tra là bao lâu?')).toBeUndefined();
    expect(comprisedTerm('Trách nhiệm của Đoàn thanh tra gồm những gì?')).toBeUndefined();
    expect(comprisedTerm('Đoàn gồm những ai?')).toBeUndefined();
    expect(comprisedTerm('Doanh nghiệp gồm nhiều chi nhánh thì nộp hồ sơ ở đâu?')).toBeUndefined();
  });
});

function syllablesOf(text: string): string[] {
  return text.split(' ');
}
