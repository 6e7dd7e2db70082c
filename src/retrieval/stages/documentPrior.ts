/**
 * A bonus by document for a law the question names: the document its number or title points at, or,
 * when none does (datasets that number their laws without names), the documents whose articles
 * carry the name's words most densely ("an ninh mạng" → the Cybersecurity law, not the Penal Code).
 */
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { resolveDocument } from '../../legal/reference.js';
import { termsOfTokens } from '../../text/terms.js';
import { syllables } from '../../text/vietnamese.js';
import type { QuestionAnalysis } from '../analyze.js';

export interface DocumentPriorSettings {
  /** Bonus for units of the document the question names by number or title. */
  mentionWeight: number;
  /** The same, spread by how densely each document's articles carry the name's words. */
  mentionDensityWeight: number;
}

/** Documents numbered 0..n-1, and the document of each unit and of each article-level BM25 row. */
export interface DocumentOrdinals {
  names: string[];
  unitDocument: Int32Array;
  articleDocument: Int32Array;
}

export function documentOrdinals(knowledge: KnowledgeBase): DocumentOrdinals {
  const names: string[] = [];
  const ordinal = new Map<string, number>();
  const { units, unitToArticle } = knowledge;
  const unitDocument = new Int32Array(units.length);
  const articleDocument = new Int32Array(knowledge.articleBm25.size);
  units.forEach((unit, index) => {
    let number = ordinal.get(unit.ref.document);
    if (number === undefined) {
      number = names.length;
      ordinal.set(unit.ref.document, number);
      names.push(unit.ref.document);
    }
    unitDocument[index] = number;
    articleDocument[unitToArticle[index] as number] = number;
  });
  return { names, unitDocument, articleDocument };
}

/** Terms of a law's name (folded words), to find the document whose text is about it. */
export function nameTerms(foldedName: string): Map<string, number> {
  const raw = termsOfTokens(syllables(foldedName));
  return new Map([...raw].filter(([term]) => term.startsWith('f:') || term.startsWith('g:')));
}

export function documentPrior(analysis: QuestionAnalysis, knowledge: KnowledgeBase, ordinals: DocumentOrdinals, settings: DocumentPriorSettings): Float64Array | undefined {
  const { mentionWeight, mentionDensityWeight } = settings;
  const { names, articleDocument } = ordinals;
  const only = (number: string): Float64Array | undefined => {
    if (mentionWeight <= 0) return undefined;
    const prior = new Float64Array(names.length);
    prior[names.indexOf(number)] = mentionWeight;
    return prior;
  };
  // A document named by its number ("theo Nghị định 174/2026") without an article to open.
  const numbered = analysis.reference.document;
  if (numbered && !numbered.self && (numbered.number || numbered.partialNumber)) {
    const number = resolveDocument(numbered, knowledge.knownDocuments);
    if (number && names.includes(number)) return only(number);
  }
  // A follow-up that names no text stays in the one the previous answer cited.
  if (analysis.conversationDocument && analysis.lawMentions.length === 0) {
    const number = resolveDocument(analysis.conversationDocument, knowledge.knownDocuments);
    if (number && names.includes(number)) return only(number);
  }
  const found = analysis.lawMentions[0];
  if (!found) return undefined;
  for (const { mention } of analysis.lawMentions) {
    const number = resolveDocument(mention, knowledge.knownDocuments);
    if (number && names.includes(number)) return only(number);
  }
  if (mentionDensityWeight <= 0 || !found.mention.name) return undefined;
  const scores = knowledge.articleBm25.scoreAll(nameTerms(found.mention.name));
  const totals = new Float64Array(names.length);
  const counts = new Float64Array(names.length);
  for (let article = 0; article < scores.length; article++) {
    const document = articleDocument[article] as number;
    totals[document] = (totals[document] as number) + (scores[article] as number);
    counts[document] = (counts[document] as number) + 1;
  }
  let best = 0;
  for (let d = 0; d < names.length; d++) {
    totals[d] = (counts[d] as number) > 0 ? (totals[d] as number) / (counts[d] as number) : 0;
    best = Math.max(best, totals[d] as number);
  }
  if (best <= 0) return undefined;
  for (let d = 0; d < names.length; d++) totals[d] = (mentionDensityWeight * (totals[d] as number)) / best;
  return totals;
}
