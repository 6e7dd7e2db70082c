/**
 * Bonuses that reorder what is already near the top of the lexical ranking: a unit whose Điều title
 * the question repeats whole ("thời hạn thanh tra"), and, for a definition question, the unit that
 * says "X là ..." of the term asked about.
 */
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { writtenHeadings } from '../../knowledge/unitText.js';
import { foldDiacritics, STOP_SYLLABLES, syllables } from '../../text/vietnamese.js';
import type { QuestionAnalysis } from '../analyze.js';
import type { Candidate } from './types.js';

export interface BonusSettings {
  titleWeight: number;
  definitionWeight: number;
  titleCoverageWeight: number;
}

/** Folded titles and texts of units, computed once per unit on first use. */
export class FoldedTexts {
  private readonly titleCache = new Map<number, string[][]>();
  private readonly texts = new Map<number, string>();
  private readonly knowledge: KnowledgeBase;

  constructor(knowledge: KnowledgeBase) {
    this.knowledge = knowledge;
  }

  /** The unit's Điều title, then the headings an amending Điều writes out (each as folded syllables). */
  titles(doc: number): string[][] {
    let titles = this.titleCache.get(doc);
    if (!titles) {
      const unit = this.knowledge.units[doc];
      titles = unit ? [unit.articleTitle, ...writtenHeadings(unit)].map((title) => syllables(title).map((t) => foldDiacritics(t))) : [[]];
      this.titleCache.set(doc, titles);
    }
    return titles;
  }

  /** A unit's own words, folded and padded, for phrase tests. */
  text(doc: number): string {
    let text = this.texts.get(doc);
    if (text === undefined) {
      const unit = this.knowledge.units[doc];
      text = unit ? ` ${syllables(unit.text).map((t) => foldDiacritics(t)).join(' ')} ` : '';
      this.texts.set(doc, text);
    }
    return text;
  }
}

/**
 * The head sanction decrees put before what a Điều is about ("Vi phạm các quy định về | Giấy phép viễn
 * thông"): every such title starts with it, so it tells the articles apart no more than "Điều" does.
 */
const SANCTION_TITLE_HEAD = /^vi pham (?:cac )?quy dinh (?:ve )?/u;

/** What a Điều title is about: the title without the sanction decrees' common head (folded syllables). */
export function titleSubject(title: readonly string[]): string[] {
  const joined = title.join(' ');
  const head = SANCTION_TITLE_HEAD.exec(joined);
  return head ? joined.slice(head[0].length).split(' ').filter(Boolean) : [...title];
}

/**
 * 0..1 when the unit's article title — or what it is about, without the sanction decrees' common head —
 * appears whole in the (folded, padded) question, by the length of what matched.
 */
export function titleMatch(question: string, title: readonly string[]): number {
  if (title.length >= 2 && question.includes(` ${title.join(' ')} `)) return Math.min(1, title.length / 4);
  const subject = titleSubject(title);
  return subject.length >= 2 && subject.length < title.length && question.includes(` ${subject.join(' ')} `) ? Math.min(1, subject.length / 4) : 0;
}

/**
 * 0..1: the share of a Điều title's telling words the question carries, when it does not repeat the
 * title whole ("đối tượng thanh tra có những quyền gì" and "Quyền và nghĩa vụ của đối tượng thanh tra").
 * Titles of fewer than three telling words say too little to count.
 */
export function titleCoverage(questionWords: ReadonlySet<string>, title: readonly string[]): number {
  const telling = [...new Set(title.filter((word) => !FOLDED_STOP.has(word)))];
  if (telling.length < 3) return 0;
  const share = telling.filter((word) => questionWords.has(word)).length / telling.length;
  return share >= 0.6 ? share : 0;
}

/** The words after a term that make a sentence its definition (folded). */
const DEFINING_WORDS = ['la', 'gom', 'bao gom'];

const FOLDED_STOP = new Set([...STOP_SYLLABLES].map((word) => foldDiacritics(word)));

/**
 * Whether a text says " X là " of the term as the subject of its sentence: at the start of the text or of
 * a numbered Khoản or lettered Điểm ("2. Bảo vệ an ninh mạng là …"), not inside a longer term
 * ("Đấu tranh bảo vệ an ninh mạng là …" defines another thing).
 */
export function definesAtStart(foldedText: string, definition: string): boolean {
  let at = foldedText.indexOf(definition);
  while (at >= 0) {
    const before = foldedText.slice(0, at).trimEnd().split(' ').at(-1) ?? '';
    if (before === '' || /^(?:\d+|[a-zđ])$/u.test(before)) return true;
    at = foldedText.indexOf(definition, at + 1);
  }
  return false;
}

/** Adds the title and definition bonuses to the candidates (in place) and returns them best first. */
export function applyBonuses(candidates: Candidate[], analysis: QuestionAnalysis, folded: FoldedTexts, settings: BonusSettings): Candidate[] {
  const { titleWeight, definitionWeight, titleCoverageWeight } = settings;
  const term = definitionWeight > 0 ? analysis.definitionTerm : undefined;
  if (titleWeight <= 0 && titleCoverageWeight <= 0 && !term) return candidates;
  const question = ` ${analysis.content.map((t) => foldDiacritics(t)).join(' ')} `;
  const questionWords = new Set(analysis.content.map((t) => foldDiacritics(t)));
  // The law defines a term by what it is or by what it comprises: "X là …", "X gồm …", "X bao gồm …".
  const definitions = term ? DEFINING_WORDS.map((word) => ` ${term.join(' ')} ${word} `) : [];
  for (const candidate of candidates) {
    if (titleWeight > 0 || titleCoverageWeight > 0) {
      const titles = folded.titles(candidate.doc);
      const whole = titleWeight * Math.max(...titles.map((title) => titleMatch(question, title)));
      const bonus = whole > 0 ? whole : titleCoverageWeight * Math.max(...titles.map((title) => titleCoverage(questionWords, title)));
      if (bonus > 0) {
        candidate.score += bonus;
        candidate.reasons.title = bonus;
      }
    }
    if (definitions.some((definition) => definesAtStart(folded.text(candidate.doc), definition))) {
      candidate.score += definitionWeight;
      candidate.reasons.definition = definitionWeight;
    }
  }
  return candidates.sort((p, q) => q.score - p.score || p.doc - q.doc);
}
