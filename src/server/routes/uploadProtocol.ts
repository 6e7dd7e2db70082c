/** What the service and its upload ingest process (uploadWorker.ts) say to each other over IPC, checked on arrival. */
import { z } from 'zod';

/** One document an upload gave: its number, title, how many units it has, and what a reader must know. */
export const UploadedDocument = z.object({ number: z.string(), title: z.string().optional(), units: z.number(), warnings: z.array(z.string()).optional() });
export type UploadedDocument = z.infer<typeof UploadedDocument>;

/** The service → the process: the file to add, where the index is, and what the ingest needs. */
export const WorkerTask = z.object({
  /** Absolute path of the stored upload. */
  file: z.string(),
  indexDir: z.string(),
  limits: z.object({ maxFileBytes: z.number(), maxUnpackedBytes: z.number() }),
  embedder: z.object({
    OPENAI_BASE_URL: z.string().optional(),
    OPENAI_API_KEY: z.string().optional(),
    EMBEDDING_MODEL: z.string().optional(),
    EMBEDDING_BATCH_SIZE: z.number(),
    indexDir: z.string(),
  }),
  /** Documents with their own text in the corpus now (number, file): an upload of one of them is refused. */
  existing: z.array(z.object({ number: z.string(), file: z.string() })),
});
export type WorkerTask = z.infer<typeof WorkerTask>;

/** The process → the service, in order: pages, parsed, indexing, then done or failed. */
export const WorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pages'), stage: z.enum(['rasterize', 'ocr']), page: z.number(), pages: z.number() }),
  z.object({ type: z.literal('parsed'), documents: z.array(UploadedDocument) }),
  z.object({ type: z.literal('indexing') }),
  z.object({ type: z.literal('done'), buildId: z.string(), documents: z.array(UploadedDocument), units: z.number(), unitsBefore: z.number() }),
  z.object({ type: z.literal('failed'), code: z.string(), message: z.string() }),
]);
export type WorkerMessage = z.infer<typeof WorkerMessage>;
