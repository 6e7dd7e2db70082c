/**
 * What a legal question asks for, by its wording — a definition, a fine, a deadline, who has the
 * power, the documents of a file, ordered steps — and how the law words the same things: a
 * definition sits in "Giải thích từ ngữ", a maximum is written "không quá". Each cue and each
 * equivalence is written once, with diacritics; matching is on folded text, so questions typed
 * without diacritics are read the same way.
 */
import { foldDiacritics, normalizeText, syllables } from './vietnamese.js';

export type Intent = 'definition' | 'penalty' | 'deadline' | 'authority' | 'dossier' | 'maximum' | 'minimum' | 'steps' | 'additional' | 'remedial' | 'yesno' | 'validity' | 'effective' | 'transition' | 'prohibited';

interface IntentRule {
  intent: Intent;
  /** Phrases of the question that signal the intent. */
  cues: readonly string[];
  /** Words the provision that answers it usually carries, added to the search at a lower weight. */
  lawWords: string;
}

/**
 * How the law words what questions ask: the provision saying "không quá" answers "tối đa". Used
 * both to widen the search and to judge whether a provision covers the question.
 */
export const LEGAL_EQUIVALENTS: ReadonlyArray<{ asked: readonly string[]; written: readonly string[] }> = [
  { asked: ['tối đa', 'nhiều nhất'], written: ['không quá', 'không vượt quá'] },
  { asked: ['tối thiểu', 'ít nhất'], written: ['không dưới', 'ít nhất'] },
  // "sai quy định" in a question is what the law calls "không đúng quy định", "trái quy định", "vi phạm".
  { asked: ['sai'], written: ['không đúng', 'trái', 'vi phạm', 'trái phép'] },
];

const DEFINITION_CUES = ['là gì', 'định nghĩa', 'được giải thích', 'khái niệm', 'được hiểu', 'hiểu thế nào', 'hiểu như thế nào', 'thế nào là', 'thế nào được coi là'];

const INTENT_RULES: readonly IntentRule[] = [
  { intent: 'definition', cues: DEFINITION_CUES, lawWords: 'giải thích từ ngữ khái niệm là' },
  { intent: 'penalty', cues: ['phạt bao nhiêu', 'mức phạt', 'bị phạt', 'xử phạt'], lawWords: 'phạt tiền hành vi' },
  { intent: 'deadline', cues: ['bao lâu', 'thời hạn', 'mấy ngày', 'bao nhiêu ngày', 'mấy tháng', 'bao nhiêu tháng', 'trong vòng', 'hạn chót', 'chậm nhất là'], lawWords: 'thời hạn ngày' },
  // "X có được xử phạt không" asks whether X may fine (a power); "X có bị xử phạt không" asks whether X is fined.
  { intent: 'authority', cues: ['ai có thẩm quyền', 'cơ quan nào', 'thẩm quyền', 'có quyền xử phạt', 'được xử phạt', 'được quyền xử phạt', 'ai xử phạt', 'ai phạt', 'ai có quyền', 'ai được'], lawWords: 'thẩm quyền' },
  { intent: 'dossier', cues: ['hồ sơ', 'giấy tờ', 'thủ tục'], lawWords: 'hồ sơ gồm' },
  { intent: 'maximum', cues: LEGAL_EQUIVALENTS[0]?.asked ?? [], lawWords: 'không quá' },
  { intent: 'minimum', cues: LEGAL_EQUIVALENTS[1]?.asked ?? [], lawWords: (LEGAL_EQUIVALENTS[1]?.written ?? []).join(' ') },
  // When a text or a provision takes effect: every text says it in its article on entry into force.
  // Whether an act is forbidden: laws list them in their article on prohibited acts ("Các hành vi bị nghiêm cấm").
  { intent: 'prohibited', cues: ['bị cấm', 'có cấm', 'nghiêm cấm', 'cấm không', 'hành vi bị cấm'], lawWords: 'các hành vi bị nghiêm cấm' },
  // Which text applies to an act or a case while the law changed: the transitional provisions say.
  {
    intent: 'transition',
    cues: ['áp dụng nghị định nào', 'áp dụng luật nào', 'áp dụng văn bản nào', 'áp dụng quy định nào', 'theo nghị định nào', 'theo luật nào', 'theo văn bản nào', 'theo luật thanh tra nào', 'hay nghị định', 'hay nđ', 'hay luật'],
    lawWords: 'quy định chuyển tiếp',
  },
  { intent: 'effective', cues: ['có hiệu lực từ', 'có hiệu lực khi nào', 'có hiệu lực từ khi nào', 'có hiệu lực kể từ', 'bắt đầu có hiệu lực', 'có hiệu lực từ bao giờ', 'hiệu lực thi hành từ'], lawWords: 'hiệu lực thi hành kể từ ngày' },
];

/** Intents that widen no search but shape the answer. */
const SHAPE_RULES: ReadonlyArray<{ intent: Intent; cues: readonly string[] }> = [
  { intent: 'steps', cues: ['các bước', 'trình tự', 'quy trình', 'tiến hành như thế nào', 'thực hiện như thế nào', 'làm thế nào', 'làm gì'] },
  { intent: 'additional', cues: ['hình thức xử phạt bổ sung', 'phạt bổ sung', 'tịch thu', 'tước quyền', 'đình chỉ hoạt động', 'ngoài tiền phạt', 'ngoài phạt tiền', 'ngoài hình thức phạt tiền'] },
  { intent: 'remedial', cues: ['biện pháp khắc phục', 'khắc phục hậu quả', 'buộc'] },
  { intent: 'validity', cues: ['còn hiệu lực', 'hết hiệu lực', 'có hiệu lực', 'còn được áp dụng', 'còn áp dụng', 'bị bãi bỏ', 'đã bãi bỏ', 'còn giá trị', 'bị thay thế', 'được thay thế'] },
  { intent: 'yesno', cues: ['có được', 'được không', 'có phải', 'hay không', 'có bị', 'có cần', 'có phải là'] },
];

const folded = (text: string): string => ` ${foldDiacritics(normalizeText(text).toLowerCase()).replace(/[^a-z0-9đ/]+/gu, ' ').trim()} `;

/**
 * Words that fold to a cue of their own but mean something else: "bắt buộc" (mandatory) is not "buộc"
 * (a remedial measure), and neither is "bước" (a step: "mấy bước", "các bước", "bước nào"), which folds
 * the same. Joined into one token before a one-syllable cue is matched.
 */
const COMPOUNDS: ReadonlyArray<[RegExp, string]> = [
  [/ bat buoc(?= )/gu, ' batbuoc'],
  [/ (may|cac|nhung|tung|moi) buoc(?= )/gu, ' $1 step'],
  [/ buoc (nao|tiep|dau|cuoi|\d+)(?= )/gu, ' step $1'],
];

function hasCue(question: string, cues: readonly string[]): boolean {
  const text = folded(question);
  // A one-syllable cue is looked for with the compounds joined, so that it is not found inside one.
  const joined = COMPOUNDS.reduce((result, [compound, word]) => result.replace(compound, word), text);
  return cues.some((cue) => {
    const phrase = foldDiacritics(cue);
    return (phrase.includes(' ') ? text : joined).includes(` ${phrase} `);
  });
}

/** The intents a question's wording shows, in a stable order. */
export function intentsOf(question: string): Intent[] {
  const intents = [...INTENT_RULES, ...SHAPE_RULES].filter((rule) => hasCue(question, rule.cues)).map((rule) => rule.intent);
  // A question about who may fine names "xử phạt" as the power asked about, not as a fine to state.
  if (intents.includes('authority') && intents.includes('penalty') && !asksForFine(question)) return intents.filter((intent) => intent !== 'penalty');
  return intents;
}

/** Cues that ask for the fine itself, even in a question about who imposes it. */
const FINE_ASKED = ['phạt bao nhiêu', 'mức phạt', 'bị phạt', 'bị xử phạt', 'phạt tiền bao nhiêu'];

/** Whether the question asks for a fine (how much, or whether one is imposed): "bị phạt bao nhiêu", "có bị phạt không". */
export function asksForFine(question: string): boolean {
  return hasCue(question, FINE_ASKED);
}

/** Words added for the question's intents, at a lower weight than the question's own. */
export function intentLawWords(intents: readonly Intent[]): string {
  return INTENT_RULES.filter((rule) => intents.includes(rule.intent)).map((rule) => rule.lawWords).join(' ');
}

/** Folded text with the law's wordings mapped to how questions ask ("không quá" also reads "tối đa"). */
export function withAskedEquivalents(foldedPadded: string): string {
  let text = foldedPadded;
  for (const { asked, written } of LEGAL_EQUIVALENTS) {
    const askedWord = foldDiacritics(asked[0] ?? '');
    for (const phrase of written) text = text.replaceAll(` ${foldDiacritics(phrase)} `, ` ${foldDiacritics(phrase)} ${askedWord} `);
  }
  return text;
}

/** Every phrase that signals an intent, accented (diacritic restoration keeps them as asked). */
export const INTENT_CUES: readonly string[] = [...INTENT_RULES, ...SHAPE_RULES].flatMap((rule) => rule.cues);

/** The folded words of an intent's cues ("phạt bao nhiêu", "mức phạt" → phat, bao, nhieu, muc ...). */
export function cueWords(intent: Intent): string[] {
  const rule = [...INTENT_RULES, ...SHAPE_RULES].find((r) => r.intent === intent);
  return [...new Set((rule?.cues ?? []).flatMap((cue) => foldDiacritics(cue).split(' ')))];
}

/** Whether the question asks what a term means. */
export function isDefinitionQuestion(question: string): boolean {
  return hasCue(question, DEFINITION_CUES) || QUOTED_TERM_ASKED.test(normalizeText(question));
}

/** A term the question puts in quotation marks and asks about ("“tiếp cận thông tin” là làm gì", "phân biệt “A” với “B”"). */
const QUOTED_TERM_ASKED = /["“][^"“”]{2,80}["”]\s*(?:là(?!\p{L})|được hiểu|có nghĩa|nghĩa là|khác)|phân biệt\s*["“]/u;

const DEFINIENDUM_PATTERNS: readonly RegExp[] = [
  /^([^?.;:]+?) (?:duoc )?(?:dinh nghia|giai thich|hieu) (?:nhu )?(?:the nao|ra sao|la gi)/u,
  /(?:dinh nghia|khai niem)(?: (?:ve|cua))? ([^?.;:]+?)(?: (?:la gi|theo|duoc)\b.*)?[?.]?$/u,
  /the nao (?:duoc coi )?la ([^?.;:]+?)[?.]?$/u,
  /([^?.;:]+?) (?:duoc hieu|hieu)(?: nhu)? (?:the nao|la gi|ra sao)/u,
  /([^?.;:]+?) la gi\b/u,
];

/**
 * The term a definition question asks about, as folded syllables: "hoa lợi được hiểu như thế nào"
 * → [hoa, loi]; "Định nghĩa của “Cưỡng bức lao động”" → [cuong, buc, lao, dong]. Laws define a term
 * as "X là ...", so the unit that says "X là" is the answer. Undefined when the question is not a
 * definition question or the term is not short enough to be one (≤ 8 syllables).
 */
export function definiendum(question: string): string[] | undefined {
  if (!isDefinitionQuestion(question)) return undefined;
  const text = foldDiacritics(normalizeText(question).toLowerCase()).replace(/\s+/gu, ' ');
  const quoted = /["“”'‘’]([^"“”'‘’]{2,80})["“”'‘’]/u.exec(normalizeText(question));
  let term: string | undefined = quoted ? foldDiacritics(quoted[1] as string).toLowerCase() : undefined;
  if (!term) {
    for (const pattern of DEFINIENDUM_PATTERNS) {
      const match = pattern.exec(text);
      if (match?.[1]) {
        term = match[1];
        break;
      }
    }
  }
  if (!term) return undefined;
  const { bare, words } = termWords(term);
  // "Trách nhiệm của Bộ Y tế ... là gì" asks what a provision says, not what a term means.
  if (!quoted && (words.includes('cua') || /[,;]/u.test(bare))) return undefined;
  return words.length >= 1 && words.length <= 8 ? words : undefined;
}

/** A term without a leading source clause ("theo bộ luật dân sự 2015, ...") and what ends it ("… theo luật"), and its syllables without numbers. */
function termWords(term: string): { bare: string; words: string[] } {
  const bare = term.replace(/^\s*(?:theo|trong) [^,]*,\s*/u, '').replace(/ (?:theo|trong (?:bo )?luat|cua (?:bo )?luat) .*$/u, '');
  return { bare, words: syllables(bare).filter((w) => !/^\d+$/u.test(w)) };
}

/** "X gồm những ai / những gì / bao gồm những gì": the question asks what X comprises. */
const COMPRISED_PATTERN = /(?:^|, )([^?.;:,]+?) (?:bao )?gom (?:co )?(?:nhung )?(?:ai|gi|nguoi nao|thanh phan nao|loai nao|noi dung (?:gi|nao)|giay to (?:gi|nao)|tai lieu (?:gi|nao))(?: \p{L}+)?[?.]?$/u;

/**
 * The term a question asks the make-up of ("Người tiến hành thanh tra gồm những ai?" → [nguoi, tien,
 * hanh, thanh, tra]): laws define a term by what it comprises as often as by what it is ("X bao gồm
 * …", "Hồ sơ … gồm:"), so the unit that says "X gồm" answers it. Up to 12 syllables: what is
 * asked the make-up of is often a dossier's full name, and a longer phrase found whole is only surer.
 */
export function comprisedTerm(question: string): string[] | undefined {
  const text = foldDiacritics(normalizeText(question).toLowerCase()).replace(/\s+/gu, ' ').trim();
  const match = COMPRISED_PATTERN.exec(text);
  if (!match?.[1]) return undefined;
  const { words } = termWords(match[1]);
  if (words.includes('cua')) return undefined;
  return words.length >= 2 && words.length <= 12 ? words : undefined;
}

/** Whether the question asks for a list, a form or an appendix — what appendices hold. */
export function asksForList(question: string): boolean {
  return hasCue(question, ['phụ lục', 'danh mục', 'mẫu', 'biểu mẫu', 'mẫu số', 'danh sách']);
}

/** Who the question is about, when it says: fines differ for individuals and organisations. */
export function offenderOf(question: string): 'individual' | 'organisation' | undefined {
  const text = folded(question);
  if (/ (?:ca nhan|nguoi dan|ho kinh doanh) /u.test(text)) return 'individual';
  if (/ (?:to chuc|doanh nghiep|cong ty|nha mang|co quan bao chi) /u.test(text)) return 'organisation';
  return undefined;
}
