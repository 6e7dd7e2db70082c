/**
 * Validity on the date asked: a unit of a text not yet in force is left out; one no longer in force
 * stays, ranked lower (its score times `expiredFactor`), so a question about the old law still finds it;
 * so does an article whose wording an amending text in force replaced (the amending text carries the
 * new wording), and a text whose current status is unknown ranks below texts whose status is known.
 */
import type { LegalUnit } from '../../legal/units.js';
import type { ValidityVerdict } from '../../legal/validity.js';
import type { Candidate, Reasons } from './types.js';

export interface ValiditySettings {
  expiredFactor: number;
  /** For a text whose current status the corpus does not tell (known only through the codification). */
  unknownStatusFactor: number;
  /** For an article whose wording a text in force has replaced. */
  amendedFactor: number;
  /** For an appendix (a list, a form), when the question does not ask for one. */
  appendixFactor: number;
  /** For a text that is not a recognised legal document (no number, type or issuer): it never outranks the law. */
  unrecognisedFactor: number;
}

/** What the validity stage knows of a unit on the date asked. */
export interface UnitStanding {
  unit: LegalUnit;
  validity: ValidityVerdict;
  /** A text in force on that date gave the article new wording. */
  superseded: boolean;
  /** A lesson, guide or verified answer: not law, no validity of its own. */
  knowledge: boolean;
  /** An appendix while the question asks for no list or form. */
  unaskedAppendix: boolean;
  /** Not a recognised legal document. */
  unrecognised: boolean;
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
  unitAt: (doc: number) => UnitStanding | undefined,
  settings: ValiditySettings,
): ValidHit[] {
  const hits: ValidHit[] = [];
  for (const candidate of candidates) {
    const found = unitAt(candidate.doc);
    if (!found || found.validity.status === 'chưa có hiệu lực') continue;
    const factor = found.knowledge
      ? 1
      : !found.validity.inForce
      ? settings.expiredFactor
      : (found.superseded ? settings.amendedFactor : 1) * (found.validity.status === 'không rõ' ? settings.unknownStatusFactor : 1) * (found.unaskedAppendix ? settings.appendixFactor : 1) * (found.unrecognised ? settings.unrecognisedFactor : 1);
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
