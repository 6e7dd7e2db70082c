/**
 * The offline answerer. A question (read with the conversation's subject when it is a follow-up) is
 * analysed once and searched; the best Khoản of the best article is the provision the answer rests on
 * — or, when a text in force gave that article new wording, the amending provision, with the
 * original cited second. A fitted model (confidence.ts) then decides among three outcomes:
 *  - answer: a short answer first (shortAnswer.ts), then the quoted provisions, validity notes;
 *  - likely: the provisions most likely to apply, each with its key sentence, labelled as needing
 *    the inspector's reading — never "no legal basis";
 *  - decline: only for a question outside what the corpus is about.
 */
import { isKnowledgeUnit, unitLabel, type LegalUnit } from '../legal/units.js';
import { displayDate, today, type ValidityStatus } from '../legal/validity.js';
import type { QuestionAnalysis } from '../retrieval/analyze.js';
import type { Retriever, SearchHit } from '../retrieval/retriever.js';
import { coverage, overlapScore, quotableSpans, type Span } from '../text/coverage.js';
import { contentTerms } from '../text/conversational.js';
import { foldDiacritics, normalizeText } from '../text/vietnamese.js';
import { conversationSubject, leansOnPrevious, previousAnswer } from '../text/followUp.js';
import { cueWords } from '../text/intents.js';
import { askedQuantity, statesQuantity, type QuantityKind } from '../text/quantities.js';
import { CitationList } from './citationList.js';
import { FEATURE_NAMES, probability, vectorOf, type ConfidenceModel, type Features } from './confidence.js';
import { AUTHORITY, clip, DURATION, shortAnswer } from './shortAnswer.js';
import { actTerms, bestAct } from '../retrieval/stages/sanction.js';
import type { Answerer, AnswerOutcome, ChatAnswer, ChatRequest, Citation } from './types.js';
import { verifyNumbers } from './verify.js';

export interface ExtractiveSettings {
  /** Longest quote, in characters, before a unit is quoted by its best sentences instead. */
  wholeUnitChars: number;
  /** A Điều whose Khoản together are at most this long is quoted whole. */
  wholeArticleChars: number;
  /** Bonus, in overlap points, for a Khoản of the kind the question asks for (a period for a deadline, a power for authority). */
  intentClauseBonus: number;
  /** Share of phrase (adjacent pair) coverage in the coverage feature, against single-term coverage. */
  pairWeight: number;
  /** Hits searched for one answer. */
  searchDepth: number;
  /** A second article is cited when its coverage reaches this share of the first's. */
  secondCitationShare: number;
  /** Hits after the first looked at for a second article. */
  secondCitationWindow: number;
  /** Provisions offered when the answer is "likely to apply". */
  likelyProvisions: number;
  /** Lessons and guides cited after the legal basis at most. */
  knowledgeCitations: number;
  /** A lesson or guide is cited when its score reaches this share of the best provision's. */
  knowledgeShare: number;
  /** A verified answer is shown first when its question covers this share of the question's words. */
  verifiedCoverage: number;
}

export const DEFAULT_EXTRACTIVE_SETTINGS: ExtractiveSettings = {
  wholeUnitChars: 1500,
  intentClauseBonus: 0.15,
  wholeArticleChars: 3500,
  pairWeight: 0.5,
  searchDepth: 10,
  secondCitationShare: 0.85,
  secondCitationWindow: 3,
  likelyProvisions: 3,
  knowledgeCitations: 2,
  knowledgeShare: 0.5,
  verifiedCoverage: 0.7,
};

export const LIKELY_TEXT = 'Chưa đủ chắc chắn để trả lời trực tiếp. Các quy định có thể áp dụng dưới đây cần được thanh tra viên đọc và đối chiếu với vụ việc:';
export const DECLINE_TEXT =
  'Câu hỏi này nằm ngoài phạm vi các văn bản trong kho của trợ lý (thanh tra, kiểm tra chuyên ngành, khiếu nại, tố cáo, tiếp công dân, bưu chính, viễn thông, tần số vô tuyến điện, công nghệ thông tin, an toàn thông tin, giao dịch điện tử, báo chí, xuất bản, tiếp cận thông tin). Xin nêu rõ lĩnh vực, hành vi hoặc văn bản cần tra cứu.';

/** A published lesson, guide or verified answer behind a live unit, as the answer presents it. */
export interface PublishedKnowledge {
  kind: 'lesson' | 'guide' | 'verified';
  label: string;
  /** Units of the law it rests on (its legal basis). */
  basisUnitIds: string[];
  /** For a verified answer: the curated answer, who approved it and when. */
  verified?: { question: string; answer: string; approvedBy: string; approvedAt: string };
}

/** What the answerer knows about a question before it decides how to answer. */
export interface Assessment {
  analysis: QuestionAnalysis;
  asOf: string;
  /** Provisions of the law, best first (lessons and guides are never the basis of an answer). */
  hits: SearchHit[];
  /** Lessons, guides and verified answers found for the question, best first. */
  knowledgeHits: SearchHit[];
  /** The provision the answer rests on; undefined when nothing was found. */
  lead?: LegalUnit;
  /** The original provision, when the lead is the text that amended it. */
  amended?: { unit: LegalUnit; label: string; effective?: string };
  features: Features;
  /**
   * The question asks for a share, an age or a charge (a fee, a price, a compensation: a sum that is not a
   * fine) and the provision's Điều states none: it cannot be the answer, however confident the model
   * (answer-type check; no dev question was answerable so).
   */
  typeMismatch: boolean;
}

export class ExtractiveAnswerer implements Answerer {
  readonly mode = 'extractive' as const;
  readonly retriever: Retriever;
  private readonly settings: ExtractiveSettings;
  private readonly model: ConfidenceModel | undefined;
  private readonly published: (unitId: string) => PublishedKnowledge | undefined;

  /**
   * `model`: the fitted confidence model; without one (while fitting it) every found provision is answered.
   * `published`: what stands behind a live unit (lesson, guide, verified answer), when the service has a library.
   */
  constructor(retriever: Retriever, model: ConfidenceModel | undefined, settings: Partial<ExtractiveSettings> = {}, published: (unitId: string) => PublishedKnowledge | undefined = () => undefined) {
    this.retriever = retriever;
    this.model = model;
    this.settings = { ...DEFAULT_EXTRACTIVE_SETTINGS, ...settings };
    this.published = published;
  }

  /**
   * Analyses and searches the question, chooses the provision to rest on, and computes the features the
   * model reads. `stability: false` skips the second search behind `stableTail` (left 0): for a caller that
   * needs only the hits, or that completes it with `withStability` when the model is actually consulted.
   */
  async assess(request: ChatRequest, options: { stability?: boolean } = {}): Promise<Assessment> {
    const subject = subjectOf(request);
    const analysis = this.retriever.analyze(request.message, subject, subject && request.history ? previousAnswer(request.history) : undefined);
    const asOf = request.asOf ?? analysis.time?.asOf ?? today();
    const found = await this.retriever.search(analysis, { k: this.settings.searchDepth + 5, asOf });
    const hits = found.filter((hit) => !isKnowledgeUnit(hit.unit)).slice(0, this.settings.searchDepth);
    const knowledgeHits = found.filter((hit) => isKnowledgeUnit(hit.unit));
    const top = hits[0];
    if (!top) return { analysis, asOf, hits, knowledgeHits, features: emptyFeatures(analysis), typeMismatch: false };
    let lead = top.exact ? top.unit : this.bestClauseOf(analysis, top.unit);
    let amended: Assessment['amended'];
    const amendment = this.retriever.amendments.supersededOn(lead.ref.document, lead.ref.article, asOf);
    const amendingUnit = amendment ? this.retriever.knowledge.unitById(amendment.unitId) : undefined;
    if (amendment && amendingUnit) {
      amended = { unit: lead, label: amendment.label, ...(amendment.effective ? { effective: amendment.effective } : {}) };
      lead = this.bestClauseOf(analysis, amendingUnit);
    }
    const asked = askedQuantity(analysis.restored);
    const stable = options.stability !== false && (await this.stableWithoutOpening(request, subject, top, asOf));
    const features = { ...this.featuresOf(analysis, hits, lead, asOf, asked), stableTail: stable ? 1 : 0 };
    const typeMismatch = features.answerType === 0 && (asked === 'percent' || asked === 'age' || asked === 'charge');
    return { analysis, asOf, hits, knowledgeHits, lead, ...(amended ? { amended } : {}), features, typeMismatch };
  }

  async answer(request: ChatRequest): Promise<ChatAnswer> {
    // The stability search runs only when the model is consulted (not for a verified answer, a status or a reference).
    const assessment = await this.assess(request, { stability: false });
    const verified = this.verifiedAnswerFor(assessment);
    if (verified) return verified;
    const status = this.documentStatus(assessment);
    if (status) return status;
    const { lead, hits } = assessment;
    if (!lead || !hits[0]) return this.decline(assessment, 0);
    // A text that is not a recognised legal document is never the sole basis of a grounded answer.
    if (this.retriever.isUnrecognised(lead)) return this.likely(assessment, 0);
    if (hits[0].exact || !this.model) return this.compose(assessment, 1);
    const values = vectorOf(await this.withStability(request, assessment));
    const confidence = probability(this.model.answer, values);
    if (confidence >= this.model.answer.threshold && !assessment.typeMismatch) return this.compose(assessment, confidence);
    return probability(this.model.domain, values) >= this.model.domain.threshold ? this.likely(assessment, confidence) : this.decline(assessment, confidence);
  }

  /** The assessment's features with `stableTail` computed (for an assessment made with `stability: false`). */
  private async withStability(request: ChatRequest, assessment: Assessment): Promise<Features> {
    const top = assessment.hits[0];
    if (!top) return assessment.features;
    const subject = subjectOf(request);
    return { ...assessment.features, stableTail: (await this.stableWithoutOpening(request, subject, top, assessment.asOf)) ? 1 : 0 };
  }

  /**
   * Whether the question without its opening quarter of words (the setting of a story, the subject
   * named first) still finds the same Điều first: an answer that rests on the question's core is
   * surer than one that a few opening words decided (stability under perturbation of the query).
   */
  private async stableWithoutOpening(request: ChatRequest, subject: string | undefined, top: SearchHit, asOf: string): Promise<boolean> {
    if (top.exact) return true;
    const words = request.message.trim().split(/\s+/u);
    const tail = words.slice(Math.floor(words.length / 4)).join(' ');
    if (tail === request.message.trim()) return true;
    const analysis = this.retriever.analyze(tail, subject, subject && request.history ? previousAnswer(request.history) : undefined);
    const found = await this.retriever.search(analysis, { k: 5, asOf });
    const first = found.find((hit) => !isKnowledgeUnit(hit.unit));
    return first !== undefined && articleOf(first.unit) === articleOf(top.unit);
  }

  /** How much of the question a unit covers (with its document and Điều titles and lead-in): single terms and phrases. */
  coverageOf(analysis: QuestionAnalysis, unit: LegalUnit): { terms: number; pairs: number } {
    const terms = analysis.terms.filter((t) => this.retriever.knowledge.bm25.documentFrequency(`f:${t}`) > 0 || t.length > 2);
    return coverage(terms, [unit.documentTitle, unit.articleTitle, unit.lead ?? '', unit.text].join('\n'), this.retriever.weightOf);
  }

  private featuresOf(analysis: QuestionAnalysis, hits: readonly SearchHit[], lead: LegalUnit, asOf: string, asked: QuantityKind | undefined): Omit<Features, 'stableTail'> {
    const top = hits[0] as SearchHit;
    const covered = this.coverageOf(analysis, lead);
    const other = hits.find((hit) => articleOf(hit.unit) !== articleOf(top.unit));
    const document = this.retriever.knowledge.documents.get(lead.ref.document);
    const validity = this.retriever.validityOf(lead, asOf);
    const { vectorWeight, sanctionWeight } = this.retriever.settings;
    const unknown = analysis.terms.filter((t) => this.retriever.knowledge.bm25.documentFrequency(`f:${t}`) === 0).length;
    // 1 when the question names a text and the provision is in it, 0 when it is in another, ½ when none is named.
    const named = this.retriever.namedDocument(analysis, asOf);
    return {
      coverage: covered.terms,
      pairCoverage: covered.pairs,
      topScore: top.score,
      margin: top.score > 0 ? (top.score - (other?.score ?? 0)) / top.score : 0,
      vectorShare: vectorWeight > 0 ? (top.reasons.vector ?? 0) / vectorWeight : 0,
      intentMatch: this.intentMatch(analysis, top, lead),
      sanctionMatch: sanctionWeight > 0 ? (top.reasons.sanction ?? 0) / sanctionWeight : 0,
      textOrigin: document?.origin === 'text' ? 1 : 0,
      statusKnown: validity.status === 'không rõ' ? 0 : 1,
      inForce: validity.inForce ? 1 : 0,
      sameArticleTop5: hits.slice(0, 5).filter((hit) => articleOf(hit.unit) === articleOf(top.unit)).length / Math.min(5, hits.length),
      unknownTerms: analysis.terms.length > 0 ? unknown / analysis.terms.length : 0,
      termCount: Math.log(1 + analysis.terms.length),
      followUp: analysis.context ? 1 : 0,
      definitionFound: (top.reasons.definition ?? 0) > 0 ? 1 : 0,
      namedDocument: named ? (named === lead.ref.document ? 1 : 0) : 0.5,
      answerType: this.answerType(asked, lead, analysis.restored),
    };
  }

  /** 1 when the provision's Điều states the kind of quantity the question asks for (a share, an age, a sum …), 0 when it states none, ½ when none is asked. */
  private answerType(asked: QuantityKind | undefined, lead: LegalUnit, question: string): number {
    if (!asked) return 0.5;
    const article = this.retriever.knowledge.unitsOfArticleOf(lead).map((unit) => unit.text).join('\n') || lead.text;
    return statesQuantity(`${lead.lead ?? ''}\n${article}`, asked, question) ? 1 : 0;
  }

  /** 1 when the provision is the kind the question asks for (a fine for a penalty, a period for a deadline …), 0 when not, ½ when the question shows no intent. */
  private intentMatch(analysis: QuestionAnalysis, top: SearchHit, lead: LegalUnit): number {
    const checks: boolean[] = [];
    const { intents } = analysis;
    if (intents.includes('penalty')) checks.push((top.reasons.sanction ?? 0) > 0);
    if (intents.includes('deadline')) checks.push(/\d+\s*(?:ngày|tháng|năm|giờ)/u.test(lead.text));
    if (intents.includes('authority')) checks.push(/thẩm quyền|có quyền|quyết định/u.test(`${lead.articleTitle} ${lead.text}`));
    if (intents.includes('definition')) checks.push((top.reasons.definition ?? 0) > 0 || / là /u.test(lead.text));
    if (intents.includes('transition') || intents.includes('effective')) checks.push(/chuyển tiếp|hiệu lực|thi hành/iu.test(lead.articleTitle));
    if (checks.length === 0) return 0.5;
    return checks.filter(Boolean).length / checks.length;
  }

  /**
   * Within an article, the Khoản whose words answer the question best (the earlier one on a tie),
   * preferring the kind of Khoản the question asks for: for a penalty, the fine clause whose act
   * matches best; for a deadline, one that states a period; for a power, one that names it.
   */
  bestClauseOf(analysis: QuestionAnalysis, unit: LegalUnit): LegalUnit {
    if (unit.kind !== 'clause') return unit;
    const terms = [...new Set([...analysis.terms, ...analysis.lawTerms])];
    const siblings = this.retriever.knowledge.unitsOfArticleOf(unit).filter((u) => u.kind === 'clause');
    if (analysis.intents.includes('penalty')) {
      const acts = actTerms(analysis);
      let bestFine: { unit: LegalUnit; score: number } | undefined;
      for (const sibling of siblings) {
        const index = this.retriever.knowledge.indexOf(sibling.id);
        const clause = index === undefined ? undefined : this.retriever.sanctions.of(index);
        if (clause?.kind !== 'fine') continue;
        const match = bestAct(clause, acts, this.retriever.weightOf);
        if (match && (!bestFine || match.score > bestFine.score + 1e-9)) bestFine = { unit: sibling, score: match.score };
      }
      if (bestFine && bestFine.score > 0) return bestFine.unit;
    }
    const pattern = clausePattern(analysis);
    const scoreOf = (candidate: LegalUnit): number => overlapScore(terms, candidate.text, this.retriever.weightOf) + (pattern?.test(candidate.text) ? this.settings.intentClauseBonus : 0);
    let best = unit;
    let bestScore = scoreOf(unit);
    for (const sibling of siblings) {
      const score = scoreOf(sibling);
      if (score > bestScore + 1e-9 || (Math.abs(score - bestScore) < 1e-9 && sibling.order < best.order)) {
        best = sibling;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * A question about whether a whole text is in force ("Luật Thanh tra 2022 còn hiệu lực không?"):
   * its status on the date asked, the provision of the text that ended it when there is one, and the
   * text's own article on its entry into force. Undefined when the question asks about more than
   * the text (any word beyond the validity cue, the text's name and title, and a time).
   */
  private documentStatus(assessment: Assessment): ChatAnswer | undefined {
    const { analysis, asOf } = assessment;
    if (!analysis.intents.includes('validity') || analysis.reference.article || analysis.reference.appendix !== undefined) return undefined;
    const number = this.retriever.namedDocument(analysis, asOf);
    const record = number ? this.retriever.knowledge.documents.get(number) : undefined;
    if (!number || !record) return undefined;
    const units = this.retriever.knowledge.unitsOfDocument(number);
    const allowed = new Set([...cueWords('validity'), ...contentTerms(record.title ?? ''), ...contentTerms(namingPhrase(analysis.question)), ...STATUS_QUESTION_WORDS]);
    // Asked of the text as a whole: every other word of the question names the text or asks after its status
    // ("Theo Nghị định 15/2020 trước khi bị thay thế, hành vi … bị phạt bao nhiêu?" asks about an act, not the text).
    if (analysis.terms.some((term) => !allowed.has(term) && !/^\d+$/u.test(term))) return undefined;
    // A text the corpus knows only through others (no title to tell its name from the question's
    // other words): only when named by its number and plainly asked whether it still applies.
    const numbered = analysis.reference.document?.number ?? analysis.reference.document?.partialNumber;
    if (units.length === 0 && !(numbered && STILL_IN_FORCE.test(foldDiacritics(analysis.question.toLowerCase())))) return undefined;
    const whole: Pick<LegalUnit, 'ref' | 'kind' | 'documentType' | 'documentTitle'> = { ref: { document: number }, kind: 'article', documentType: record.type ?? units[0]?.documentType ?? 'Văn bản', documentTitle: record.title ?? units[0]?.documentTitle ?? '' };
    const validity = this.retriever.validityOf(whole, asOf);
    const citations = new CitationList(this.retriever, asOf);
    const sentences = [...(analysis.time ? [`Trả lời ${analysis.time.phrase}.`] : []), `${unitLabel(whole)}: ${STATUS_WORDS[validity.status]}.`];
    // The texts that ended, repealed in part or amended it, each by its provision that says so.
    const enders = [...new Set([...(validity.endedBy ?? []), ...record.amendedBy])];
    for (const by of enders) {
      const stating = this.retriever.amendments.statingUnit(by, number);
      if (!stating) continue;
      const spans = namingSpans(stating, number);
      sentences.push(`“${clip(spans.join(' … '))}” [${citations.cite(stating, spans)}].`);
    }
    const entry = units.find((unit) => /hiệu lực/iu.test(unit.articleTitle) && /có hiệu lực/iu.test(unit.text));
    if (entry) {
      const quote = quotableSpans(entry.text).find((span) => /có hiệu lực/iu.test(span.text))?.text ?? entry.text;
      sentences.push(`“${clip(quote)}” [${citations.cite(entry, [quote])}].`);
    }
    const list = citations.citations();
    if (list.length === 0) return undefined;
    const notes = [`Lưu ý: ${unitLabel(whole)} — ${validity.note.charAt(0).toLowerCase()}${validity.note.slice(1)}.`];
    return certain([...sentences, '', 'Căn cứ:', ...list.map(basisLine), ...notes].join('\n'), sentences.join(' '), list, asOf);
  }

  /**
   * When a provision is no longer in force on `asOf` and the text that ended it is in the corpus:
   * that text's provision naming it, the line to quote, and the sentence saying so (no date: the
   * validity note gives it, and the short answer only states numbers its sources contain).
   */
  private endOf(lead: LegalUnit, asOf: string): { unit: LegalUnit; quotes: string[]; sentence: string } | undefined {
    const validity = this.retriever.validityOf(lead, asOf);
    if (validity.inForce || !validity.by || !validity.ended) return undefined;
    const unit = this.retriever.amendments.statingUnit(validity.by, lead.ref.document, lead.ref.article);
    if (!unit) return undefined;
    const quotes = namingSpans(unit, lead.ref.document);
    const stating = unitLabel(unit);
    const sentence = validity.ended === 'article repealed'
      ? `${unitLabel({ ...lead, kind: 'article', ref: { document: lead.ref.document, ...(lead.ref.article ? { article: lead.ref.article } : {}) } })} không còn hiệu lực: đã bị bãi bỏ bởi ${stating}`
      : `${unitLabel({ ...lead, ref: { document: lead.ref.document } })} không còn hiệu lực: ${stating} quy định việc thay thế, hết hiệu lực của văn bản này`;
    return { unit, quotes, sentence };
  }

  /** The spans of a unit quoted in full: the whole unit when short, else its best lines with the clause's opening. */
  private quoteSpans(analysis: QuestionAnalysis, unit: LegalUnit, limit: number): Span[] {
    const spans = quotableSpans(unit.text);
    if (unit.text.length <= this.settings.wholeUnitChars || spans.length <= 1) return [{ start: 0, end: unit.text.length, text: unit.text }];
    const terms = [...new Set([...analysis.terms, ...analysis.lawTerms])];
    const scored = spans.map((span, index) => ({ span, index, score: overlapScore(terms, span.text, this.retriever.weightOf) }));
    scored.sort((p, q) => q.score - p.score || p.index - q.index);
    const chosen = scored.slice(0, limit).filter((s, i) => i === 0 || s.score > 0);
    // A point quoted alone loses its clause's opening ("Phạt tiền từ ... đối với một trong các hành vi sau:").
    const opening = spans[0];
    if (opening && !chosen.some((c) => c.index === 0) && /(?:sau đây|sau):$/u.test(opening.text)) chosen.push({ span: opening, index: 0, score: 1 });
    return chosen.sort((p, q) => p.index - q.index).map((c) => c.span);
  }

  private compose(assessment: Assessment, confidence: number): ChatAnswer {
    const { analysis, hits, asOf, amended } = assessment;
    const lead = assessment.lead as LegalUnit;
    const top = hits[0] as SearchHit;
    const citations = new CitationList(this.retriever, asOf);
    // A provision no longer in force: the provision that ended it is cited, first when that is what
    // was asked (a reference looked up, a question about validity), else after the old wording.
    const ended = this.endOf(lead, asOf);
    const endFirst = ended !== undefined && (top.exact || analysis.intents.includes('validity'));
    const endSentence = (): string[] => (ended ? [`${ended.sentence} [${citations.cite(ended.unit, ended.quotes)}].`] : []);
    // A provision looked up by its reference with a question about its validity: its status first.
    const statusLine = !ended && top.exact && analysis.intents.includes('validity') ? [`${unitLabel(lead)}: ${STATUS_WORDS[this.retriever.validityOf(lead, asOf).status]}.`] : [];
    const firstSentences = endFirst ? endSentence() : statusLine;
    // The short answer first: it numbers the provisions it uses as it goes.
    const short = shortAnswer({ retriever: this.retriever, analysis, lead, exact: top.exact, citations });
    const leadMarker = citations.cite(lead, this.quoteSpans(analysis, lead, 2).map((s) => s.text));
    const laterSentences = endFirst ? [] : endSentence();
    // A short Điều is quoted whole: its other Khoản often hold what the question also asks (the extension, the exception).
    const article = this.retriever.knowledge.unitsOfArticleOf(lead);
    if (article.length > 1 && article.reduce((sum, u) => sum + u.text.length, 0) <= this.settings.wholeArticleChars) {
      for (const unit of article) if (!citations.has(unit.id)) citations.cite(unit, [unit.text]);
    }
    if (amended) citations.cite(amended.unit, this.quoteSpans(analysis, amended.unit, 1).map((s) => s.text));
    if (!top.exact) {
      const leadCoverage = this.coverageOf(analysis, lead);
      const leadScore = (1 - this.settings.pairWeight) * leadCoverage.terms + this.settings.pairWeight * leadCoverage.pairs;
      const second = hits.slice(1, 1 + this.settings.secondCitationWindow).find((hit) => {
        if (hit.exact || articleOf(hit.unit) === articleOf(lead) || articleOf(hit.unit) === articleOf(top.unit)) return false;
        const covered = this.coverageOf(analysis, hit.unit);
        return (1 - this.settings.pairWeight) * covered.terms + this.settings.pairWeight * covered.pairs >= leadScore * this.settings.secondCitationShare;
      });
      if (second) citations.cite(second.unit, this.quoteSpans(analysis, second.unit, 1).map((s) => s.text));
    }
    const lessons = this.knowledgeLines(assessment, citations);
    const list = citations.citations();
    const verifiedShort = short.filter((sentence) => verifyNumbers(sentence, list, (id) => this.retriever.knowledge.unitById(id)));
    const leadCitation = list.find((c) => c.unitId === lead.id) ?? (list[0] as Citation);
    const opening = [...firstSentences, ...(verifiedShort.length > 0 ? verifiedShort : [sentenceFromQuote(leadCitation)]), ...laterSentences];
    const notes = this.validityNotes(list, amended, asOf, leadMarker);
    const parts = [
      ...(analysis.time ? [`Trả lời ${analysis.time.phrase}.`] : []),
      ...opening,
      '',
      'Căn cứ:',
      ...list.filter((c) => !lessons.markers.includes(c.n)).map(basisLine),
      ...notes,
      ...(lessons.lines.length > 0 ? ['', 'Kinh nghiệm nghiệp vụ (tham khảo, không thay căn cứ pháp lý):', ...lessons.lines] : []),
    ];
    return {
      answer: parts.join('\n'),
      short: [...(analysis.time ? [`Trả lời ${analysis.time.phrase}.`] : []), ...opening].join(' '),
      citations: list,
      grounded: true,
      outcome: 'answer',
      mode: 'extractive',
      confidence: Number(confidence.toFixed(3)),
      asOf,
    };
  }

  /**
   * A verified answer shown first: a published one whose question covers most of the question's
   * words and which rests on the provisions search finds for it — marked as verified by whom and
   * when, its legal basis cited and checked like any other citation.
   */
  private verifiedAnswerFor(assessment: Assessment): ChatAnswer | undefined {
    const { analysis, hits, asOf } = assessment;
    const lawArticles = new Set(hits.slice(0, 5).map((hit) => articleOf(hit.unit)));
    for (const hit of assessment.knowledgeHits.slice(0, 3)) {
      const item = this.published(hit.unit.id);
      if (item?.kind !== 'verified' || !item.verified) continue;
      const covered = coverage(analysis.terms, item.verified.question, this.retriever.weightOf);
      if ((covered.terms + covered.pairs) / 2 < this.settings.verifiedCoverage) continue;
      const basis = item.basisUnitIds.map((id) => this.retriever.knowledge.unitById(id)).filter((unit): unit is LegalUnit => unit !== undefined);
      const rests = basis.some((unit) => lawArticles.has(articleOf(unit)));
      if (!rests || basis.length !== item.basisUnitIds.length) continue;
      const citations = new CitationList(this.retriever, asOf);
      const markers = basis.map((unit) => citations.cite(unit, [quotableSpans(unit.text)[0]?.text ?? unit.text]));
      const verifiedMarker = citations.cite(hit.unit, [hit.unit.text.split('\n').find((line) => line.startsWith('Đáp:')) ?? hit.unit.text]);
      const list = citations.citations();
      const notes = this.validityNotes(list.filter((c) => c.unitId !== hit.unit.id), undefined, asOf, 1);
      const stamp = `Câu trả lời chuẩn, đã được ${item.verified.approvedBy} duyệt ngày ${displayDate(item.verified.approvedAt.slice(0, 10))} [${verifiedMarker}]`;
      const short = `${item.verified.answer} ${markers.map((n) => `[${n}]`).join('')}`.trim();
      return {
        ...certain([short, '', `${stamp}.`, '', 'Căn cứ:', ...list.filter((c) => c.unitId !== hit.unit.id).map(basisLine), ...notes].join('\n'), short, list, asOf),
        verified: { label: item.label, approvedBy: item.verified.approvedBy, approvedAt: item.verified.approvedAt },
      };
    }
    return undefined;
  }

  /** Lessons and guides found for the question, cited after the legal basis, never in its place. */
  private knowledgeLines(assessment: Assessment, citations: CitationList): { lines: string[]; markers: number[] } {
    const best = assessment.hits[0]?.score ?? 0;
    const lines: string[] = [];
    const markers: number[] = [];
    for (const hit of assessment.knowledgeHits) {
      if (lines.length >= this.settings.knowledgeCitations) break;
      if (hit.unit.kind === 'verified' || hit.score < best * this.settings.knowledgeShare) continue;
      const line = hit.unit.text.split('\n').find((l) => /^(?:Bài học|Bước 1)/u.test(l)) ?? hit.unit.text.split('\n')[0] ?? hit.unit.text;
      const n = citations.cite(hit.unit, [line]);
      markers.push(n);
      lines.push(`[${n}] ${hit.unit.documentTitle}: “${clip(line)}”`);
    }
    return { lines, markers };
  }

  /** A note for every cited provision not plainly in force: expired, not yet in force, amended, or of unknown status. */
  private validityNotes(citations: readonly Citation[], amended: Assessment['amended'], asOf: string, leadMarker: number): string[] {
    const notes: string[] = [];
    const law = citations.filter((c) => {
      const unit = this.retriever.knowledge.unitById(c.unitId);
      return unit !== undefined && !isKnowledgeUnit(unit);
    });
    for (const citation of law) {
      if (amended && citation.unitId === amended.unit.id) {
        notes.push(`Lưu ý: ${citation.label} đã được sửa đổi, bổ sung bởi ${amended.label}${amended.effective ? ` từ ${displayDate(amended.effective)}` : ''}; câu trả lời theo quy định đã sửa đổi [${leadMarker}].`);
        continue;
      }
      if (citation.status === 'còn hiệu lực' || citation.status === 'hết hiệu lực một phần') continue;
      notes.push(`Lưu ý: ${citation.label} — ${citation.validityNote.charAt(0).toLowerCase()}${citation.validityNote.slice(1)}.`);
    }
    // A text recognised from a scan is quoted as such: its words must be checked against the original.
    for (const citation of law) if (citation.scanned) notes.push(`Lưu ý: ${citation.label} — ${citation.scanned}.`);
    // A cited provision that a text in force amended, beyond the one the answer rests on.
    for (const citation of law) {
      if (amended && citation.unitId === amended.unit.id) continue;
      const later = this.retriever.amendments.supersededOn(citation.ref.document, citation.ref.article, asOf);
      if (later && !citations.some((c) => c.unitId === later.unitId)) notes.push(`Lưu ý: ${citation.label} đã được sửa đổi, bổ sung bởi ${later.label}${later.effective ? ` từ ${displayDate(later.effective)}` : ''}.`);
    }
    return notes;
  }

  private likely(assessment: Assessment, confidence: number): ChatAnswer {
    const { analysis, hits, asOf } = assessment;
    const citations = new CitationList(this.retriever, asOf);
    const seen = new Set<string>();
    const lines: string[] = [];
    for (const hit of hits) {
      if (citations.size >= this.settings.likelyProvisions) break;
      const key = articleOf(hit.unit);
      if (seen.has(key)) continue;
      seen.add(key);
      const unit = hit === hits[0] && assessment.lead ? assessment.lead : this.bestClauseOf(analysis, hit.unit);
      const span = this.quoteSpans(analysis, unit, 1)[0];
      if (!span) continue;
      const key1 = clip(span.text);
      const n = citations.cite(unit, [span.text]);
      lines.push(`[${n}] ${citations.citations()[n - 1]?.label ?? ''}${unit.articleTitle ? ` (${unit.articleTitle})` : ''}: “${key1}”`);
    }
    const list = citations.citations();
    const notes = list.filter((c) => c.status !== 'còn hiệu lực' && c.status !== 'hết hiệu lực một phần').map((c) => `Lưu ý: ${c.label} — ${c.validityNote.charAt(0).toLowerCase()}${c.validityNote.slice(1)}.`);
    return {
      answer: [LIKELY_TEXT, ...lines, ...notes].join('\n'),
      short: LIKELY_TEXT,
      citations: list,
      grounded: false,
      outcome: 'likely',
      mode: 'extractive',
      confidence: Number(confidence.toFixed(3)),
      asOf,
    };
  }

  private decline(assessment: Assessment, confidence: number): ChatAnswer {
    return { answer: DECLINE_TEXT, short: DECLINE_TEXT, citations: [], grounded: false, outcome: 'decline' satisfies AnswerOutcome, mode: 'extractive', confidence: Number(confidence.toFixed(3)), asOf: assessment.asOf };
  }
}

/** What a Khoản that answers the question's intent says: a period for a deadline, a power for authority. */
function clausePattern(analysis: QuestionAnalysis): RegExp | undefined {
  const { intents } = analysis;
  if (intents.includes('deadline') || intents.includes('maximum') || intents.includes('minimum')) return DURATION;
  if (intents.includes('authority')) return AUTHORITY;
  return undefined;
}

/** The line of a unit that names a document, after the clause's opening when the line is one of its points ("Các văn bản sau hết hiệu lực:"). */
function namingSpans(unit: LegalUnit, document: string): string[] {
  const spans = quotableSpans(unit.text);
  const index = spans.findIndex((span) => span.text.includes(document));
  const line = spans[index]?.text;
  if (!line) return [unit.text];
  const opening = spans[0]?.text;
  return index > 0 && opening && /:$/u.test(opening) ? [opening, line] : [line];
}

/** How the status of a whole text is said, by its validity status. */
const STATUS_WORDS: Record<ValidityStatus, string> = {
  'còn hiệu lực': 'còn hiệu lực',
  'hết hiệu lực': 'không còn hiệu lực',
  'hết hiệu lực một phần': 'còn hiệu lực, trừ một số quy định đã bị bãi bỏ',
  'chưa có hiệu lực': 'chưa có hiệu lực',
  'không rõ': 'chưa xác định được hiệu lực hiện hành (kho chỉ biết văn bản này qua Bộ pháp điển hoặc qua dẫn chiếu của văn bản khác)',
};

/**
 * What the question says a text it names by number is about — "Nghị định 135/2021/NĐ-CP về danh mục, quản lý …
 * còn được áp dụng không?" — which is part of its name, not of what is asked ("" when it says nothing so).
 */
function namingPhrase(question: string): string {
  const folded = foldDiacritics(normalizeText(question).toLowerCase());
  const number = /\d{1,5}\/\d{4}(?:\/[a-z\d-]+)?/u.exec(folded);
  if (!number) return '';
  const rest = folded.slice(number.index + number[0].length);
  return /^\s*(?:quy dinh\s+)?ve\s+(.+?)(?=\s+(?:hien (?:con|nay|da|van)|con|co hieu|het|da|van|duoc)\s|[?;]|$)/u.exec(rest)?.[1] ?? '';
}

/** "Is it still in force / has it been repealed or replaced" (folded), not "takes effect" (which contracts and decisions also do). */
const STILL_IN_FORCE = /con hieu luc|het hieu luc|con (?:duoc )?ap dung|bi bai bo|da bai bo|bi thay the|duoc thay the|con gia tri/u;

/** Words a question about a text's validity uses besides the cue and the text's name (folded). */
const STATUS_QUESTION_WORDS = ['van', 'ban', 'nay', 'hien', 'tai', 'nua', 'con', 'ngay', 'nam', 'thang', 'tu', 'den', 'bao', 'gio', 'khi', 'nao', 'dang', 'luat', 'nghi', 'dinh', 'thong', 'so', 'quy'];

/** A line of the "Căn cứ" list: "[n] label (title): “quote … quote”". */
function basisLine(citation: Citation): string {
  return `[${citation.n}] ${citation.label}${citation.title ? ` (${citation.title})` : ''}: “${citation.spans.join(' … ')}”`;
}

/** An answer that rests on what the corpus states outright (a verified answer, a text's status): no confidence to weigh. */
function certain(answer: string, short: string, citations: Citation[], asOf: string): ChatAnswer {
  return { answer, short, citations, grounded: true, outcome: 'answer', mode: 'extractive', confidence: 1, asOf };
}

/** When no short sentence survived verification: the first quote, cut, as the opening. */
function sentenceFromQuote(citation: Citation): string {
  return `Theo ${citation.label}: “${clip(citation.quote)}” [${citation.n}].`;
}

/** For a follow-up that leans on the conversation, the earlier question(s) it leans on. */
function subjectOf(request: ChatRequest): string | undefined {
  return request.history && request.history.length > 0 && leansOnPrevious(request.message) ? conversationSubject(request.history) : undefined;
}

/** The Điều a unit belongs to (the unit itself when it has none: an appendix). */
function articleOf(unit: LegalUnit): string {
  return `${unit.ref.document}|${unit.ref.article ?? unit.id}`;
}

function emptyFeatures(analysis: QuestionAnalysis): Features {
  const features = Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as Features;
  features.termCount = Math.log(1 + analysis.terms.length);
  features.unknownTerms = 1;
  return features;
}
