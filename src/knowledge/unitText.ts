/** The text of a unit as the indexes see it: its context header, then its own words. */
import type { LegalUnit } from '../ingest/unitTypes.js';
import { syllables } from '../text/vietnamese.js';
import { termsOfTokens } from '../text/terms.js';

/** Document title and Điều title weigh more than body text (measured on the dev sets). */
export const TITLE_BOOST = 2;

export function contextHeader(unit: LegalUnit): string {
  const article = unit.ref.article ? `Điều ${unit.ref.article}. ${unit.articleTitle}` : unit.articleTitle;
  return `${unit.documentTitle} — ${article}`.trim();
}

/** What the vector side embeds: the header, the article's lead-in, then the unit. */
export function embeddedText(unit: LegalUnit): string {
  return [contextHeader(unit), unit.lead ?? '', unit.text].filter(Boolean).join('\n');
}

export function lexicalTerms(unit: LegalUnit): { terms: Map<string, number>; length: number } {
  const titleTokens = syllables(`${unit.articleTitle} ${unit.kind === 'lesson' ? '' : unit.documentTitle}`);
  const bodyTokens = syllables(`${unit.lead ?? ''}\n${unit.text}`);
  const terms = termsOfTokens(bodyTokens);
  termsOfTokens(titleTokens, TITLE_BOOST, terms);
  return { terms, length: bodyTokens.length + titleTokens.length };
}
