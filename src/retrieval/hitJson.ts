/** The JSON shape of a search hit, shared by `npm run search -- --json` and GET /api/search. */
import { unitLabel } from '../legal/units.js';
import type { SearchHit } from './retriever.js';

export interface SearchResultJson {
  ref: { document: string; article?: string; clause?: string; point?: string };
  label: string;
  title: string;
  text: string;
  score: number;
  /** The provision the query named by reference (listed first). */
  exact: boolean;
  source: { file: string; start: number; end: number };
  status: string;
}

export function hitToJson(hit: SearchHit): SearchResultJson {
  return {
    ref: hit.unit.ref,
    label: unitLabel(hit.unit),
    title: hit.unit.articleTitle,
    text: hit.unit.text,
    score: Number(hit.score.toFixed(4)),
    exact: hit.exact,
    source: hit.unit.source,
    status: hit.validity.status,
  };
}
