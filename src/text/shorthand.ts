/**
 * The shorthand people type in a chat window and the law never writes: "ko" for "không", "dc" for
 * "được", "dn" for "doanh nghiệp", "bn" for "bao nhiêu". Left as typed, "ko được tiếp cận" does not
 * meet "không được tiếp cận" in the text, and "phạt bn" is not read as asking for a fine. Each
 * shorthand is a whole word; only the unambiguous ones are listed ("tt" may be "thanh tra" or "thông
 * tư", "tb" "thuê bao" or "thông báo": left alone). A shorthand followed by a number is left alone
 * too, and so is one inside a document code: "k2", "qđ 12", "12/QĐ-UBND" are references, not words.
 * Everyday names and loanwords ("quán net", "tiền lời", "game", "cloud", "Facebook") keep their place and
 * are followed by the law's words for them ("điểm truy nhập Internet công cộng", "số lợi bất hợp pháp",
 * "trò chơi điện tử", "điện toán đám mây", "mạng xã hội").
 */
import { foldDiacritics, hasDiacritics } from './vietnamese.js';

/** Shorthand (lower case, as typed) → the words it stands for, with diacritics. */
const SHORTHAND: Readonly<Record<string, string>> = {
  ko: 'không',
  k0: 'không',
  khg: 'không',
  hok: 'không',
  dc: 'được',
  đc: 'được',
  dn: 'doanh nghiệp',
  dnvt: 'doanh nghiệp viễn thông',
  cty: 'công ty',
  dv: 'dịch vụ',
  dvvt: 'dịch vụ viễn thông',
  cntt: 'công nghệ thông tin',
  mxh: 'mạng xã hội',
  tmdt: 'thương mại điện tử',
  tmđt: 'thương mại điện tử',
  hdnd: 'hội đồng nhân dân',
  hđnd: 'hội đồng nhân dân',
  ttcp: 'thanh tra chính phủ',
  cq: 'cơ quan',
  cqnn: 'cơ quan nhà nước',
  ubnd: 'ủy ban nhân dân',
  bn: 'bao nhiêu',
  bnh: 'bao nhiêu',
  ntn: 'như thế nào',
  j: 'gì',
  vs: 'với',
  ng: 'người',
  mn: 'mọi người',
  sdt: 'số điện thoại',
  sđt: 'số điện thoại',
  dt: 'điện thoại',
  đt: 'điện thoại',
  vp: 'vi phạm',
  xp: 'xử phạt',
  xlvp: 'xử lý vi phạm',
  vphc: 'vi phạm hành chính',
  gp: 'giấy phép',
  hs: 'hồ sơ',
  tg: 'thời gian',
  sd: 'sử dụng',
  qđ: 'quyết định',
  qd: 'quyết định',
};

/**
 * How inspectors and citizens name things the law names otherwise (lower case, accented): everyday
 * names first ("tiệm game" before "game"), then loanwords. The law's words are written after the
 * everyday ones, which stay: the law may use them too ("SIM", "Internet", "website").
 */
const EVERYDAY_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['quán net', 'điểm truy nhập internet công cộng'],
  ['tiệm net', 'điểm truy nhập internet công cộng'],
  ['quán game', 'điểm cung cấp dịch vụ trò chơi điện tử công cộng'],
  ['tiệm game', 'điểm cung cấp dịch vụ trò chơi điện tử công cộng'],
  ['tiền lời', 'số lợi bất hợp pháp'],
  ['tiền thu lợi', 'số lợi bất hợp pháp'],
  ['báo mạng', 'báo điện tử'],
  ['sim rác', 'SIM đã được kích hoạt sẵn'],
  ['đóng cửa', 'đình chỉ hoạt động'],
  ['data center', 'trung tâm dữ liệu'],
  ['data centre', 'trung tâm dữ liệu'],
  ['game', 'trò chơi điện tử'],
  ['games', 'trò chơi điện tử'],
  ['website', 'trang thông tin điện tử'],
  ['web', 'trang thông tin điện tử'],
  ['cloud', 'điện toán đám mây'],
  ['app', 'ứng dụng'],
  ['email', 'thư điện tử'],
  ['spam', 'rác'],
  ['online', 'trên mạng'],
  ['facebook', 'mạng xã hội'],
  ['fb', 'mạng xã hội'],
  ['zalo', 'mạng xã hội'],
  ['tiktok', 'mạng xã hội'],
  ['youtube', 'mạng xã hội'],
  ['fanpage', 'mạng xã hội'],
  ['hacker', 'tấn công mạng'],
  ['server', 'máy chủ'],
];

/** The everyday names on whole words: as written in a question with diacritics, folded in one without. */
const EVERYDAY = EVERYDAY_NAMES.map(([everyday, law]) => {
  const words = (name: string): RegExp => new RegExp(`(?<![\\p{L}\\d])${name.replace(/ /gu, '\\s+')}(?![\\p{L}\\d])`, 'gu');
  return { accented: words(everyday), folded: words(foldDiacritics(everyday)), law };
});

/**
 * The question with the law's words written after each everyday name it uses. A question with
 * diacritics is matched as written ("đóng cửa" is not "hợp đồng của"), one without them folded.
 */
function withLawWords(question: string, accented: boolean): string {
  let text = question.normalize('NFC');
  for (const name of EVERYDAY) {
    const law = accented ? name.law : foldDiacritics(name.law);
    // Matched on the lower-cased text (the same length); inserted from the last match back so offsets hold.
    const ends = [...text.toLowerCase().matchAll(accented ? name.accented : name.folded)].map((found) => found.index + found[0].length);
    for (const end of ends.reverse()) text = `${text.slice(0, end)} ${law}${text.slice(end)}`;
  }
  return text;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The question with its shorthand written out and the law's words after everyday names: with
 * diacritics when the question has them, folded when it has none (so that diacritic restoration
 * still reads it as typed without them).
 */
export function expandShorthand(question: string): string {
  const accented = hasDiacritics(question);
  return withLawWords(question, accented).replace(WORD, (word: string, offset: number, text: string) => {
    const expansion = SHORTHAND[word.toLowerCase()];
    if (!expansion) return word;
    // "k2", "qđ 12/…", "12/QĐ-UBND": part of a reference or a document code, not a word (looked up in
    // the text being rewritten: the law's words inserted before it have moved the offsets).
    if (/^\s*\d|^[/-]/u.test(text.slice(offset + word.length, offset + word.length + 3)) || /[/-]$/u.test(text.slice(0, offset))) return word;
    return accented ? expansion : foldDiacritics(expansion);
  });
}
