/**
 * The product's retriever: exact-reference routing first ("khoản 2 điều 11 nđ 174/2026" opens that
 * unit), then hybrid search — BM25 over Vietnamese terms fused with the vector index — with
 * validity on a date: texts not yet in force on `asOf` are left out, texts no longer in force rank lower.
 */
import type { LegalUnit } from '../legal/units.js';
import { topK } from '../knowledge/bm25.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { findLawMentions, parseReference, resolveDocument, type ParsedReference } from '../legal/reference.js';
import { statusOn, today, type ValidityVerdict } from '../legal/validity.js';
import { reciprocalRankFusion, weightedFusion, type Ranked } from './fusion.js';
import { DEFAULT_QUERY_WEIGHTS, definiendum, lexicalQuery, legalContent, nameTerms, type QueryWeights } from './query.js';
import { foldDiacritics, hasDiacritics, syllables } from '../text/vietnamese.js';
import { DiacriticRestorer } from './diacritics.js';

export type RetrievalMode = 'hybrid' | 'lexical' | 'vector';

export interface RetrieverSettings {
  fusion: 'weighted' | 'rrf';
  vectorWeight: number;
  /** Candidates taken from each side before fusion. */
  depth: number;
  queryWeights: QueryWeights;
  /** Score factor for units of texts no longer in force on the date asked. */
  expiredFactor: number;
  /** Share of the whole article's BM25 score in a unit's lexical score (0: the unit alone). */
  articleWeight: number;
  /** Bonus for a unit whose Điều title the question repeats word for word ("thời hạn thanh tra"). */
  titleWeight: number;
  /** Pseudo-relevance feedback in vector space: weight of the centroid of the best lexical hits added to the query vector. */
  feedbackWeight: number;
  feedbackDepth: number;
  /** Bonus for a unit that defines the term a definition question asks about ("Lợi tức là ..."). */
  definitionWeight: number;
  /** Bonus for units of the document a question names ("theo Bộ luật Hình sự 2015"), found by its title. */
  mentionWeight: number;
  /** The same when no title matches: documents scored by how much of their text is about the name's words. */
  mentionDensityWeight: number;
}

export const DEFAULT_RETRIEVER_SETTINGS: RetrieverSettings = {
  fusion: 'weighted',
  vectorWeight: 0.1,
  depth: 100,
  queryWeights: DEFAULT_QUERY_WEIGHTS,
  expiredFactor: 0.35,
  articleWeight: 0.6,
  titleWeight: 0.2,
  feedbackWeight: 1,
  feedbackDepth: 5,
  definitionWeight: 0.6,
  mentionWeight: 0.3,
  mentionDensityWeight: 0.6,
};

export interface SearchOptions {
  k?: number;
  asOf?: string;
  mode?: RetrievalMode;
  /** Restrict to one document (a reference that names only a document). */
  document?: string;
}

export interface SearchHit {
  unit: LegalUnit;
  index: number;
  score: number;
  /** True when the hit is the provision the query referred to by number. */
  exact: boolean;
  validity: ValidityVerdict;
}

export class Retriever {
  readonly knowledge: KnowledgeBase;
  readonly settings: RetrieverSettings;

  constructor(knowledge: KnowledgeBase, settings: Partial<RetrieverSettings> = {}) {
    this.knowledge = knowledge;
    this.settings = { ...DEFAULT_RETRIEVER_SETTINGS, ...settings };
  }

  validityOf(unit: LegalUnit, asOf: string): ValidityVerdict {
    const document = this.knowledge.documents.get(unit.ref.document);
    return statusOn(
      {
        number: unit.ref.document,
        effective: document?.effective,
        expired: document?.expired,
        replacedBy: document?.replacedBy,
        repealed: document?.repealed ?? [],
      },
      asOf,
      unit.ref.article,
      unit.chapter?.number,
    );
  }

  /** Units a parsed reference points at, best first (the named Khoản before its siblings). */
  resolveReference(parsed: ParsedReference, asOf?: string, currentDocument?: string): LegalUnit[] {
    if (!parsed.article || !parsed.document) return [];
    const number = resolveDocument(parsed.document, this.knowledge.knownDocuments, { ...(currentDocument ? { currentDocument } : {}), ...(asOf ? { asOf } : {}) });
    if (!number) return [];
    const inArticle = this.knowledge.unitsOfArticle(number, parsed.article);
    if (!parsed.clause) return inArticle;
    const clause = inArticle.filter((u) => u.ref.clause === parsed.clause);
    return clause.length > 0 ? [...clause, ...inArticle.filter((u) => u.ref.clause !== parsed.clause)] : [];
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const k = options.k ?? 10;
    const asOf = options.asOf ?? today();
    const parsed = parseReference(query);
    const referenced = this.resolveReference(parsed, asOf);
    const ranked = parsed.isPureReference && referenced.length > 0 ? [] : await this.rank(query, options.mode ?? 'hybrid', options.document);
    const hits: SearchHit[] = [];
    const seen = new Set<string>();
    referenced.forEach((unit, position) => {
      const index = this.knowledge.indexOf(unit.id) ?? -1;
      seen.add(unit.id);
      hits.push({ unit, index, score: 1000 - position, exact: true, validity: this.validityOf(unit, asOf) });
    });
    const scored: SearchHit[] = [];
    for (const { doc, score } of ranked) {
      const unit = this.knowledge.units[doc];
      if (!unit || seen.has(unit.id)) continue;
      const validity = this.validityOf(unit, asOf);
      if (validity.status === 'chưa có hiệu lực') continue;
      scored.push({ unit, index: doc, score: validity.inForce ? score : score * this.settings.expiredFactor, exact: false, validity });
    }
    scored.sort((p, q) => q.score - p.score || p.index - q.index);
    return [...hits, ...scored].slice(0, k);
  }

  /** BM25 on the unit blended with BM25 on its whole article, so a Khoản inherits its article's relevance. */
  lexicalRank(query: string, depth: number, allowed?: (doc: number) => boolean): Ranked[] {
    // A question typed without diacritics gets them back from the corpus, then weighs like any other
    // (measured on the dev sets asked without diacritics, evals/tune.ts with FOLD_QUESTIONS=1: drill 0.514/0.618 → 0.546/0.673 MRR/R@5, the others within ±0.007).
    const terms = lexicalQuery(this.withDiacritics(query), this.settings.queryWeights);
    const units = this.knowledge.bm25.scoreAll(terms, allowed);
    const weight = this.settings.articleWeight;
    if (weight > 0) {
      const articles = this.knowledge.articleBm25.scoreAll(terms);
      let unitMax = 0;
      let articleMax = 0;
      for (const score of units) unitMax = Math.max(unitMax, score);
      for (const score of articles) articleMax = Math.max(articleMax, score);
      const map = this.knowledge.unitToArticle;
      for (let doc = 0; doc < units.length; doc++) {
        const unitScore = unitMax > 0 ? (units[doc] as number) / unitMax : 0;
        const articleScore = articleMax > 0 ? (articles[map[doc] as number] as number) / articleMax : 0;
        units[doc] = allowed && !allowed(doc) ? 0 : (1 - weight) * unitScore + weight * articleScore;
      }
    }
    const prior = this.documentPrior(query);
    if (prior) {
      const { unitDocument } = this.documentOrdinals();
      for (let doc = 0; doc < units.length; doc++) {
        if ((units[doc] as number) > 0) units[doc] = (units[doc] as number) + (prior[unitDocument[doc] as number] as number);
      }
    }
    const { titleWeight, definitionWeight } = this.settings;
    const term = definitionWeight > 0 ? definiendum(query) : undefined;
    if (titleWeight <= 0 && !term) return topK(units, depth);
    // Both bonuses can only reorder what is already near the top: they apply to a wider cut only.
    const candidates = topK(units, depth * 3);
    const question = ` ${legalContent(query).map((t) => foldDiacritics(t)).join(' ')} `;
    const definition = term ? ` ${term.join(' ')} la ` : undefined;
    for (const candidate of candidates) {
      if (titleWeight > 0) candidate.score += titleWeight * this.titleBonus(question, candidate.doc);
      if (definition && this.foldedText(candidate.doc).includes(definition)) candidate.score += definitionWeight;
    }
    return candidates.sort((p, q) => q.score - p.score || p.doc - q.doc).slice(0, depth);
  }

  /**
   * Score bonus by document for a law the question names: the document its number or title points at, or,
   * when none does (datasets that number their laws without names), the documents whose articles
   * carry the name's words most densely ("an ninh mạng" → the Cybersecurity law, not the Penal Code).
   */
  documentPrior(query: string): Float64Array | undefined {
    const { mentionWeight, mentionDensityWeight } = this.settings;
    const { names, articleDocument } = this.documentOrdinals();
    const only = (number: string): Float64Array | undefined => {
      if (mentionWeight <= 0) return undefined;
      const prior = new Float64Array(names.length);
      prior[names.indexOf(number)] = mentionWeight;
      return prior;
    };
    // A document named by its number ("theo Nghị định 174/2026") without an article to open.
    const numbered = parseReference(query).document;
    if (numbered && !numbered.self && (numbered.number || numbered.partialNumber)) {
      const number = resolveDocument(numbered, this.knowledge.knownDocuments);
      if (number && names.includes(number)) return only(number);
    }
    const mentions = findLawMentions(query);
    const found = mentions[0];
    if (!found) return undefined;
    for (const { mention } of mentions) {
      const number = resolveDocument(mention, this.knowledge.knownDocuments);
      if (number && names.includes(number)) return only(number);
    }
    if (mentionDensityWeight <= 0 || !found.mention.name) return undefined;
    const scores = this.knowledge.articleBm25.scoreAll(nameTerms(found.mention.name));
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

  private ordinals: { names: string[]; unitDocument: Int32Array; articleDocument: Int32Array } | undefined;

  /** Documents numbered 0..n-1, and the document of each unit and of each article-level BM25 row. */
  private documentOrdinals(): { names: string[]; unitDocument: Int32Array; articleDocument: Int32Array } {
    if (!this.ordinals) {
      const names: string[] = [];
      const ordinal = new Map<string, number>();
      const { units, unitToArticle } = this.knowledge;
      const unitDocument = new Int32Array(units.length);
      const articleDocument = new Int32Array(this.knowledge.articleBm25.size);
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
      this.ordinals = { names, unitDocument, articleDocument };
    }
    return this.ordinals;
  }

  private restorer: DiacriticRestorer | undefined;
  private lastRestored: { question: string; restored: string } | undefined;

  /**
   * The question as typed when it has diacritics; otherwise with them put back from the corpus
   * ("thoi han thanh tra" → "thời hạn thanh tra"). The last one is kept: lexical, vector and answer ask in turn.
   */
  withDiacritics(question: string): string {
    if (hasDiacritics(question)) return question;
    if (this.lastRestored?.question === question) return this.lastRestored.restored;
    this.restorer ??= new DiacriticRestorer(this.knowledge.bm25);
    const restored = this.restorer.restore(syllables(question)).join(' ');
    this.lastRestored = { question, restored };
    return restored;
  }

  /** Folded unit texts met by definition questions, computed once per unit. */
  private readonly foldedTexts = new Map<number, string>();

  /** A unit's own words, folded and padded, for phrase tests. */
  private foldedText(doc: number): string {
    let text = this.foldedTexts.get(doc);
    if (text === undefined) {
      const unit = this.knowledge.units[doc];
      text = unit ? ` ${syllables(unit.text).map((t) => foldDiacritics(t)).join(' ')} ` : '';
      this.foldedTexts.set(doc, text);
    }
    return text;
  }

  /** The query vector moved toward the centroid of the best lexical hits (Rocchio in embedding space). */
  private withFeedback(query: number[], lexical: readonly Ranked[]): number[] {
    const dimension = query.length;
    const moved = Float64Array.from(query);
    const top = lexical.slice(0, this.settings.feedbackDepth);
    for (const hit of top) {
      const vector = this.knowledge.vectorOf(hit.doc);
      for (let d = 0; d < dimension; d++) moved[d] = (moved[d] as number) + (this.settings.feedbackWeight / top.length) * (vector[d] as number);
    }
    const norm = Math.sqrt(moved.reduce((sum, v) => sum + v * v, 0)) || 1;
    return Array.from(moved, (v) => v / norm);
  }

  /** Folded article titles, computed once per unit on first use. */
  private readonly foldedTitles = new Map<number, string[]>();

  /** 0..1 when the unit's article title appears whole in the (folded, padded) question, by the title's length. */
  private titleBonus(question: string, doc: number): number {
    let words = this.foldedTitles.get(doc);
    if (!words) {
      words = syllables(this.knowledge.units[doc]?.articleTitle ?? '').map((t) => foldDiacritics(t));
      this.foldedTitles.set(doc, words);
    }
    return words.length >= 2 && question.includes(` ${words.join(' ')} `) ? Math.min(1, words.length / 4) : 0;
  }

  /** Unit indexes ranked by the chosen mode. */
  async rank(query: string, mode: RetrievalMode, document?: string): Promise<Ranked[]> {
    const { depth } = this.settings;
    const allowed = document ? (doc: number): boolean => this.knowledge.units[doc]?.ref.document === document : undefined;
    const lexical = mode === 'vector' ? [] : this.lexicalRank(query, depth, allowed);
    if (mode === 'lexical') return lexical;
    let vectorQuery = await this.knowledge.embedder.embedQuery(legalContent(this.withDiacritics(query)).join(' '));
    if (this.settings.feedbackWeight > 0 && lexical.length > 0) vectorQuery = this.withFeedback(vectorQuery, lexical);
    let vector = await this.knowledge.nearest(vectorQuery, allowed ? depth * 5 : depth);
    if (allowed) vector = vector.filter((hit) => allowed(hit.doc)).slice(0, depth);
    if (mode === 'vector') return vector;
    return this.settings.fusion === 'rrf'
      ? reciprocalRankFusion([lexical, vector], [1 - this.settings.vectorWeight, this.settings.vectorWeight])
      : weightedFusion(lexical, vector, this.settings.vectorWeight);
  }
}
