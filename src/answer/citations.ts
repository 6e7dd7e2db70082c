/** Turning a unit and a span of it into a citation, and the checks every citation must pass. */
import { unitLabel } from '../ingest/build.js';
import type { LegalUnit } from '../ingest/unitTypes.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { Citation } from './types.js';

export function citationOf(retriever: Retriever, unit: LegalUnit, quote: string, n: number, asOf: string, point?: string): Citation {
  const validity = retriever.validityOf(unit, asOf);
  const ref = point ? { ...unit.ref, point } : unit.ref;
  return {
    n,
    ref,
    label: unitLabel({ ...unit, ref }),
    quote,
    title: unit.articleTitle,
    inForce: validity.inForce,
    status: validity.status,
    validityNote: validity.note,
    unitId: unit.id,
  };
}

/** A citation is sound when its unit exists and its quote occurs verbatim in the unit's text. */
export function isSound(retriever: Retriever, citation: Citation): boolean {
  const unit = retriever.knowledge.unitById(citation.unitId);
  return unit !== undefined && citation.quote.length > 0 && unit.text.includes(citation.quote);
}
