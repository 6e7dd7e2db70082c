/**
 * The ingest of one uploaded file, run in a child process of the service (see uploadJobs.ts): building
 * and writing the index is seconds of synchronous work (vectors, BM25, HNSW, checksums) that would
 * otherwise stop the service from answering. It gets one task over IPC, adds the file to the index with
 * the project's own additive ingest (every other source keeps its units) and reports back: the loader's
 * page progress, what the file gave, the new build — or why the file was refused, in which case nothing
 * was written and the index is as it was.
 *
 * A file is refused when the ingest skips it (unreadable, no text, OCR missing...), when it gives no
 * article, when no document number was found (and none was given), or when a document of the same
 * number is already in the corpus from another file (adding it again would serve two copies).
 */
import { z } from 'zod';
import { AppError, ERROR_CATALOGUE, isAppError, type ErrorCode } from '../../errors.js';
import { displayPath } from '../../ingest/sources.js';
import { numberKey } from '../../legal/documentTypes.js';
import { embedderForIngest } from '../../knowledge/embedders/index.js';
import { embedderParametersFor, ingest } from '../../knowledge/indexing.js';
import { WorkerMessage, WorkerTask, type UploadedDocument } from './uploadProtocol.js';

/** A file the ingest must not add: its code (from the catalogue or the loader's) and the Vietnamese reason. */
class Refused extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function refusal(code: ErrorCode, detail: string): Refused {
  return new Refused(code, `${ERROR_CATALOGUE[code].message}: ${detail}`);
}

function send(message: z.input<typeof WorkerMessage>): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) {
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

async function run(task: WorkerTask): Promise<void> {
  const display = displayPath(task.file);
  const existing = new Map(task.existing.map((entry) => [numberKey(entry.number), entry]));
  const { knowledge, summary } = await ingest({
    sources: [task.file],
    indexDir: task.indexDir,
    embedderFor: embedderForIngest(task.embedder),
    embedderParameters: embedderParametersFor(task.embedder),
    limits: task.limits,
    onFileProgress: (file, progress) => {
      if (file !== display) return;
      if (progress.stage !== 'read') {
        void send({ type: 'pages', stage: progress.stage, page: progress.page, pages: progress.pages });
        return;
      }
      // Thrown here, before anything is written: the ingest stops and the index stays as it was.
      if (progress.skipped) throw new Refused(progress.skipped.code, progress.skipped.reason);
      if (progress.documents.every((document) => document.units === 0)) throw refusal('UPLOAD_NO_UNITS', 'văn bản không có dòng "Điều 1. ..." nào đọc được');
      for (const document of progress.documents) {
        if (document.number === file) throw refusal('UPLOAD_NUMBER_MISSING', 'hãy nhập "Số hiệu văn bản" trong biểu mẫu rồi nạp lại');
        const before = existing.get(numberKey(document.number));
        if (before) throw refusal('UPLOAD_DUPLICATE', `số hiệu ${document.number} đã được nạp từ tệp ${before.file}; muốn thay bằng bản này, hãy gỡ tệp cũ trước (npm run ingest -- --remove ${before.file})`);
      }
      void send({ type: 'parsed', documents: progress.documents });
    },
    onFile: (file, done, total) => {
      if (file === '' && done === total) void send({ type: 'indexing' });
    },
  });
  const documents: UploadedDocument[] = [];
  for (const document of knowledge.documents.values()) {
    if (!document.files.includes(display)) continue;
    const units = knowledge.units.filter((unit) => unit.source.file === display && unit.ref.document === document.number).length;
    documents.push({ number: document.number, ...(document.title ? { title: document.title } : {}), units, warnings: document.warnings });
  }
  await send({ type: 'done', buildId: knowledge.manifest.buildId, documents, units: summary.units, unitsBefore: summary.unitsBefore });
}

process.once('message', (message: unknown) => {
  const task = WorkerTask.safeParse(message);
  const work = task.success ? run(task.data) : Promise.reject(new AppError('INTERNAL', 'nhiệm vụ nạp không hợp lệ'));
  work
    .catch(async (error: unknown) => {
      if (error instanceof Refused) await send({ type: 'failed', code: error.code, message: error.message });
      else if (isAppError(error)) await send({ type: 'failed', code: error.code, message: error.message });
      else await send({ type: 'failed', code: 'INTERNAL', message: `${ERROR_CATALOGUE.INTERNAL.message}: ${error instanceof Error ? error.message : String(error)}` });
    })
    .finally(() => process.exit(0));
});
// The service stopped: nothing to report to; a save cut here is recovered at the next open.
process.once('disconnect', () => process.exit(1));
