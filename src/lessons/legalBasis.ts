/**
 * The legal basis of a lesson, guide or verified answer: every reference must resolve to a provision
 * of the registry ("Khoản 1 Điều 47 Luật Thanh tra số 84/2025/QH15"); an unknown one is refused with
 * the closest provisions as suggestions. What is kept is the official label, the unit it opens and a
 * hash of the provision's text — so that a later change of that text flags the item for review.
 */
import crypto from 'node:crypto';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { parseReference } from '../legal/reference.js';
import { isKnowledgeUnit, unitLabel, type LegalUnit } from '../legal/units.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { LegalBasisEntry } from '../store/types.js';

export interface UnresolvedReference {
  reference: string;
  suggestions: string[];
}

/** The units a reference covers: its Khoản, or every unit of its Điều when it names no Khoản. */
function scopeOf(retriever: Retriever, reference: string): { units: LegalUnit[]; point?: string } | undefined {
  const parsed = parseReference(reference);
  const units = retriever.resolveReference(parsed);
  const first = units[0];
  if (!first || isKnowledgeUnit(first)) return undefined;
  if (parsed.clause) {
    if (first.ref.clause !== parsed.clause) return undefined;
    if (parsed.point && !first.points.some((p) => p.letter === parsed.point)) return undefined;
    return { units: [first], ...(parsed.point ? { point: parsed.point } : {}) };
  }
  return { units };
}

/** A short hash of the text a legal basis entry stands on. */
export function textHashOf(units: readonly LegalUnit[]): string {
  return crypto.createHash('sha256').update(units.map((u) => u.text).join('\n')).digest('hex').slice(0, 20);
}

/** The text a stored entry stands on today, or undefined when its provision no longer exists. */
export function currentScope(knowledge: KnowledgeBase, entry: LegalBasisEntry): LegalUnit[] | undefined {
  const unit = knowledge.unitById(entry.unitId);
  if (!unit) return undefined;
  const parsed = parseReference(entry.label);
  return parsed.clause || unit.kind !== 'clause' ? [unit] : knowledge.unitsOfArticleOf(unit);
}

export async function resolveLegalBasis(retriever: Retriever, references: readonly string[]): Promise<{ entries: LegalBasisEntry[]; unresolved: UnresolvedReference[] }> {
  const entries: LegalBasisEntry[] = [];
  const unresolved: UnresolvedReference[] = [];
  for (const reference of references) {
    const scope = scopeOf(retriever, reference);
    const first = scope?.units[0];
    if (!scope || !first) {
      unresolved.push({ reference, suggestions: await suggestionsFor(retriever, reference) });
      continue;
    }
    const parsed = parseReference(reference);
    const ref = parsed.clause ? { ...first.ref, ...(scope.point ? { point: scope.point } : {}) } : { document: first.ref.document, ...(first.ref.article ? { article: first.ref.article } : {}), ...(first.ref.appendix !== undefined ? { appendix: first.ref.appendix } : {}) };
    const label = unitLabel({ ...first, ref });
    if (!entries.some((e) => e.label === label)) entries.push({ label, unitId: first.id, textHash: textHashOf(scope.units) });
  }
  return { entries, unresolved };
}

/** The closest provisions to a reference that does not resolve: what search finds for its words. */
export async function suggestionsFor(retriever: Retriever, reference: string, count = 5): Promise<string[]> {
  const hits = await retriever.search(reference, { k: count * 3 });
  const labels: string[] = [];
  for (const hit of hits) {
    if (isKnowledgeUnit(hit.unit)) continue;
    const label = unitLabel(hit.unit);
    if (!labels.includes(label)) labels.push(label);
    if (labels.length >= count) break;
  }
  return labels;
}
