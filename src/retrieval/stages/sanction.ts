/**
 * For a question about a penalty, the sanction clause whose act matches the question's act ranks
 * ahead of the duty clause the act breaches: each fine clause among the candidates gets a bonus by
 * how well its best act (a Điểm, or the act written in the clause) covers the question's words.
 * The act found is also what the answer states ("Bán SIM đã nhập sẵn thông tin thuê bao ...").
 */
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { readSanctionClause, type SanctionAct, type SanctionClause } from '../../legal/sanctions.js';
import { overlapScore } from '../../text/coverage.js';
import { asksForFine, cueWords } from '../../text/intents.js';
import type { QuestionAnalysis } from '../analyze.js';
import type { Candidate, Reasons } from './types.js';

export interface SanctionSettings {
  sanctionWeight: number;
}

/** What the authority focus needs of a hit. */
interface ScoredUnit {
  unit: { articleTitle?: string | undefined };
  score: number;
  reasons: Reasons;
}

/** How a sanction decree titles the articles that describe violations ("Vi phạm các quy định về …"). */
const VIOLATION_TITLE = /^Vi phạm/u;

/**
 * Who may sanction is said in the articles on powers (thẩm quyền), never in those that describe
 * violations: for a question about a power that does not ask for the fine, a violation article's
 * score is multiplied by `factor`; returns the hits best first.
 */
export function applyAuthorityFocus<T extends ScoredUnit>(hits: T[], analysis: QuestionAnalysis, factor: number): T[] {
  if (factor >= 1 || !analysis.intents.includes('authority') || analysis.intents.includes('penalty')) return hits;
  for (const hit of hits) {
    if (!VIOLATION_TITLE.test(hit.unit.articleTitle ?? '')) continue;
    const change = hit.score * (factor - 1);
    hit.score += change;
    hit.reasons.authority = change;
  }
  return hits.sort((p, q) => q.score - p.score);
}

/**
 * Only a sanctioning decree says what an act is fined (the Government prescribes the acts and their
 * fines under the Law on Handling Administrative Violations; a law on a field or a circular sets
 * none): for a question that asks for a fine, a unit of a text that sets no fine at all has its score
 * multiplied by `factor`; returns the hits best first.
 */
export function applyFineFocus<T extends ScoredUnit & { unit: { ref: { document: string } } }>(hits: T[], analysis: QuestionAnalysis, setsFines: (document: string) => boolean, factor: number): T[] {
  if (factor >= 1 || !analysis.intents.includes('penalty') || !asksForFine(analysis.restored)) return hits;
  for (const hit of hits) {
    if (setsFines(hit.unit.ref.document)) continue;
    const change = hit.score * (factor - 1);
    hit.score += change;
    hit.reasons.fineless = change;
  }
  return hits.sort((p, q) => q.score - p.score);
}

/** Sanction clauses read once per unit. */
export class SanctionClauses {
  private readonly read = new Map<number, SanctionClause | undefined>();
  private readonly knowledge: KnowledgeBase;

  constructor(knowledge: KnowledgeBase) {
    this.knowledge = knowledge;
  }

  of(doc: number): SanctionClause | undefined {
    if (!this.read.has(doc)) {
      const unit = this.knowledge.units[doc];
      this.read.set(doc, unit && unit.kind === 'clause' ? readSanctionClause(unit) : undefined);
    }
    return this.read.get(doc);
  }
}

/** The question's words that describe the act: its content terms without the words of asking about a fine. */
export function actTerms(analysis: QuestionAnalysis): string[] {
  const asking = new Set(cueWords('penalty'));
  return analysis.terms.filter((term) => !asking.has(term) && term !== 'tien');
}

/** The act of a fine clause that best covers the question's act, with how well (0..1). */
export function bestAct(clause: Extract<SanctionClause, { kind: 'fine' }>, terms: readonly string[], weightOf: (term: string) => number): { act: SanctionAct; score: number } | undefined {
  let best: { act: SanctionAct; score: number } | undefined;
  for (const act of clause.acts) {
    const score = overlapScore(terms, `${clause.offender ?? ''} ${act.text}`, weightOf);
    if (!best || score > best.score) best = { act, score };
  }
  return best;
}

export function applySanctionBonus(candidates: Candidate[], analysis: QuestionAnalysis, clauses: SanctionClauses, weightOf: (term: string) => number, settings: SanctionSettings): Candidate[] {
  if (settings.sanctionWeight <= 0 || !analysis.intents.includes('penalty')) return candidates;
  const terms = actTerms(analysis);
  if (terms.length === 0) return candidates;
  for (const candidate of candidates) {
    const clause = clauses.of(candidate.doc);
    if (clause?.kind !== 'fine') continue;
    const match = bestAct(clause, terms, weightOf);
    if (!match || match.score <= 0) continue;
    const bonus = settings.sanctionWeight * match.score;
    candidate.score += bonus;
    candidate.reasons.sanction = bonus;
  }
  return candidates.sort((p, q) => q.score - p.score || p.doc - q.doc);
}
