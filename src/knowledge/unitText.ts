/** The text of a unit as the indexes see it: its context header, then its own words. */
import { isKnowledgeUnit, type LegalUnit } from '../legal/units.js';
import { INDEX_PARAMETERS } from '../parameters.js';
import { syllables } from '../text/vietnamese.js';
import { termsOfTokens } from '../text/terms.js';

/** Document title and Điều title weigh more than body text (the catalogue's titleBoost). */
export const TITLE_BOOST = INDEX_PARAMETERS.titleBoost.value;

/** An amending Điều's own title is an instruction ("Sửa đổi, bổ sung Điều 22 như sau", "Bổ sung Mục 2a …"). */
const AMENDING_TITLE = /^(?:Sửa đổi|Bổ sung|Thay thế)/iu;
/** A heading of an article the amending text writes out, on its own line, quoted or bold, in any case ("“Điều 28a. Sự kiện bất khả kháng …", "ĐIỀU 5: …"); not a codification pinpoint ("Điều 3.1.TT.8.1."). */
const WRITTEN_HEADING = /^[\s"“'*]*Điều\s+\d+[a-zđ]?\s*[.:]\s+(?!\d)([^\n]{3,}?)[\s*"”']*$/gimu;

/**
 * What an amending Điều is about: the headings of the articles it writes out ("Điều 22. Xử lý kỷ luật
 * đối với người giải quyết tố cáo …"). Its own title names only the article it amends; the new
 * article's heading is the title the amended text reads under, and a question asks in its words.
 */
export function writtenHeadings(unit: Pick<LegalUnit, 'kind' | 'articleTitle' | 'text'>): string[] {
  if (isKnowledgeUnit(unit) || !AMENDING_TITLE.test(unit.articleTitle)) return [];
  return [...unit.text.matchAll(WRITTEN_HEADING)].map((match) => (match[1] ?? '').trim()).filter(Boolean);
}

/** The Điều title the indexes read: its own title, then, for an amending Điều, the headings it writes out. */
export function indexedTitle(unit: Pick<LegalUnit, 'kind' | 'articleTitle' | 'text'>): string {
  return [unit.articleTitle, ...writtenHeadings(unit)].join('. ');
}

export function contextHeader(unit: LegalUnit): string {
  const title = indexedTitle(unit);
  const article = unit.ref.article ? `Điều ${unit.ref.article}. ${title}` : title;
  return `${unit.documentTitle} — ${article}`.trim();
}

/** What the vector side embeds: the header, the article's lead-in, then the unit. */
export function embeddedText(unit: LegalUnit): string {
  return [contextHeader(unit), unit.lead ?? '', unit.text].filter(Boolean).join('\n');
}

export function lexicalTerms(unit: LegalUnit): { terms: Map<string, number>; length: number } {
  const titleTokens = syllables(`${indexedTitle(unit)} ${isKnowledgeUnit(unit) ? '' : unit.documentTitle}`);
  const bodyTokens = syllables(`${unit.lead ?? ''}\n${unit.text}`);
  const terms = termsOfTokens(bodyTokens);
  termsOfTokens(titleTokens, TITLE_BOOST, terms);
  return { terms, length: bodyTokens.length + titleTokens.length };
}

/** Units grouped by article (document|article), in order of first appearance: the article-level documents. */
export function articleGroups(units: readonly LegalUnit[]): { keys: string[]; unitToArticle: Int32Array } {
  const keys: string[] = [];
  const rows = new Map<string, number>();
  const unitToArticle = new Int32Array(units.length);
  units.forEach((unit, index) => {
    const key = unit.kind === 'appendix' || !unit.ref.article ? unit.id : `${unit.ref.document}|${unit.ref.article}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = keys.length;
      rows.set(key, row);
      keys.push(key);
    }
    unitToArticle[index] = row;
  });
  return { keys, unitToArticle };
}

/** Terms of a whole article: its title once (boosted), its lead-in once, and every unit's words. */
export function articleLexicalTerms(units: readonly LegalUnit[]): { terms: Map<string, number>; length: number } {
  const first = units[0];
  if (!first) return { terms: new Map(), length: 0 };
  const titleTokens = syllables(`${indexedTitle({ ...first, text: units.map((u) => u.text).join('\n') })} ${isKnowledgeUnit(first) ? '' : first.documentTitle}`);
  const bodyTokens = syllables([first.lead ?? '', ...units.map((u) => u.text)].join('\n'));
  const terms = termsOfTokens(bodyTokens);
  termsOfTokens(titleTokens, TITLE_BOOST, terms);
  return { terms, length: bodyTokens.length + titleTokens.length };
}
