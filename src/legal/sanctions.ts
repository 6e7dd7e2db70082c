/**
 * Rules of sanction decrees (nghị định xử phạt vi phạm hành chính), read from their own words:
 *  - a fine clause: "Phạt tiền [offender] từ X đồng đến Y đồng đối với [offender | hành vi ...] ...:"
 *    followed by the acts as Điểm a), b) ... — or the act in the clause itself;
 *  - the clause of additional sanctions ("Hình thức xử phạt bổ sung:") and of remedial measures
 *    ("Biện pháp khắc phục hậu quả:"), whose items name the acts they apply to by internal
 *    cross-reference ("đối với hành vi vi phạm quy định tại điểm a khoản 2, khoản 4 Điều này");
 *  - the fine-scope rule: amounts are stated for organisations, and "cá nhân ... bằng 1/2 mức phạt
 *    tiền đối với tổ chức" (an early article of the decree).
 */
import { normalizeText } from '../text/vietnamese.js';
import type { LegalUnit } from './units.js';

export interface FineRange {
  /** Amounts as written ("30.000.000"). */
  from: string;
  to: string;
  /** The words of the range as the text writes them ("từ 30.000.000 đồng đến 40.000.000 đồng"). */
  text: string;
}

export interface SanctionAct {
  /** The Điểm letter, when the act is a point of the clause. */
  point?: string;
  /** The act's own words (without the point letter). */
  text: string;
  /** A fine stated for this act alone (a point that carries its own range). */
  fine?: FineRange;
}

export interface SanctionItem {
  point?: string;
  text: string;
  /** The acts this item applies to, inside the same Điều. */
  targets: ArticleTarget[];
}

export interface ArticleTarget {
  clause: string;
  /** Undefined: the whole Khoản. */
  point?: string;
}

export type SanctionClause =
  | { kind: 'fine'; fine: FineRange | undefined; offender?: string; acts: SanctionAct[] }
  | { kind: 'additional' | 'remedial'; items: SanctionItem[] };

const AMOUNT = '\\d{1,3}(?:[.,]\\d{3})+|\\d+';
const FINE = new RegExp(`[Pp]hạt tiền(?<offender>\\s+(?!từ\\s)[^\\d;:]{2,80}?)?\\s+(?<range>từ\\s+(?<from>${AMOUNT})\\s*đồng\\s+đến\\s+(?<to>${AMOUNT})\\s*đồng)`, 'u');
const OFFENDER_AFTER = /^\s*đối với\s+(?!(?:hành vi|một trong|các hành vi|mỗi)\b)([^:;]{3,120}?)(?:\s+(?:do vi phạm|khi vi phạm|vi phạm|có hành vi|thực hiện)\b|[:;]|$)/u;

/** The first fine range in a text, with the offender the sentence names, if any. */
export function fineIn(text: string): { fine: FineRange; offender?: string; end: number } | undefined {
  const match = FINE.exec(normalizeText(text));
  const groups = match?.groups;
  if (!match || !groups?.['from'] || !groups['to'] || !groups['range']) return undefined;
  const end = match.index + match[0].length;
  const offender = groups['offender']?.trim() || OFFENDER_AFTER.exec(text.slice(end))?.[1]?.trim();
  return { fine: { from: groups['from'], to: groups['to'], text: groups['range'] }, ...(offender ? { offender } : {}), end };
}

/** A unit's Điểm as separate texts: [letter, words without "a) "]. */
function pointsOf(unit: Pick<LegalUnit, 'text' | 'points'>): Array<{ point: string; text: string }> {
  return unit.points.map((p) => ({ point: p.letter, text: unit.text.slice(p.start, p.end).trim().replace(/^[a-zđ]\)\s*/u, '') }));
}

/** The opening line of a clause, before its first Điểm, without its number. */
function openingOf(unit: Pick<LegalUnit, 'text' | 'points'>): string {
  const first = unit.points[0];
  return (first ? unit.text.slice(0, first.start) : unit.text).trim().replace(/^\d+[a-zđ]?\.\s*/u, '');
}

/** How a clause of a sanction decree sanctions, or undefined when it does not. */
export function readSanctionClause(unit: Pick<LegalUnit, 'text' | 'points'>): SanctionClause | undefined {
  const opening = openingOf(unit);
  if (/^Hình thức xử phạt bổ sung/iu.test(opening) || /^Biện pháp khắc phục hậu quả/iu.test(opening)) {
    const kind = /^Hình thức/iu.test(opening) ? 'additional' : 'remedial';
    const points = pointsOf(unit);
    const items: SanctionItem[] = points.length > 0
      ? points.map(({ point, text }) => ({ point, text, targets: targetsIn(text) }))
      : [{ text: opening.replace(/^[^:]*:\s*/u, ''), targets: targetsIn(opening) }];
    return { kind, items };
  }
  const head = fineIn(opening);
  const points = pointsOf(unit);
  if (!head && !points.some((p) => fineIn(p.text))) return undefined;
  const acts: SanctionAct[] =
    points.length > 0
      ? points.map(({ point, text }) => {
          const own = fineIn(text);
          return { point, text, ...(own ? { fine: own.fine } : {}) };
        })
      : [{ text: actOfSentence(opening, head?.end ?? 0) }];
  return { kind: 'fine', fine: head?.fine, ...(head?.offender ? { offender: head.offender } : {}), acts };
}

/** "… đồng đối với hành vi sử dụng phần mềm …" → "sử dụng phần mềm …". */
function actOfSentence(sentence: string, from: number): string {
  const rest = sentence.slice(from);
  const act = /đối với\s+(?:(?:tổ chức|cá nhân|doanh nghiệp)[^,]{0,60}?\s+(?:có\s+)?)?hành vi\s+(.+)$/u.exec(rest)?.[1] ?? rest.replace(/^\s*đối với\s+/u, '');
  return act.replace(/[.;:]\s*$/u, '').trim();
}

/**
 * The acts an item names inside its Điều: "đối với hành vi vi phạm quy định tại khoản 2, điểm a
 * khoản 3, khoản 4, các điểm a và b khoản 7 và khoản 10 Điều này" → (2), (3,a), (4), (7,a), (7,b), (10).
 * References to another Điều ("khoản 1 Điều 5 Nghị định này") are not targets within the article.
 */
export function targetsIn(text: string): ArticleTarget[] {
  const at = /quy định tại\s+/iu.exec(text);
  if (!at) return [];
  let phrase = text.slice(at.index + at[0].length);
  const end = /\s+Điều này|\s+Điều\s+\d|[.;]|$/u.exec(phrase);
  if (end && /^\s+Điều\s+\d/u.test(end[0])) return [];
  phrase = phrase.slice(0, end?.index ?? phrase.length);
  const targets: ArticleTarget[] = [];
  let letters: string[] = [];
  let mode: 'none' | 'points' | 'clauses' = 'none';
  let boundLetters = false;
  for (const match of phrase.toLowerCase().matchAll(/điểm|khoản|\d+[a-zđ]?|(?<![\p{L}])[a-zđ](?![\p{L}])/gu)) {
    const token = match[0];
    if (token === 'điểm') {
      mode = 'points';
      letters = [];
      continue;
    }
    if (token === 'khoản') {
      mode = 'clauses';
      boundLetters = letters.length > 0;
      continue;
    }
    if (/^\d/u.test(token) && mode === 'clauses') {
      if (boundLetters) {
        for (const letter of letters) targets.push({ clause: token, point: letter });
        letters = [];
        boundLetters = false;
      } else {
        targets.push({ clause: token });
      }
      continue;
    }
    if (mode === 'points' && /^[a-zđ]$/u.test(token)) letters.push(token);
  }
  return targets;
}

/** Whether an item of additional sanctions or remedial measures applies to the act at (clause, point). */
export function appliesTo(item: SanctionItem, clause: string, point?: string): boolean {
  return item.targets.some((target) => target.clause === clause && (target.point === undefined || target.point === point));
}

const FINE_SCOPE = /1\/2 mức phạt tiền|một phần hai mức phạt tiền/iu;

/**
 * The decree's rule on who pays the stated amounts: the unit that says individuals pay half of what
 * organisations pay, and the sentence that says it. Undefined when the decree has no such rule.
 */
export function fineScopeRule<U extends Pick<LegalUnit, 'text' | 'id'>>(documentUnits: readonly U[]): { unit: U; sentence: string } | undefined {
  for (const unit of documentUnits) {
    if (!FINE_SCOPE.test(unit.text)) continue;
    const sentence = unit.text.split(/(?<=[.;])\s+|\n/u).find((part) => FINE_SCOPE.test(part));
    if (sentence) return { unit, sentence: sentence.trim() };
  }
  return undefined;
}
