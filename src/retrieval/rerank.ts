/**
 * A cross-encoder reranker, when one is configured (RERANK_MODEL): the best non-exact hits of a search
 * (RERANK_TOP_N) are sent with the question to a rerank endpoint of the kind TEI, vLLM, Infinity, Jina and
 * Cohere expose, for a bge-reranker-v2-m3 class model, and reordered by
 * `(1 − w) · offline + w · reranker` (both on 0..1, w = RERANK_WEIGHT).
 *
 * What stays as it was, whatever the reranker says: a provision the question names by number (an exact
 * hit) stays first, hits beyond the top N keep their order after the reranked ones, and the scores stay on
 * the offline scale (a reranked hit's score lies between the lowest and the highest offline score of the
 * hits sent), so that what reads scores downstream (the answer's confidence) sees the range it knows.
 *
 * Any failure — timeout, a non-2xx status, a network error, a body that is not the JSON expected, a wrong
 * number of results, a score that is not a finite number — keeps the offline order: a search never fails
 * because of the reranker. Each kind of failure is logged once until the reranker answers well again; after
 * `failuresToPause` failures in a row the reranker is left alone for `pauseMs` (a circuit breaker), and one
 * more failure after the pause pauses it again at once.
 *
 * Wire formats (both response shapes are accepted whatever was sent):
 * - `cohere` — Jina, Cohere, vLLM, Infinity: `POST {base}/rerank` with `{model, query, documents, top_n}` →
 *   `{results: [{index, relevance_score}]}`. `{base}` is RERANK_BASE_URL as given, so `http://host:8000/v1`
 *   calls `/v1/rerank` (vLLM, Jina) and `http://host:8000` calls `/rerank`.
 * - `tei` — Hugging Face text-embeddings-inference: `POST {root}/rerank` with `{query, texts, raw_scores: false,
 *   truncate: true}` → `[{index, score}]`; TEI has no `/v1/rerank`, so a trailing `/v1` of the base is dropped.
 * - `auto` — `cohere` first; on 400/404/405/415/422 one retry in the `tei` format within the same time budget,
 *   and `tei` is kept for later requests when that works.
 * A base that already ends in `/rerank` is used as it is.
 */
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { embeddedText } from '../knowledge/unitText.js';
import type { LegalUnit } from '../legal/units.js';
import type { QuestionAnalysis } from './analyze.js';
import type { Reasons } from './stages/types.js';

export type RerankApi = 'auto' | 'cohere' | 'tei';

/** The wire format a request is sent in. */
export type RerankDialect = Exclude<RerankApi, 'auto'>;

export interface RerankerOptions {
  model: string;
  baseURL: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  api: RerankApi;
  /** How many of the best non-exact hits are sent. */
  topN: number;
  /** The whole time a search waits for the reranker, retry included. */
  timeoutMs: number;
  /** Share of the reranker's score in the new order, 0..1. */
  weight: number;
  /** Longest text sent per candidate (context header + lead-in + text). Default: 2000 characters. */
  maxDocumentChars?: number;
  /** Failures in a row that pause the reranker. Default: 3 */
  failuresToPause?: number;
  /** How long a pause lasts. Default: 30000 ms */
  pauseMs?: number;
}

export const RERANK_DEFAULTS = { maxDocumentChars: 2000, failuresToPause: 3, pauseMs: 30_000 } as const;

/** Why a reranker call was not used. */
export type RerankFailureKind = 'timeout' | 'network' | 'status' | 'malformed' | 'count' | 'score';

/** A warning for the operator's log, shaped as pino's `logger.warn(fields, message)`. */
export type RerankLog = (fields: { kind: RerankFailureKind | 'paused'; model: string; url?: string; detail?: string }, message: string) => void;

/** What a reranker needs of a hit (a `SearchHit` has all of it). */
export interface RerankableHit {
  unit: LegalUnit;
  score: number;
  exact: boolean;
  reasons: Reasons;
}

/** Reorders hits; never throws, and returns the hits in their order when it cannot do better. */
export interface Reranker {
  rerank<Hit extends RerankableHit>(query: string, hits: readonly Hit[]): Promise<Hit[]>;
}

/** A failed reranker call, caught inside the reranker: it never reaches the caller of a search. */
export class RerankError extends AppError {
  readonly kind: RerankFailureKind;

  constructor(kind: RerankFailureKind, detail: string, options?: { cause?: unknown }) {
    super('RERANK_FAILED', detail, options);
    this.name = 'RerankError';
    this.kind = kind;
  }
}

/** The reranker's settings from the configuration, or undefined when no RERANK_MODEL is set. */
export function rerankerOptionsOf(
  config: Pick<Config, 'RERANK_MODEL' | 'RERANK_BASE_URL' | 'RERANK_API_KEY' | 'RERANK_API' | 'RERANK_TOP_N' | 'RERANK_TIMEOUT_MS' | 'RERANK_WEIGHT'>,
): RerankerOptions | undefined {
  if (!config.RERANK_MODEL) return undefined;
  // loadConfig refuses RERANK_MODEL without a base URL; this guards a configuration built by hand.
  if (!config.RERANK_BASE_URL) throw new AppError('CONFIG_INVALID', 'RERANK_BASE_URL: cần đặt khi có RERANK_MODEL');
  return {
    model: config.RERANK_MODEL,
    baseURL: config.RERANK_BASE_URL,
    ...(config.RERANK_API_KEY ? { apiKey: config.RERANK_API_KEY } : {}),
    api: config.RERANK_API,
    topN: config.RERANK_TOP_N,
    timeoutMs: config.RERANK_TIMEOUT_MS,
    weight: config.RERANK_WEIGHT,
  };
}

/** What the reranker reads as the question: the restored question, after the earlier one(s) for a follow-up. */
export function rerankQueryOf(analysis: Pick<QuestionAnalysis, 'restored' | 'context'>): string {
  return analysis.context ? `${analysis.context}\n${analysis.restored}` : analysis.restored;
}

/** What the reranker reads of a unit: what the vector side embeds (header, lead-in, text), cut at a word. */
export function rerankDocumentOf(unit: LegalUnit, maxChars: number = RERANK_DEFAULTS.maxDocumentChars): string {
  const text = embeddedText(unit);
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars - 1);
  const atWord = cut.replace(/\s+\S*$/u, '');
  return `${atWord.length > 0 ? atWord : cut}…`;
}

/** The address a request in `dialect` goes to (see the file's comment). */
export function rerankEndpoint(baseURL: string, dialect: RerankDialect): string {
  const url = new URL(baseURL);
  const trimmed = url.pathname.replace(/\/+$/u, '');
  if (/\/rerank$/u.test(trimmed)) return url.toString();
  url.pathname = `${dialect === 'tei' ? trimmed.replace(/\/v1$/u, '') : trimmed}/rerank`;
  return url.toString();
}

/** Scores already on 0..1 (relevance probabilities) are kept; raw logits go through the logistic function. */
export function relevanceProbabilities(scores: readonly number[]): number[] {
  const probabilities = scores.every((score) => score >= 0 && score <= 1);
  return scores.map((score) => (probabilities ? score : 1 / (1 + Math.exp(-score))));
}

/**
 * Hits (best first, all reranked) in their new order: `(1 − weight) · offline + weight · relevance`, the
 * offline score scaled to 0..1 between the lowest and the highest of these hits; the new score is put back
 * on that same range, and `reasons.rerank` says how much it moved. Ties keep the offline order.
 */
export function blendRerankScores<Hit extends RerankableHit>(hits: readonly Hit[], relevance: readonly number[], weight: number): Hit[] {
  const high = Math.max(...hits.map((hit) => hit.score));
  const low = Math.min(...hits.map((hit) => hit.score));
  const spread = high - low;
  const probabilities = relevanceProbabilities(relevance);
  return hits
    .map((hit, position) => {
      const offline = spread > 0 ? (hit.score - low) / spread : 1;
      const blended = (1 - weight) * offline + weight * (probabilities[position] ?? 0);
      const score = low + blended * spread;
      return { hit: { ...hit, score, reasons: { ...hit.reasons, rerank: score - hit.score } }, blended, position };
    })
    .sort((p, q) => q.blended - p.blended || p.position - q.position)
    .map((entry) => entry.hit);
}

const RankEntry = z.object({ index: z.number().int(), relevance_score: z.unknown().optional(), score: z.unknown().optional() });
const RerankResponse = z.union([z.array(RankEntry), z.object({ results: z.array(RankEntry) })]);

/** The relevance of each of `count` documents, in their order, from a response body; throws a RerankError. */
export function parseRerankResponse(body: string, count: number): number[] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    // Python's json writes NaN and Infinity, which are not JSON.
    const kind = /\b(?:NaN|Infinity)\b/u.test(body) ? 'score' : 'malformed';
    throw new RerankError(kind, `không phải JSON: ${body.slice(0, 120)}`, { cause: error });
  }
  const parsed = RerankResponse.safeParse(json);
  if (!parsed.success) throw new RerankError('malformed', `không đúng dạng {results: [{index, relevance_score}]} hay [{index, score}]: ${body.slice(0, 120)}`);
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.results;
  const scores = new Array<number | undefined>(count).fill(undefined);
  for (const entry of entries) {
    const value = entry.relevance_score ?? entry.score;
    if (value === undefined) throw new RerankError('malformed', `kết quả ${entry.index} không có điểm`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RerankError('score', `điểm của kết quả ${entry.index} không phải số hữu hạn: ${String(value)}`);
    if (entry.index < 0 || entry.index >= count || scores[entry.index] !== undefined) throw new RerankError('count', `chỉ số ${entry.index} không khớp ${count} văn bản đã gửi`);
    scores[entry.index] = value;
  }
  if (entries.length !== count) throw new RerankError('count', `nhận ${entries.length} kết quả cho ${count} văn bản`);
  return scores.map((score) => score ?? 0);
}

/** Statuses that say "not this format here", answered in `auto` mode by one retry in the TEI format. */
const WRONG_FORMAT = new Set([400, 404, 405, 415, 422]);

/** The reranker of a server reached over HTTP. */
export class HttpReranker implements Reranker {
  readonly options: Required<Omit<RerankerOptions, 'apiKey'>> & Pick<RerankerOptions, 'apiKey'>;
  private dialect: RerankDialect;
  private readonly log: RerankLog;
  private readonly now: () => number;
  private failuresInARow = 0;
  private pausedUntil = 0;
  /** Failure kinds already logged since the last good answer. */
  private readonly logged = new Set<RerankFailureKind | 'paused'>();

  constructor(options: RerankerOptions, parts: { log?: RerankLog; now?: () => number } = {}) {
    this.options = { ...RERANK_DEFAULTS, ...options };
    this.dialect = options.api === 'tei' ? 'tei' : 'cohere';
    this.log = parts.log ?? ((): void => undefined);
    this.now = parts.now ?? Date.now;
  }

  /** True while the circuit breaker keeps the reranker out of searches. */
  get paused(): boolean {
    return this.now() < this.pausedUntil;
  }

  /** The wire format requests are sent in now (`auto` may have settled on `tei`). */
  get format(): RerankDialect {
    return this.dialect;
  }

  async rerank<Hit extends RerankableHit>(query: string, hits: readonly Hit[]): Promise<Hit[]> {
    const exact = hits.filter((hit) => hit.exact);
    const others = hits.filter((hit) => !hit.exact);
    const head = others.slice(0, this.options.topN);
    if (head.length < 2 || this.options.weight === 0 || this.paused) return [...hits];
    try {
      const relevance = await this.scores(query, head.map((hit) => rerankDocumentOf(hit.unit, this.options.maxDocumentChars)));
      this.failuresInARow = 0;
      this.logged.clear();
      return [...exact, ...blendRerankScores(head, relevance, this.options.weight), ...others.slice(head.length)];
    } catch (error) {
      this.failed(error);
      return [...hits];
    }
  }

  /** The relevance of each document to the query, in their order; throws a RerankError. */
  async scores(query: string, documents: readonly string[]): Promise<number[]> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    const first = await this.post(this.dialect, query, documents, signal);
    if (first.ok) return parseRerankResponse(first.body, documents.length);
    if (this.options.api === 'auto' && this.dialect === 'cohere' && WRONG_FORMAT.has(first.status)) {
      const retry = await this.post('tei', query, documents, signal);
      if (retry.ok) {
        const scores = parseRerankResponse(retry.body, documents.length);
        this.dialect = 'tei';
        return scores;
      }
      throw new RerankError('status', `HTTP ${first.status}, rồi HTTP ${retry.status} theo dạng TEI: ${retry.body.slice(0, 120)}`);
    }
    throw new RerankError('status', `HTTP ${first.status}: ${first.body.slice(0, 120)}`);
  }

  private async post(dialect: RerankDialect, query: string, documents: readonly string[], signal: AbortSignal): Promise<{ ok: boolean; status: number; body: string }> {
    const payload =
      dialect === 'tei'
        ? { query, texts: documents, raw_scores: false, truncate: true }
        : { model: this.options.model, query, documents, top_n: documents.length };
    try {
      const response = await fetch(rerankEndpoint(this.options.baseURL, dialect), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(this.options.apiKey ? { Authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify(payload),
        signal,
      });
      return { ok: response.ok, status: response.status, body: await response.text() };
    } catch (error) {
      if (signal.aborted) throw new RerankError('timeout', `quá ${this.options.timeoutMs} ms`, { cause: error });
      throw new RerankError('network', error instanceof Error ? error.message : String(error), { cause: error });
    }
  }

  private failed(error: unknown): void {
    const kind: RerankFailureKind = error instanceof RerankError ? error.kind : 'malformed';
    const detail = error instanceof Error ? error.message : String(error);
    this.warnOnce(kind, detail, `reranker failed (${kind}); keeping the offline order`);
    this.failuresInARow++;
    if (this.failuresInARow >= this.options.failuresToPause) {
      this.pausedUntil = this.now() + this.options.pauseMs;
      this.warnOnce('paused', `${this.failuresInARow} lần lỗi liên tiếp`, `reranker paused for ${this.options.pauseMs} ms after ${this.failuresInARow} failures in a row`);
    }
  }

  private warnOnce(kind: RerankFailureKind | 'paused', detail: string, message: string): void {
    if (this.logged.has(kind)) return;
    this.logged.add(kind);
    this.log({ kind, model: this.options.model, url: rerankEndpoint(this.options.baseURL, this.dialect), detail }, message);
  }
}
