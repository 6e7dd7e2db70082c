/**
 * The one catalogue of ranking parameters: each with its default, the range it may take and the
 * measurement that chose it. Defaults everywhere (retriever settings, src/config.ts) are read from
 * here; `npx tsx evals/tune.ts '{"name":[...]}'` measures alternatives on the dev sets.
 * Index-time parameters (BM25 k1/b, title boost, embedder options) are recorded, hashed, in the index
 * manifest (src/knowledge/indexing.ts): a change of them rebuilds the index.
 */

export interface NumericParameter {
  value: number;
  range: readonly [number, number];
  /** What chose the value: the command and the figures it printed. */
  measured: string;
}

export const RANKING_PARAMETERS = {
  vectorWeight: {
    value: 0.1,
    range: [0, 1],
    measured: 'evals/tune.ts on the dev sets (2026-11-22): 0.05 helps alqac2022 +0.002 MRR but costs drill −0.006; 0.15 the reverse; 0.1 kept.',
  },
  candidateDepth: {
    value: 100,
    range: [10, 1000],
    measured: 'Candidates taken from each side before fusion; recall@10 does not move between 50 and 200 on the dev sets (2026-11-22).',
  },
  bonusCandidateFactor: {
    value: 3,
    range: [1, 10],
    measured: 'Title and definition bonuses reorder only the best depth × 3 lexical candidates: search p50 ~28 ms → ~5 ms with the same dev figures (2026-11-22).',
  },
  expiredFactor: {
    value: 0.35,
    range: [0, 1],
    measured: 'Score factor for units no longer in force on the date asked; evals --answers references and inspector questions (2026-11-21).',
  },
  articleWeight: {
    value: 0.6,
    range: [0, 1],
    measured: 'Share of the whole article’s BM25 in a Khoản’s lexical score; dev grid 0/0.3/0.6/0.8 (2026-11-21): +0.01–0.04 MRR over the unit alone.',
  },
  titleWeight: {
    value: 0.2,
    range: [0, 2],
    measured: 'Bonus when the question repeats a Điều title whole, or what a sanction article is about without its common head ("Vi phạm các quy định về"); 0.2/0.3/0.4 re-checked 2026-11-22: higher lifts passages, lowers alqac2022 and alqac2023. The head rule (2026-11-25): answer dev first-right 152 → 153/174, retrieval dev sets unchanged.',
  },
  feedbackWeight: {
    value: 1,
    range: [0, 4],
    measured: 'Rocchio feedback in vector space toward the best lexical hits: drill MRR 0.516 → 0.528 (2026-11-21).',
  },
  feedbackDepth: {
    value: 5,
    range: [1, 50],
    measured: 'Lexical hits averaged into the feedback centroid (2026-11-21).',
  },
  definitionWeight: {
    value: 0.6,
    range: [0, 2],
    measured: 'Bonus for the unit that says "X là ..." (X the subject of its Khoản, Điểm or sentence, not the end of a longer term) to a definition question; 0/0.15/0.3/0.6/1 measured: alqac2022 0.942/0.964 → 0.952/0.973 (2026-11-22); the subject rule (2026-11-25): alqac2022 MRR 0.959 → 0.961, answer dev +1.',
  },
  mentionWeight: {
    value: 0.3,
    range: [0, 2],
    measured: 'Bonus for units of the document a question names by number or title (2026-11-22).',
  },
  mentionDensityWeight: {
    value: 0.6,
    range: [0, 2],
    measured: 'Document bonus by how densely its articles carry a named law’s words; 0/0.15/0.3/0.6/1: alqac2022 0.949/0.971 → 0.958/0.979 (2026-11-22).',
  },
  intentWeight: {
    value: 0.3,
    range: [0, 1],
    measured: 'Weight of the words provisions use for what is asked ("tối đa" → "không quá"): +0.012 MRR on alqac2022 (2026-11-21).',
  },
  exactTermWeight: { value: 1, range: [0, 2], measured: 'Accented syllables of a question with diacritics (reference weight).' },
  exactBigramWeight: { value: 0.5, range: [0, 2], measured: 'Accented syllable pairs; 0.5 from the dev grid (2026-11-21).' },
  foldedTermWeight: { value: 0.15, range: [0, 1], measured: 'Folded syllables of a question with diacritics (OCR damage); dev grid (2026-11-21).' },
  foldedBigramWeight: { value: 0.15, range: [0, 1], measured: 'Folded syllable pairs of a question with diacritics; dev grid (2026-11-21).' },
  sanctionWeight: {
    value: 0.5,
    range: [0, 2],
    measured: 'Bonus by how well a fine clause’s best Điểm covers the act asked about, for penalty questions. Answer dev split (evals/tuneAnswers.ts, 2026-11-25): first provision right 76 → 80/101 at 0.5 (penalty 11 → 14/15); 0.3–0.7 equal, 1.0 worse (78).',
  },
  violationFactorForPowers: {
    value: 0.9,
    range: [0, 1],
    measured: 'Factor for an article describing violations ("Vi phạm …") when the question asks who may sanction and not the fine (a rule of the law: powers are in the articles on thẩm quyền). Answer dev split (2026-11-25): 1 → 0.9: first-right 220 → 221/249, no question lost; 0.75 no further gain; retrieval dev sets unchanged.',
  },
  finelessTextFactor: {
    value: 0.8,
    range: [0, 1],
    measured: 'Rule of the law, not a tuned weight: only a sanctioning decree sets fines, so for a question that asks for a fine a text with no fine clause (a circular, a law on a field) is multiplied by it. Answer dev split without the fresh set (2026-11-25): 1 → 264/303 first-right, 0.8 and 0.6 → 265 (penalty 44 → 45), no question lost; retrieval dev sets unchanged.',
  },
  unknownStatusFactor: {
    value: 0.6,
    range: [0, 1],
    measured: 'Factor for units of texts whose current status the corpus does not tell (known only through the codification). Answer dev split (2026-11-25): 1 → 76/101, 0.8 → 81, 0.6 → 82, 0.4–0.5 → 82; the ALQAC sets are uniform in status, so unchanged.',
  },
  amendedFactor: {
    value: 0.5,
    range: [0, 1],
    measured: 'Factor for an article whose wording an amending text in force replaced. Answer dev split (2026-11-25): 1 / 0.5 / 0.3 all 86/101 — no measurable effect on dev (the codified originals are already below known texts); 0.5 kept as the rule of validity asks.',
  },
  followUpContextWeight: {
    value: 0.5,
    range: [0, 1],
    measured: 'Weight of the earlier question’s words in a follow-up’s query. Answer dev split (2026-11-25): follow-ups 5/8 without context → 7/8 with it; 0.3, 0.5, 0.8 and 1 all measure the same.',
  },
  storyContextWeight: {
    value: 0.4,
    range: [0, 1],
    measured: 'Weight of a story’s narrative sentences against the sentences that ask. Answer dev split (2026-11-25): 1 → 0.4: +1 (88 → 89/101 with appendixFactor 0.5); ALQAC/DRiLL dev sets unchanged (evals/tune.ts).',
  },
  appendixFactor: {
    value: 0.5,
    range: [0, 1],
    measured: 'Factor for an appendix (list, form) when the question asks for none. Answer dev split (2026-11-25): 1 → 0.5: +1 (definition question no longer answered by a Danh mục); no appendices in the ALQAC sets.',
  },
  titleCoverageWeight: {
    value: 0,
    range: [0, 2],
    measured: 'Bonus by the share of a Điều title’s words in the question (partial title match). Measured and rejected (2026-11-25): answer dev +2 at 0.1, but evals/tune.ts alqac2023 R@5 0.990 → 0.980 and alqac2023-passages MRR 0.926 → 0.903 (below the retrieval bars). Kept at 0.',
  },
  unrecognisedFactor: {
    value: 0.1,
    range: [0, 1],
    measured: 'Rule of authority, not a tuned weight: a text with no official number and type (a note, a file without a header) ranks at a tenth of its score so it never outranks the law; no such text is in the corpus or the benchmarks, so no figure moves.',
  },
  rrfK: { value: 60, range: [1, 1000], measured: 'Reciprocal-rank constant when RETRIEVAL_FUSION=rrf; weighted fusion measured better (0.941 vs 0.937 alqac2022, 2026-11-21).' },
} as const satisfies Record<string, NumericParameter>;

export type RankingParameterName = keyof typeof RANKING_PARAMETERS;

/** The default value of each ranking parameter. */
export function rankingDefaults(): { [name in RankingParameterName]: number } {
  return Object.fromEntries(Object.entries(RANKING_PARAMETERS).map(([name, parameter]) => [name, parameter.value])) as { [name in RankingParameterName]: number };
}

/**
 * Index-time parameters: changing one changes the index, so the manifest records a hash of them
 * (with the embedder's options and the unit-text format) and an ingest that finds another hash rebuilds.
 */
export const INDEX_PARAMETERS = {
  bm25K1: { value: 1.2, range: [0.5, 3], measured: 'BM25 term saturation; the usual 1.2 (1.0 / 1.2 / 1.6 within ±0.003 MRR on the dev sets, 2026-11-21).' },
  bm25B: { value: 0.75, range: [0, 1], measured: 'BM25 length normalisation; the usual 0.75 (2026-11-21).' },
  titleBoost: { value: 2, range: [1, 5], measured: 'Document and Điều titles count twice as much as body text in the lexical index (+0.017 MRR alqac2023, 2026-11-21).' },
} as const satisfies Record<string, NumericParameter>;
