/**
 * Validity on the date asked: a unit of a text not yet in force is left out; one no longer in force
 * stays, ranked lower (its score times `expiredFactor`), so a question about the old law still finds it.
 */
import type { LegalUnit } from '../../legal/units.js';
import type { ValidityVerdict } from '../../legal/validity.js';
import type { Candidate, Reasons } from './types.js';

export interface ValiditySettings {
  expiredFactor: number;
}

export interface ValidHit {
  unit: LegalUnit;
  index: number;
  score: number;
  exact: false;
  validity: ValidityVerdict;
  reasons: Reasons;
}

export function applyValidity(
  candidates: readonly Candidate[],
  unitAt: (doc: number) => { unit: LegalUnit; validity: ValidityVerdict } | undefined,
  settings: ValiditySettings,
): ValidHit[] {
  const hits: ValidHit[] = [];
  for (const candidate of candidates) {
    const found = unitAt(candidate.doc);
    if (!found || found.validity.status === 'chưa có hiệu lực') continue;
    const factor = found.validity.inForce ? 1 : settings.expiredFactor;
    hits.push({
      unit: found.unit,
      index: candidate.doc,
      score: candidate.score * factor,
      exact: false,
      validity: found.validity,
      reasons: factor === 1 ? candidate.reasons : { ...candidate.reasons, validity: factor },
    });
  }
  return hits.sort((p, q) => q.score - p.score || p.index - q.index);
}
