/**
 * The product's retriever. A question is analysed once (analyze.ts); a reference it makes
 * ("khoản 2 điều 11 nđ 174/2026") opens that unit first; then a short pipeline of named stages ranks
 * the units — lexical candidates (unit and article BM25, document prior), bonuses (title,
 * definition), vector candidates with feedback, fusion, validity on a date, the focus on powers for a
 * question about who may sanction, the focus on fines (a text that sets none ranks below the
 * sanctioning decree for a question asking a fine), and a reranker when one is
 * configured (rerank.ts) — and every hit carries the stages' contributions to its score (`reasons`,
 * shown by `npm run search -- --explain`).
 */
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { resolveDocument, type ParsedReference } from '../legal/reference.js';
import { isKnowledgeUnit, isRecognisedLegalDocument, type LegalUnit } from '../legal/units.js';
import { statusOn, today, type ValidityVerdict } from '../legal/validity.js';
import { DiacriticRestorer } from '../text/diacritics.js';
import { analyzeQuestion, type QuestionAnalysis } from './analyze.js';
import { rankingDefaults, type RankingParameterName } from '../parameters.js';
import { Amendments } from './amendments.js';
import { rerankQueryOf, type Reranker } from './rerank.js';
import { applyBonuses, FoldedTexts } from './stages/bonuses.js';
import { documentOrdinals, documentPrior, type DocumentOrdinals } from './stages/documentPrior.js';
import { reciprocalRankFusion, weightedFusion } from './stages/fusion.js';
import { addDocumentPrior, blendedScores, candidatesOf } from './stages/lexical.js';
import type { Candidate, Reasons } from './stages/types.js';
import { applyAuthorityFocus, applyFineFocus, applySanctionBonus, SanctionClauses } from './stages/sanction.js';
import { applyValidity } from './stages/validity.js';
import { termWeights } from './termWeights.js';
import { vectorCandidates } from './stages/vector.js';

export type RetrievalMode = 'hybrid' | 'lexical' | 'vector';

export type RetrieverSettings = { [name in RankingParameterName]: number } & { fusion: 'weighted' | 'rrf' };

export const DEFAULT_RETRIEVER_SETTINGS: RetrieverSettings = { ...rankingDefaults(), fusion: 'weighted' };

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
  /** Ranking score; exact references come first whatever their score. */
  score: number;
  /** True when the hit is the provision the query referred to by number. */
  exact: boolean;
  validity: ValidityVerdict;
  /** What each ranking stage contributed to the score. */
  reasons: Reasons;
}

/** Parts a retriever may be given besides its ranking settings. */
export interface RetrieverParts {
  /** Reorders the best hits after validity; none by default (the offline order). */
  reranker?: Reranker;
}

export class Retriever {
  readonly knowledge: KnowledgeBase;
  readonly settings: RetrieverSettings;
  /** How many questions this retriever has analysed (once per search; the offline answer also analyses the question without its opening words). */
  analyses = 0;
  private restorer: DiacriticRestorer | undefined;
  private ordinals: DocumentOrdinals | undefined;
  private readonly folded: FoldedTexts;
  /** Fine clauses, additional sanctions and remedial measures of each unit, read once. */
  readonly sanctions: SanctionClauses;
  private readonly fineSetting = new Map<string, boolean>();
  /** Which articles texts of the corpus amend. */
  readonly amendments: Amendments;
  /** How telling each folded term is in this corpus. */
  readonly weightOf: (term: string) => number;
  readonly reranker: Reranker | undefined;

  constructor(knowledge: KnowledgeBase, settings: Partial<RetrieverSettings> = {}, parts: RetrieverParts = {}) {
    this.knowledge = knowledge;
    this.settings = { ...DEFAULT_RETRIEVER_SETTINGS, ...settings };
    this.reranker = parts.reranker;
    this.folded = new FoldedTexts(knowledge);
    this.sanctions = new SanctionClauses(knowledge);
    this.amendments = new Amendments(knowledge);
    this.weightOf = termWeights(knowledge);
  }

  /**
   * Everything known about a question, worked out once; pass it to `search` and to the answer.
   * `subject`: for a follow-up, the earlier question(s) of the conversation it leans on;
   * `previousAnswer`: the answer given to them (the text it cited is where the follow-up stays).
   */
  analyze(question: string, subject?: string, previousAnswer?: string): QuestionAnalysis {
    this.analyses++;
    const { exactTermWeight, exactBigramWeight, foldedTermWeight, foldedBigramWeight, intentWeight, followUpContextWeight, storyContextWeight } = this.settings;
    return analyzeQuestion(
      question,
      {
        restorer: () => (this.restorer ??= new DiacriticRestorer(this.knowledge.syllableStatistics)),
        documents: [...this.knowledge.documents.values()],
        weights: { exact: exactTermWeight, exactBigram: exactBigramWeight, folded: foldedTermWeight, foldedBigram: foldedBigramWeight, intent: intentWeight, context: followUpContextWeight, story: storyContextWeight },
      },
      subject,
      previousAnswer,
    );
  }

  validityOf(unit: Pick<LegalUnit, 'ref' | 'kind' | 'chapter'>, asOf: string): ValidityVerdict {
    if (isKnowledgeUnit(unit)) return { status: 'không rõ', inForce: true, note: 'Tri thức nghiệp vụ do đơn vị biên soạn, không phải văn bản pháp luật' };
    const document = this.knowledge.documents.get(unit.ref.document);
    return statusOn(
      {
        number: unit.ref.document,
        origin: document?.origin,
        articleEffective: document?.articleEffective,
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

  /** Whether a text sets any fine (has a fine clause); the team's own lessons and guides are never held to it. */
  setsFines(document: string): boolean {
    let sets = this.fineSetting.get(document);
    if (sets === undefined) {
      const units = this.knowledge.unitsOfDocument(document);
      sets = units.some((unit) => isKnowledgeUnit(unit)) || units.some((unit) => this.sanctions.of(this.knowledge.indexOf(unit.id) ?? -1)?.kind === 'fine');
      this.fineSetting.set(document, sets);
    }
    return sets;
  }

  /** A unit of a text that is not a recognised legal document (lessons and guides are judged apart). */
  isUnrecognised(unit: LegalUnit): boolean {
    if (isKnowledgeUnit(unit)) return false;
    const document = this.knowledge.documents.get(unit.ref.document);
    return !document || !isRecognisedLegalDocument(document);
  }

  /** The document a question names, by its number or by its name ("Luật Thanh tra 2022"), when the corpus knows it (its text, or what other texts say of it). */
  namedDocument(analysis: QuestionAnalysis, asOf?: string): string | undefined {
    const numbered = analysis.reference.document;
    const mentions = [...(numbered && !numbered.self && (numbered.number || numbered.partialNumber) ? [numbered] : []), ...analysis.lawMentions.map((found) => found.mention)];
    for (const mention of mentions) {
      const number = resolveDocument(mention, this.knowledge.knownDocuments, asOf ? { asOf } : {});
      if (number && this.knowledge.documents.has(number)) return number;
    }
    return undefined;
  }

  /** Units a parsed reference points at, best first (the named Khoản before its siblings). */
  resolveReference(parsed: ParsedReference, asOf?: string, currentDocument?: string): LegalUnit[] {
    if ((!parsed.article && parsed.appendix === undefined) || !parsed.document) return [];
    const number = resolveDocument(parsed.document, this.knowledge.knownDocuments, { ...(currentDocument ? { currentDocument } : {}), ...(asOf ? { asOf } : {}) });
    if (!number) return [];
    if (!parsed.article) {
      const appendices = this.knowledge.unitsOfDocument(number).filter((u) => u.kind === 'appendix');
      const named = appendices.filter((u) => u.ref.appendix === parsed.appendix);
      // "phụ lục" without a number opens the document's only appendix, never a list of them.
      return parsed.appendix ? named : appendices.length === 1 ? appendices : [];
    }
    const inArticle = this.knowledge.unitsOfArticle(number, parsed.article);
    if (!parsed.clause) return inArticle;
    const clause = inArticle.filter((u) => u.ref.clause === parsed.clause);
    return clause.length > 0 ? [...clause, ...inArticle.filter((u) => u.ref.clause !== parsed.clause)] : [];
  }

  async search(question: string | QuestionAnalysis, options: SearchOptions = {}): Promise<SearchHit[]> {
    const analysis = typeof question === 'string' ? this.analyze(question) : question;
    const k = options.k ?? 10;
    const asOf = options.asOf ?? today();
    const referenced = this.resolveReference(analysis.reference, asOf);
    const exact: SearchHit[] = referenced.map((unit) => ({
      unit,
      index: this.knowledge.indexOf(unit.id) ?? -1,
      score: 1,
      exact: true,
      validity: this.validityOf(unit, asOf),
      reasons: { reference: 1 },
    }));
    if (analysis.reference.isPureReference && exact.length > 0) return exact.slice(0, k);
    const ranked = await this.rank(analysis, options.mode ?? 'hybrid', options.document);
    const seen = new Set(referenced.map((unit) => unit.id));
    const scored = applyValidity(
      ranked.filter((candidate) => !seen.has(this.knowledge.units[candidate.doc]?.id ?? '')),
      (doc) => {
        const unit = this.knowledge.units[doc];
        if (!unit) return undefined;
        return { unit, validity: this.validityOf(unit, asOf), superseded: this.amendments.supersededOn(unit.ref.document, unit.ref.article, asOf) !== undefined, knowledge: isKnowledgeUnit(unit), unaskedAppendix: unit.kind === 'appendix' && !analysis.asksForList, unrecognised: this.isUnrecognised(unit) };
      },
      this.settings,
    );
    applyAuthorityFocus(scored, analysis, this.settings.violationFactorForPowers);
    applyFineFocus(scored, analysis, (document) => this.setsFines(document), this.settings.finelessTextFactor);
    const reranked = this.reranker ? await this.reranker.rerank(rerankQueryOf(analysis), scored) : scored;
    return [...exact, ...reranked].slice(0, k);
  }

  /** Unit indexes ranked by the chosen mode, with the reasons of each score. */
  async rank(question: string | QuestionAnalysis, mode: RetrievalMode, document?: string): Promise<Candidate[]> {
    const analysis = typeof question === 'string' ? this.analyze(question) : question;
    const depth = this.settings.candidateDepth;
    const allowed = document ? (doc: number): boolean => this.knowledge.units[doc]?.ref.document === document : undefined;
    const lexical = mode === 'vector' ? [] : this.lexicalCandidates(analysis, depth, allowed);
    if (mode === 'lexical') return lexical;
    const vector = await vectorCandidates(analysis, this.knowledge, lexical, depth, this.settings, allowed);
    if (mode === 'vector') return vector.map((hit) => ({ ...hit, reasons: { vector: hit.score } }));
    const { vectorWeight } = this.settings;
    return this.settings.fusion === 'rrf'
      ? reciprocalRankFusion([lexical, vector], [1 - vectorWeight, vectorWeight], this.settings.rrfK)
      : weightedFusion(lexical, vector, vectorWeight);
  }

  private lexicalCandidates(analysis: QuestionAnalysis, depth: number, allowed?: (doc: number) => boolean): Candidate[] {
    this.ordinals ??= documentOrdinals(this.knowledge);
    const { scores, unitPart, articlePart } = blendedScores(analysis, this.knowledge, this.settings, allowed);
    const prior = addDocumentPrior(scores, documentPrior(analysis, this.knowledge, this.ordinals, this.settings), this.ordinals.unitDocument);
    const parts = { unitPart, articlePart, prior };
    const { titleWeight, definitionWeight, sanctionWeight, bonusCandidateFactor } = this.settings;
    const penalty = sanctionWeight > 0 && analysis.intents.includes('penalty');
    if (titleWeight <= 0 && this.settings.titleCoverageWeight <= 0 && (definitionWeight <= 0 || !analysis.definitionTerm) && !penalty) return candidatesOf(scores, depth, parts);
    // The bonuses can only reorder what is already near the top: they apply to a wider cut only.
    const candidates = candidatesOf(scores, depth * bonusCandidateFactor, parts);
    applyBonuses(candidates, analysis, this.folded, this.settings);
    return applySanctionBonus(candidates, analysis, this.sanctions, this.weightOf, this.settings).slice(0, depth);
  }
}
