/** Turning a unit and the spans quoted from it into a citation. */
import { OCR_NOTE, unitLabel } from '../legal/units.js';
import type { LegalUnit } from '../legal/units.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { Citation } from './types.js';

export function citationOf(retriever: Retriever, unit: LegalUnit, quote: string, n: number, asOf: string, spans: readonly string[] = [quote]): Citation {
  const validity = retriever.validityOf(unit, asOf);
  const scanned = retriever.knowledge.documents.get(unit.ref.document)?.ocr !== undefined;
  return {
    ...(scanned ? { scanned: OCR_NOTE } : {}),
    n,
    ref: unit.ref,
    label: unitLabel(unit),
    quote,
    spans: [...spans],
    title: unit.articleTitle,
    inForce: validity.inForce,
    status: validity.status,
    validityNote: validity.note,
    unitId: unit.id,
  };
}
