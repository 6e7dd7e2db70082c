/**
 * Every setting of the product, in one place. Each is read from the environment once at start-up,
 * validated, and documented here and in the README with its default. A bad value stops the
 * program at once with a message that names the variable.
 */
import path from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.js';
import { RANKING_PARAMETERS } from './parameters.js';

const list = z
  .string()
  .transform((value) => value.split(',').map((item) => item.trim()).filter(Boolean));

const Schema = z.object({
  /** KB_INDEX_DIR — where the built index lives. Default: ./embeddings */
  KB_INDEX_DIR: z.string().default('embeddings'),
  /**
   * KB_SOURCES — comma-separated folders or files `npm run ingest` reads into a fresh index (one that records no
   * sources yet); after that the index remembers its own sources. Default: ../shared/corpus (the team's corpus/ holds guides and lessons, published by `npm run seed`, not ingested as law)
   */
  KB_SOURCES: list.default(['../shared/corpus']),
  /**
   * INGEST_MAX_FILE_MB — the largest source file `npm run ingest` reads, in MB; a larger file is reported by
   * name and skipped before any of it is read (a 150 MB text once ran the process out of memory). Default: 50
   */
  INGEST_MAX_FILE_MB: z.coerce.number().positive().default(50),
  /**
   * INGEST_MAX_UNPACKED_MB — the most a DOCX may inflate to, in MB, checked on the sizes the archive declares
   * and on the bytes it really inflates to, before the DOCX reader opens it (a "zip bomb" is refused). Default: 100
   */
  INGEST_MAX_UNPACKED_MB: z.coerce.number().positive().default(100),
  /**
   * UPLOAD_MAX_MB — the largest file an admin may upload on the legal staff page (POST /api/documents/uploads), in MB;
   * counted while the request streams in, so no more than this is ever received or kept. At most INGEST_MAX_FILE_MB
   * (the ingest that reads the upload would skip a larger file). Default: 50
   */
  UPLOAD_MAX_MB: z.coerce.number().positive().default(50),
  /** UPLOAD_QUEUE_MAX — uploads that may wait behind the one being read (one is read at a time); more are refused with 429. Default: 10 */
  UPLOAD_QUEUE_MAX: z.coerce.number().int().min(0).default(10),
  /**
   * DATA_DIR — durable data of the service (users, lessons, feedback, audit) in SQLite when DATABASE_URL is unset,
   * and the documents uploaded from the web page (DATA_DIR/uploads/<id>/, sources of the index: keep them). Default: ./data
   */
  DATA_DIR: z.string().default('data'),
  /** DATABASE_URL — PostgreSQL (postgres://…) shared by several instances; unset: the SQLite file DATA_DIR/tro-ly.sqlite. */
  DATABASE_URL: z.string().regex(/^postgres(?:ql)?:\/\//u, 'cần dạng postgres://người-dùng@máy:cổng/cơ-sở-dữ-liệu').optional(),
  /** HOST — the address `npm start` listens on. Default: 127.0.0.1 (this machine only; set 0.0.0.0 to serve a network) */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** PORT — the HTTP port of `npm start`. Default: 3000 */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** RATE_LIMIT_PER_TOKEN — API requests per minute allowed for one token. Default: 600 */
  RATE_LIMIT_PER_TOKEN: z.coerce.number().int().positive().default(600),
  /** RATE_LIMIT_PER_ADDRESS — API requests per minute allowed from one client address. Default: 1200 */
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().positive().default(1200),
  /** AUDIT_RETENTION_DAYS — audit entries older than this are deleted (at start and daily). Default: 365 */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  /** INDEX_RELOAD_INTERVAL_MS — how often the service looks for a newly written index to swap in. Default: 5000 */
  INDEX_RELOAD_INTERVAL_MS: z.coerce.number().int().min(200).default(5000),
  /** SHUTDOWN_GRACE_MS — how long a stopping service lets requests in flight finish. Default: 10000 */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  /** PDF_FONT — a TrueType font with every Vietnamese letter, for PDF exports. Default: Debian's DejaVu Sans */
  PDF_FONT: z.string().default('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'),
  /** OPENAI_BASE_URL — an OpenAI-compatible endpoint (OpenAI, Azure, vLLM, Ollama). Unset: fully offline. */
  OPENAI_BASE_URL: z.string().url().optional(),
  /** OPENAI_API_KEY — the key for that endpoint. Default: none (local servers often need none). */
  OPENAI_API_KEY: z.string().optional(),
  /** LLM_MODEL — chat model for generative answers. Unset: extractive answers. */
  LLM_MODEL: z.string().optional(),
  /** LLM_TIMEOUT_MS — how long to wait for the LLM before falling back to the offline answer. Default: 20000 */
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** EMBEDDING_MODEL — embedding model at OPENAI_BASE_URL (e.g. bge-m3). Unset: the corpus embedder. */
  EMBEDDING_MODEL: z.string().optional(),
  /** EMBEDDING_BATCH_SIZE — texts per embedding request. Default: 64 */
  EMBEDDING_BATCH_SIZE: z.coerce.number().int().positive().default(64),
  /** RETRIEVAL_FUSION — how lexical and vector results are fused: weighted | rrf. Default: weighted */
  RETRIEVAL_FUSION: z.enum(['weighted', 'rrf']).default('weighted'),
  /** RETRIEVAL_VECTOR_WEIGHT — share of the vector side in weighted fusion (0..1). Default: the catalogue's (src/parameters.ts), 0.1 */
  RETRIEVAL_VECTOR_WEIGHT: z.coerce.number().min(RANKING_PARAMETERS.vectorWeight.range[0]).max(RANKING_PARAMETERS.vectorWeight.range[1]).default(RANKING_PARAMETERS.vectorWeight.value),
  /**
   * RERANK_MODEL — a cross-encoder reranker (a bge-reranker-v2-m3 class model) served at RERANK_BASE_URL that reorders
   * the best candidates of each search. Unset: no reranker, the offline order as it is.
   */
  RERANK_MODEL: z.string().optional(),
  /**
   * RERANK_BASE_URL — the reranker's server (TEI, vLLM, Infinity, Jina, Cohere; with or without a trailing /v1, or the
   * full …/rerank address). Default: OPENAI_BASE_URL; one of the two is required when RERANK_MODEL is set.
   */
  RERANK_BASE_URL: z.string().url().optional(),
  /** RERANK_API_KEY — sent as a Bearer token to the reranker. Default: OPENAI_API_KEY. */
  RERANK_API_KEY: z.string().optional(),
  /**
   * RERANK_API — the wire format: `cohere` (`{model, query, documents, top_n}`, spoken by Jina, Cohere, vLLM and
   * Infinity), `tei` (Hugging Face text-embeddings-inference: `{query, texts}` at the server's root /rerank), or
   * `auto` — `cohere` first, and on a 400/404/405/415/422 one retry in the `tei` format, kept for later requests when
   * it works. Either response shape is accepted in every mode. Default: auto
   */
  RERANK_API: z.enum(['auto', 'cohere', 'tei']).default('auto'),
  /** RERANK_TOP_N — how many of the best non-exact hits are sent to the reranker per search (2..200). Default: 20 */
  RERANK_TOP_N: z.coerce.number().int().min(2).max(200).default(20),
  /** RERANK_TIMEOUT_MS — how long a search waits for the reranker (both attempts of `auto` together) before keeping the offline order. Default: 3000 */
  RERANK_TIMEOUT_MS: z.coerce.number().int().positive().default(3000),
  /**
   * RERANK_WEIGHT — the share of the reranker's score in the new order of the hits sent (0..1):
   * (1 − w) · offline score + w · reranker score, both on 0..1. Not measured here: no reranker model weights exist
   * offline, so 0.7 is a starting point to measure with `npm run eval` against a real server. Whatever the weight,
   * a provision the question names by number stays first and hits beyond RERANK_TOP_N keep their place. Default: 0.7
   */
  RERANK_WEIGHT: z.coerce.number().min(0).max(1).default(0.7),
  /** MAX_MESSAGE_CHARS — longest chat message accepted. Default: 4000 */
  MAX_MESSAGE_CHARS: z.coerce.number().int().positive().default(4000),
  /** LOG_LEVEL — pino level. Default: info */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})
  .superRefine((settings, context) => {
    if (settings.UPLOAD_MAX_MB > settings.INGEST_MAX_FILE_MB) {
      context.addIssue({ code: 'custom', path: ['UPLOAD_MAX_MB'], message: `không được lớn hơn INGEST_MAX_FILE_MB (${settings.INGEST_MAX_FILE_MB})` });
    }
    if (settings.RERANK_MODEL && !settings.RERANK_BASE_URL && !settings.OPENAI_BASE_URL) {
      context.addIssue({ code: 'custom', path: ['RERANK_BASE_URL'], message: 'cần đặt khi có RERANK_MODEL (hoặc đặt OPENAI_BASE_URL để dùng chung)' });
    }
  })
  .transform((settings) => ({
    ...settings,
    RERANK_BASE_URL: settings.RERANK_BASE_URL ?? settings.OPENAI_BASE_URL,
    RERANK_API_KEY: settings.RERANK_API_KEY ?? settings.OPENAI_API_KEY,
  }));

export type Config = z.infer<typeof Schema> & { indexDir: string; dataDir: string };

/** The byte limits an ingest applies to each source file, from the settings above. */
export function ingestLimitsOf(config: Pick<Config, 'INGEST_MAX_FILE_MB' | 'INGEST_MAX_UNPACKED_MB'>): { maxFileBytes: number; maxUnpackedBytes: number } {
  return { maxFileBytes: Math.round(config.INGEST_MAX_FILE_MB * 1024 * 1024), maxUnpackedBytes: Math.round(config.INGEST_MAX_UNPACKED_MB * 1024 * 1024) };
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = Schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new AppError('CONFIG_INVALID', problems);
  }
  return { ...parsed.data, indexDir: path.resolve(parsed.data.KB_INDEX_DIR), dataDir: path.resolve(parsed.data.DATA_DIR) };
}
