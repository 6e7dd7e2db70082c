/**
 * The kind of quantity a question asks for — a share ("bao nhiêu phần trăm"), an age ("mấy tuổi"), a
 * sum of money ("phạt bao nhiêu", "lệ phí bao nhiêu"), a period ("bao lâu", "bao nhiêu ngày") or a
 * count ("mấy Phó Chánh Thanh tra", "mẫu số mấy") — and whether a provision states a quantity of that
 * kind at all. A provision that states none cannot answer the question, however many of its words it
 * shares: the answer-type check of question answering, written as Vietnamese asks and as the law
 * writes. Questions are matched folded, so those typed without diacritics are read the same way.
 */
import { foldDiacritics, normalizeText } from './vietnamese.js';

export type QuantityKind = 'percent' | 'age' | 'money' | 'charge' | 'period' | 'count';

/** How questions ask for each kind (folded, space-padded text), the most specific kind first. */
const ASKED: ReadonlyArray<{ kind: QuantityKind; cues: RegExp }> = [
  { kind: 'percent', cues: / (?:bao nhieu|may) (?:phan tram|%)| ty le (?:\S+ ){0,3}(?:bao nhieu|la bao nhieu)/u },
  { kind: 'age', cues: / (?:bao nhieu|may) tuoi | do tuoi /u },
  {
    kind: 'money',
    cues: / phat (?:tien )?(?:bao nhieu|may)| muc phat | (?:bao nhieu|may) (?:tien|dong|trieu)| (?:le phi|phi|gia cuoc|gia ban|gia dich vu|muc gia|muc thu|muc chi|muc luong|muc von|boi thuong|tien thuong) (?:\S+ ){0,4}(?:bao nhieu|la bao nhieu)/u,
  },
  { kind: 'period', cues: / bao lau | (?:bao nhieu|may) (?:ngay|thang|nam|gio|tuan) | thoi han (?:\S+ ){0,4}(?:bao nhieu|bao lau)/u },
  { kind: 'count', cues: / (?:bao nhieu|may) (?:nguoi|thanh vien|lan|ban|pho|tham phan|hoi tham|can bo|cap|loai|buoc|giai doan) | (?:mau|so) (?:so )?may /u },
];

/** How the law states each kind. */
const STATED: Record<QuantityKind, RegExp> = {
  percent: /%|phần trăm/u,
  age: /tuổi/u,
  money: /\d[\d.,]*\s*(?:đồng|triệu đồng|tỷ đồng)|lần mức|\d\/\d mức/u,
  charge: /\d[\d.,]*\s*(?:đồng|triệu đồng|tỷ đồng)/u,
  period: /\d+\s*(?:ngày|tháng|năm|giờ|tuần)(?!\p{L})|(?<!\p{L})(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+(?:ngày|tháng|năm|giờ)|(?<!\p{L})ngay(?!\p{L})|kịp thời/u,
  count: /\d|(?<!\p{L})(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?!\p{L})|không (?:quá|dưới)/u,
};

const folded = (text: string): string => ` ${foldDiacritics(normalizeText(text).toLowerCase()).replace(/[^a-z0-9%]+/gu, ' ').trim()} `;

/** Words that name a sum other than a fine: a fee, a price, a charge, a compensation, a reward, a salary, capital (folded). */
const CHARGE_WORDS = / (?:le phi|phi|gia cuoc|gia ban|gia dich vu|muc gia|cuoc|muc thu|muc chi|boi thuong|tien thuong|boi duong|muc luong|luong|muc von|von) /u;

/**
 * The kind of quantity a question asks for, when it asks for one. A sum asked of something the
 * question names as a fee, a price, a compensation or a reward, without a word of a fine ("phí chuyển
 * mạng bao nhiêu tiền", "bồi thường tối đa bao nhiêu tiền"), is a charge: a fine clause's sums do not
 * answer it. A sum asked of an act ("bị xử lý bao nhiêu tiền", "phải nộp bao nhiêu") stays a sum.
 */
export function askedQuantity(question: string): QuantityKind | undefined {
  const text = folded(question);
  const kind = ASKED.find(({ cues }) => cues.test(text))?.kind;
  return kind === 'money' && CHARGE_WORDS.test(text) && !/ phat /u.test(text) ? 'charge' : kind;
}

/** A line (or a part between semicolons) of a fine clause ("Phạt tiền từ … đồng", "Mức phạt tiền tối đa …"): its sums are fines. */
const FINE_SENTENCE = /[^;\n]*phạt tiền[^;\n]*/giu;

/** Whether a provision's text states a quantity of the kind asked; a count, next to what is counted when the question says what. */
export function statesQuantity(text: string, kind: QuantityKind, question?: string): boolean {
  // A fee, a price, a compensation or a reward is a sum the law states outside its fines.
  if (kind === 'charge') return STATED.charge.test(text.replace(FINE_SENTENCE, ' '));
  if (kind === 'count' && question) {
    const counted = countedThing(question);
    if (counted) return counted.test(folded(text));
  }
  return STATED[kind].test(text);
}

const NUMBER = '(?:\\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)';

/**
 * What a count question counts, as the law would state its number: "mấy Phó Chánh Thanh tra" → a
 * number then "pho" ("không quá 03 Phó Chánh Thanh tra"), "mẫu số mấy" → "mẫu số" then a number. A
 * count is written next to what it counts; a provision whose only numbers count something else does
 * not answer. Undefined when the question does not say what it counts.
 */
function countedThing(question: string): RegExp | undefined {
  const text = folded(question);
  // "mẫu số mấy" asks a form's number; a bare "số máy" (a phone number) folds the same and asks nothing.
  if (/ mau (?:so )?may /u.test(text)) return / mau (?:so )?\d/u;
  if (/ so may /u.test(text)) return undefined;
  const noun = / (?:bao nhieu|may) (\S+) /u.exec(text)?.[1];
  return noun ? new RegExp(` ${NUMBER} (?:${NUMBER} )?${noun} `, 'u') : undefined;
}
