/** What flows between the ranking stages: units (by index) with a score and the reason for it. */

/** The named stages of the ranking, in the order they run. */
export type StageName =
  | 'bm25Unit'
  | 'bm25Article'
  | 'documentPrior'
  | 'title'
  | 'definition'
  | 'sanction'
  | 'authority'
  | 'fineless'
  | 'lexical'
  | 'vector'
  | 'validity'
  | 'rerank'
  | 'reference';

/** Each stage's contribution to a hit's score (additive, except `validity`, a factor; `rerank` is what the reranker added or took; `authority` what the focus on powers took, `fineless` what the focus on fines took from a text that sets none). */
export type Reasons = Partial<Record<StageName, number>>;

export interface Ranked {
  doc: number;
  score: number;
}

export interface Candidate extends Ranked {
  reasons: Reasons;
}
