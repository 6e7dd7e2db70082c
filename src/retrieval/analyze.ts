/**
 * Everything known about a question, worked out once and passed down to every ranking stage and to
 * the answer: the question with its diacritics put back, its legal words without the conversational
 * wrapping and without the name of a law it mentions, what it asks for (intents), the term a
 * definition question asks about, the document or provision it names, and a time it states.
 */
import { findLawMentions, parseReference, type DocumentMention, type KnownDocument, type LawMention, type ParsedReference } from '../legal/reference.js';
import { timeInQuestion, type TimeInQuestion } from '../legal/timeInQuestion.js';
import { consequenceMask, contentTerms, questionWordMask, wrappingMask } from '../text/conversational.js';
import type { DiacriticRestorer } from '../text/diacritics.js';
import { asksForList, comprisedTerm, definiendum, intentLawWords, intentsOf, offenderOf, type Intent } from '../text/intents.js';
import { expandShorthand } from '../text/shorthand.js';
import { termsOfTokens } from '../text/terms.js';
import { foldDiacritics, hasDiacritics, normalizeText, syllables } from '../text/vietnamese.js';

export interface QueryWeights {
  exact: number;
  exactBigram: number;
  folded: number;
  foldedBigram: number;
  /** Weight of the words provisions use for what is asked, against the question's own. */
  intent: number;
  /** Weight of the conversation's earlier words in a follow-up's query, against its own. */
  context: number;
  /** Weight of a story's narrative sentences against the sentence(s) that ask the question. */
  story: number;
}

export interface QuestionAnalysis {
  /** The question as asked. */
  question: string;
  /** The question with diacritics put back from the corpus when it was typed without them. */
  restored: string;
  typedWithoutDiacritics: boolean;
  /** A reference it makes ("khoản 2 điều 11 nđ 174/2026", "theo Nghị định 174/2026"). */
  reference: ParsedReference;
  /** Laws it names by their names ("theo Bộ luật Hình sự 2015"). */
  lawMentions: LawMention[];
  /** Its legal words (syllables): without wrapping, consequence frames or a named law. */
  content: string[];
  /** The same, of the restored question. */
  restoredContent: string[];
  intents: Intent[];
  /** The term a definition question asks about (what it is, or what it comprises), folded. */
  definitionTerm?: string[];
  offender?: 'individual' | 'organisation';
  /** Weighted terms for the lexical indexes. */
  lexicalQuery: Map<string, number>;
  /** Content syllables of the restored question, folded, for judging what a provision covers. */
  terms: string[];
  /** Folded words provisions use for what is asked ("không quá" for "tối đa"). */
  lawTerms: string[];
  /** A time the question states ("năm 2024"), with the date it means. */
  time?: TimeInQuestion;
  /** The question asks for a list, a form or an appendix (where those live). */
  asksForList: boolean;
  /** For a follow-up: the earlier question(s) it leans on, whose words weigh in at a lower weight. */
  context?: string;
  /** For a follow-up that names no text, nor did the question it leans on: the text the previous answer cited. */
  conversationDocument?: DocumentMention;
}

export interface AnalysisContext {
  restorer: () => DiacriticRestorer;
  documents: readonly (KnownDocument & { effective?: string | undefined })[];
  weights: QueryWeights;
}

/**
 * The question's own legal words: conversational wrapping, a consequence frame and the name of a law
 * it mentions ("theo Bộ luật Hình sự 2015") are left out. The name says which document, not which
 * article; the ranking uses it as a document prior.
 */
export function legalContent(question: string, mentions: readonly LawMention[] = findLawMentions(question)): string[] {
  const tokens = syllables(question);
  const mask = wrappingMask(tokens);
  consequenceMask(tokens, mask).forEach((masked, i) => {
    if (masked) mask[i] = true;
  });
  markMentions(question, mentions, mask);
  const kept = tokens.filter((_, index) => !mask[index]);
  return kept.length > 0 ? kept : tokens;
}

/** Words that name a kind of legal text when a number or "số" follows them (folded, as syllable sequences). */
const DOCUMENT_TYPE_WORDS: readonly (readonly string[])[] = [
  ['bo', 'luat'], ['luat'], ['nghi', 'dinh'], ['nd'], ['nd-cp'], ['thong', 'tu'], ['tt'], ['quyet', 'dinh'], ['qd'], ['nghi', 'quyet'], ['nq'], ['phap', 'lenh'],
];
/** Words that name a part of a text when a number or letter follows them. */
const PART_WORDS = new Set(['dieu', 'khoan', 'diem', 'chuong', 'muc', 'phu', 'luc']);
const NUMBERED = /^(?:\d+[\p{L}]?|[ivxlc]+|[a-zđ])$/u;

/**
 * Mask of the syllables that name a text or a part of it rather than say what is asked: a law named
 * by its name ("Luật An ninh mạng 2018"), a document number with its kind ("Nghị định 217/2025/NĐ-CP",
 * "thông tư số 08"), and "Điều 5", "khoản 2", "điểm a". They choose the document and the provision;
 * they are not words a provision's text should share with the question.
 */
export function namingMask(question: string, mentions: readonly LawMention[]): boolean[] {
  const tokens = syllables(question);
  const folded = tokens.map((t) => foldDiacritics(t));
  const mask = new Array<boolean>(tokens.length).fill(false);
  markMentions(question, mentions, mask);
  folded.forEach((token, i) => {
    if (/\d\/\d|\d\/(?:nd|tt|qh|qd)/u.test(token) || /^(?:nd|tt|qd|nq)-?\d/u.test(token)) {
      mask[i] = true;
      let at = i - 1;
      if (folded[at] === 'so') mask[at--] = true;
      for (const words of DOCUMENT_TYPE_WORDS) {
        const start = at - words.length + 1;
        if (start >= 0 && words.every((w, k) => folded[start + k] === w)) {
          for (let k = start; k <= at; k++) mask[k] = true;
          break;
        }
      }
    }
    if (PART_WORDS.has(token) && NUMBERED.test(folded[i + 1] ?? '') && !(token === 'phu' && folded[i + 1] !== 'luc')) {
      mask[i] = true;
      mask[i + 1] = true;
    }
    if (token === 'phu' && folded[i + 1] === 'luc' && NUMBERED.test(folded[i + 2] ?? '')) {
      mask[i] = mask[i + 1] = mask[i + 2] = true;
    }
  });
  return mask;
}

/** The question's content terms without the words that only name a text or a provision (all of them when nothing else is left). */
function termsWithoutNames(question: string, mentions: readonly LawMention[]): string[] {
  const mask = namingMask(question, mentions);
  const kept = syllables(question).filter((_, i) => !mask[i]);
  const terms = contentTerms(kept.join(' '));
  return terms.length > 0 ? terms : contentTerms(question);
}

/** Marks, in a mask over the question's syllables, the syllables of the laws it names by name. */
function markMentions(question: string, mentions: readonly LawMention[], mask: boolean[]): void {
  const lower = normalizeText(question).toLowerCase();
  for (const mention of mentions) {
    const from = syllables(lower.slice(0, mention.start)).length;
    const to = from + syllables(lower.slice(mention.start, mention.end)).length;
    for (let i = from; i < to && i < mask.length; i++) mask[i] = true;
  }
}

/** Lexical terms of some syllables: exact and folded forms weighted by whether the text had diacritics. */
function weightedTerms(tokens: readonly string[], accented: boolean, weights: QueryWeights): Map<string, number> {
  const query = new Map<string, number>();
  for (const [term, count] of termsOfTokens(tokens)) {
    const kind = term.slice(0, 1);
    const weight = accented
      ? kind === 's' ? weights.exact : kind === 'b' ? weights.exactBigram : kind === 'f' ? weights.folded : weights.foldedBigram
      : kind === 'f' || kind === 'g' ? 1 : 0;
    if (weight > 0) query.set(term, weight * count);
  }
  return query;
}

/** The lexical query of a (restored) question: its legal words, plus its intents' law words at a lower weight. */
export function lexicalQueryOf(restored: string, restoredContent: readonly string[], intents: readonly Intent[], weights: QueryWeights): Map<string, number> {
  const query = weightedTerms(restoredContent, hasDiacritics(restored), weights);
  const lawWords = syllables(intentLawWords(intents));
  for (const [term, weight] of weightedTerms(legalContent(lawWords.join(' '), []), true, weights)) {
    query.set(term, (query.get(term) ?? 0) + weight * weights.intent);
  }
  return query;
}

/** The lexical query of a story: the asking sentences at full weight, the narrative at `weights.story`. */
function storyQuery(restored: string, intents: readonly Intent[], weights: QueryWeights): Map<string, number> | undefined {
  if (weights.story >= 1) return undefined;
  const parts = storyParts(restored);
  if (!parts) return undefined;
  const query = lexicalQueryOf(parts.asking, legalContent(parts.asking, []), intents, weights);
  for (const [term, weight] of lexicalQueryOf(parts.narrative, legalContent(parts.narrative, []), [], weights)) query.set(term, (query.get(term) ?? 0) + weight * weights.story);
  return query;
}

/**
 * A follow-up read with the conversation's subject: its own words first, the subject's at a lower
 * weight; what it asks for and who it is about come from itself, else from the subject.
 */
function withSubject(own: QuestionAnalysis, subject: QuestionAnalysis, weights: QueryWeights): QuestionAnalysis {
  const lexicalQuery = new Map(own.lexicalQuery);
  for (const [term, weight] of subject.lexicalQuery) lexicalQuery.set(term, (lexicalQuery.get(term) ?? 0) + weight * weights.context);
  const intents = [...new Set([...own.intents, ...subject.intents])];
  const offender = own.offender ?? subject.offender;
  const time = own.time ?? subject.time;
  const definitionTerm = own.definitionTerm ?? subject.definitionTerm;
  return {
    ...own,
    reference: own.reference.article || own.reference.document ? own.reference : subject.reference,
    lawMentions: [...own.lawMentions, ...subject.lawMentions],
    content: [...subject.content, ...own.content],
    restoredContent: [...subject.restoredContent, ...own.restoredContent],
    intents,
    ...(offender ? { offender } : {}),
    ...(definitionTerm ? { definitionTerm } : {}),
    lexicalQuery,
    terms: [...new Set([...own.terms, ...subject.terms])],
    lawTerms: [...new Set([...own.lawTerms, ...subject.lawTerms])],
    ...(time ? { time } : {}),
    context: subject.question,
    asksForList: own.asksForList || subject.asksForList,
  };
}

/**
 * `subject`: for a follow-up, the earlier question(s) it leans on; `previousAnswer`: the answer given
 * to them, whose cited text the follow-up stays in when neither it nor its subject names one.
 */
export function analyzeQuestion(question: string, context: AnalysisContext, subject?: string, previousAnswer?: string): QuestionAnalysis {
  const own = analyzeOne(question, context);
  if (!subject) return own;
  const analysis = withSubject(own, analyzeOne(subject, context), context.weights);
  const namesText = analysis.reference.document !== undefined || analysis.lawMentions.length > 0;
  const cited = !namesText && previousAnswer ? citedDocument(previousAnswer) : undefined;
  return cited ? { ...analysis, conversationDocument: cited } : analysis;
}

/** The text an answer cites first, by number ("… Luật Thanh tra số 84/2025/QH15") or by name. */
function citedDocument(answer: string): DocumentMention | undefined {
  const numbered = parseReference(answer).document;
  if (numbered && !numbered.self && (numbered.number || numbered.partialNumber)) return numbered;
  return findLawMentions(answer)[0]?.mention;
}

/**
 * A question told as a story ("Đoàn kiểm tra đến một cửa hàng … Chủ cửa hàng nói … Hành vi này bị xử
 * phạt thế nào?"): the sentences that ask (a question mark or a question word) say what is asked; the
 * narrative around them says about what. Undefined when the message is not a story (fewer than three sentences).
 */
export function storyParts(text: string): { asking: string; narrative: string } | undefined {
  const sentences = text.split(/(?<=[.!?…;])\s+|\n+/u).map((s) => s.trim()).filter(Boolean);
  if (sentences.length < 3) return undefined;
  const asks = (sentence: string): boolean => sentence.includes('?') || questionWordMask(syllables(sentence)).some(Boolean);
  const asking = sentences.filter(asks);
  if (asking.length === 0 || asking.length === sentences.length) return undefined;
  return { asking: asking.join(' '), narrative: sentences.filter((s) => !asks(s)).join(' ') };
}

function analyzeOne(asked: string, context: AnalysisContext): QuestionAnalysis {
  // Chat shorthand ("ko", "dn", "bn") written out first: the law never writes it.
  const question = expandShorthand(asked);
  const typedWithoutDiacritics = !hasDiacritics(question);
  const restored = typedWithoutDiacritics ? context.restorer().restore(syllables(question)).join(' ') : question;
  const lawMentions = findLawMentions(question);
  const restoredMentions = restored === question ? lawMentions : findLawMentions(restored);
  const restoredContent = legalContent(restored, restoredMentions);
  const intents = intentsOf(restored);
  const definitionTerm = definiendum(question) ?? comprisedTerm(question);
  const offender = offenderOf(restored);
  const time = timeInQuestion(restored, context.documents);
  return {
    question: asked,
    restored,
    typedWithoutDiacritics,
    reference: parseReference(question),
    lawMentions,
    content: legalContent(question, lawMentions),
    restoredContent,
    intents,
    ...(definitionTerm ? { definitionTerm } : {}),
    ...(offender ? { offender } : {}),
    lexicalQuery: storyQuery(restored, intents, context.weights) ?? lexicalQueryOf(restored, restoredContent, intents, context.weights),
    terms: termsWithoutNames(restored, restoredMentions),
    lawTerms: contentTerms(intentLawWords(intents)),
    ...(time ? { time } : {}),
    asksForList: asksForList(restored),
  };
}
