/**
 * Documents uploaded from the web page, read one at a time. Each upload is a job with a history of
 * events (queued, checking, parsing, ocr page x/y, indexing, then done or failed) that any number of
 * listeners replay and follow. A job's file is added to the index by the project's additive ingest in
 * a child process (uploadWorker.ts), so the service keeps answering while the index is rebuilt; the
 * new index is then opened here (checked file by file) and swapped in at once — no restart, no wait
 * for the service's poll. A refused or failed upload writes nothing: its folder is removed and the
 * index stays as it was.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { ingestLimitsOf, type Config } from '../../config.js';
import { AppError, ERROR_CATALOGUE } from '../../errors.js';
import { displayPath } from '../../ingest/sources.js';
import { embedderForIndex } from '../../knowledge/embedders/index.js';
import type { KnowledgeBase } from '../../knowledge/knowledgeBase.js';
import { openIndex, readBuildId } from '../../knowledge/openIndex.js';
import type { Store } from '../../store/types.js';
import type { ServingIndex } from '../serving.js';
import { WorkerMessage, type UploadedDocument, type WorkerTask } from './uploadProtocol.js';

export type UploadStage = 'queued' | 'checking' | 'parsing' | 'ocr' | 'indexing' | 'done' | 'failed';

export interface StageEvent {
  stage: UploadStage;
  message: string;
  page?: number;
  pages?: number;
  /** Uploads ahead of this one (stage 'queued'). */
  position?: number;
}

export interface UploadResult {
  documents: UploadedDocument[];
  buildId: string;
  /** Units of the index before and after. */
  unitsBefore: number;
  units: number;
}

export interface UploadFailure {
  code: string;
  message: string;
}

export type UploadEvent = { event: 'stage'; data: StageEvent } | { event: 'done'; data: UploadResult } | { event: 'failed'; data: UploadFailure };

/** A failure already said in the user's words (the ingest's reason for refusing the file). */
class UploadFailed extends Error {
  readonly failure: UploadFailure;

  constructor(failure: UploadFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

/** The index was written but could not be opened here: the file stays (it is a source of that index). */
class SwapFailed extends UploadFailed {}

/** The manifest fields an upload may state (src/ingest/manifest.ts), in the API's names. */
export interface UploadMeta {
  number?: string;
  replaces?: string[];
  amends?: string[];
  repealsInPart?: string[];
  effective?: string;
}

export interface NewUpload {
  id: string;
  /** The name the client sent, and the file as stored (absolute). */
  fileName: string;
  file: string;
  size: number;
  kindLabel: string;
  meta: UploadMeta;
  userId: string;
}

export class UploadJob {
  readonly createdAt = new Date().toISOString();
  state: 'queued' | 'running' | 'done' | 'failed' = 'queued';
  finishedAt: string | undefined;
  readonly events: UploadEvent[] = [];
  private readonly listeners = new Set<(event: UploadEvent) => void>();
  readonly upload: NewUpload;

  constructor(upload: NewUpload) {
    this.upload = upload;
  }

  get id(): string {
    return this.upload.id;
  }

  get finished(): boolean {
    return this.state === 'done' || this.state === 'failed';
  }

  emit(event: UploadEvent): void {
    this.events.push(event);
    for (const listener of this.listeners) listener(event);
  }

  stage(stage: UploadStage, message: string, extra: Omit<StageEvent, 'stage' | 'message'> = {}): void {
    this.emit({ event: 'stage', data: { stage, message, ...extra } });
  }

  /** Every event so far, then each new one; returns the unsubscribe. */
  follow(listener: (event: UploadEvent) => void): () => void {
    for (const event of this.events) listener(event);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What GET /api/documents/uploads/:id answers. */
  status(): Record<string, unknown> {
    const lastStage = [...this.events].reverse().find((event) => event.event === 'stage');
    const done = this.events.find((event) => event.event === 'done');
    const failed = this.events.find((event) => event.event === 'failed');
    return {
      id: this.id,
      fileName: this.upload.fileName,
      source: displayPath(this.upload.file),
      size: this.upload.size,
      type: this.upload.kindLabel,
      meta: this.upload.meta,
      state: this.state,
      ...(lastStage ? { stage: lastStage.data } : {}),
      ...(done ? { result: done.data } : {}),
      ...(failed ? { error: failed.data } : {}),
      createdAt: this.createdAt,
      ...(this.finishedAt ? { finishedAt: this.finishedAt } : {}),
    };
  }
}

export interface UploadQueueOptions {
  config: Config;
  serving: ServingIndex;
  store: Store;
  logger: Logger;
  /** Told after each index an upload swapped in (the service counts swaps for /api/health). */
  onSwapped?: (buildId: string) => void;
}

/** Finished jobs remembered for the status and events routes. */
const KEPT_FINISHED = 50;

const WORKER = fileURLToPath(new URL('./uploadWorker.ts', import.meta.url));
/** The TypeScript loader the service itself runs under (`tsx`), for the child process. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** "840 KB", "12,5 MB". */
function sizeOf(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} MB`;
}

export class UploadQueue {
  readonly uploadsDir: string;
  readonly maxBytes: number;
  private readonly options: UploadQueueOptions;
  private readonly jobs = new Map<string, UploadJob>();
  private readonly waiting: UploadJob[] = [];
  private running: UploadJob | undefined;

  constructor(options: UploadQueueOptions) {
    this.options = options;
    this.uploadsDir = path.join(options.config.dataDir, 'uploads');
    this.maxBytes = Math.floor(options.config.UPLOAD_MAX_MB * 1024 * 1024);
  }

  /** True while an upload is being read and indexed (the service's poll leaves the swap to it). */
  get writing(): boolean {
    return this.running !== undefined;
  }

  get(id: string): UploadJob | undefined {
    return this.jobs.get(id);
  }

  /** The newest jobs first. */
  list(): UploadJob[] {
    return [...this.jobs.values()].reverse();
  }

  /** Refuses with 429 when UPLOAD_QUEUE_MAX uploads already wait. */
  assertRoom(): void {
    if (this.waiting.length >= this.options.config.UPLOAD_QUEUE_MAX) throw new AppError('UPLOAD_QUEUE_FULL', `${this.waiting.length} tệp đang chờ`);
  }

  /** Uploads ahead of this one (0 when it is being read or done). */
  positionOf(job: UploadJob): number {
    const index = this.waiting.indexOf(job);
    return index < 0 ? 0 : index + (this.running ? 1 : 0);
  }

  /** The audit trail's entry for an accepted upload. */
  async audit(userId: string, job: UploadJob): Promise<void> {
    const { fileName, size, kindLabel, meta } = job.upload;
    await this.options.store.audit({ action: 'document.upload', userId, detail: { upload: job.id, fileName, size, type: kindLabel, meta: { ...meta } } });
  }

  /** Queues a checked, stored upload; it is read when those ahead of it are done. */
  add(upload: NewUpload): UploadJob {
    this.assertRoom();
    const job = new UploadJob(upload);
    this.jobs.set(job.id, job);
    this.forgetOld();
    job.stage('checking', `Đã nhận tệp ${upload.fileName} (${sizeOf(upload.size)}): nội dung là ${upload.kindLabel}`);
    this.waiting.push(job);
    this.tellPositions();
    void this.next();
    return job;
  }

  private tellPositions(): void {
    this.waiting.forEach((job, index) => {
      const ahead = index + (this.running ? 1 : 0);
      if (ahead > 0) job.stage('queued', `Đang chờ: còn ${ahead} tệp nạp trước`, { position: ahead });
    });
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((job) => job.finished);
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) this.jobs.delete(job.id);
  }

  private async next(): Promise<void> {
    if (this.running) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.running = job;
    job.state = 'running';
    this.tellPositions();
    try {
      await this.process(job);
    } finally {
      this.running = undefined;
      void this.next();
    }
  }

  private async process(job: UploadJob): Promise<void> {
    const { serving, store, logger, config } = this.options;
    const started = performance.now();
    const buildBefore = readBuildId(config.indexDir);
    try {
      job.stage('parsing', 'Đang đọc và phân tích cấu trúc văn bản…');
      const result = await this.ingestInChild(job);
      job.stage('indexing', 'Đang đưa chỉ mục mới vào phục vụ…');
      let next: KnowledgeBase;
      try {
        next = await openIndex(config.indexDir, embedderForIndex(config), {
          log: (event) => logger[event.level === 'warn' ? 'warn' : 'info']({ code: event.code, file: event.file }, event.message),
        });
        await serving.swapCorpus(next);
      } catch (error) {
        logger.error({ err: error, upload: job.id }, 'chỉ mục mới đã ghi nhưng không mở được để phục vụ');
        throw new SwapFailed({
          code: error instanceof AppError ? error.code : 'INTERNAL',
          message: `Đã ghi chỉ mục có văn bản mới nhưng chưa đưa vào phục vụ được (${error instanceof Error ? error.message : String(error)}); dịch vụ sẽ thử mở lại chỉ mục`,
        });
      }
      this.options.onSwapped?.(next.manifest.buildId);
      const units = result.documents.reduce((sum, document) => sum + document.units, 0);
      job.state = 'done';
      job.finishedAt = new Date().toISOString();
      job.stage('done', `Đã nạp xong ${result.documents.map((document) => document.number).join(', ')}: ${units} đơn vị trích dẫn, tìm kiếm được ngay`);
      job.emit({ event: 'done', data: { ...result, buildId: next.manifest.buildId } });
      logger.info({ upload: job.id, file: displayPath(job.upload.file), buildId: next.manifest.buildId, units, ms: Math.round(performance.now() - started) }, 'Đã nạp văn bản tải lên và chuyển sang chỉ mục mới');
      await store
        .audit({ action: 'document.upload.done', userId: job.upload.userId, detail: { upload: job.id, documents: result.documents.map((document) => document.number), buildId: next.manifest.buildId } })
        .catch((error: unknown) => logger.error({ err: error, upload: job.id }, 'không ghi được nhật ký nạp văn bản'));
    } catch (error) {
      const failure: UploadFailure =
        error instanceof UploadFailed ? error.failure : error instanceof AppError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: ERROR_CATALOGUE.INTERNAL.message };
      if (!(error instanceof UploadFailed)) logger.error({ err: error, upload: job.id }, 'nạp văn bản tải lên thất bại');
      // A refused file wrote nothing: it goes. It stays when the index that records it as a source was written — the
      // swap failed (the poll will retry), or the ingest process stopped after a new index appeared.
      const written = error instanceof SwapFailed || (failure.code === 'UPLOAD_INTERRUPTED' && readBuildId(config.indexDir) !== buildBefore);
      if (!written) fs.rmSync(path.dirname(job.upload.file), { recursive: true, force: true });
      job.state = 'failed';
      job.finishedAt = new Date().toISOString();
      job.stage('failed', failure.message);
      job.emit({ event: 'failed', data: failure });
      await store
        .audit({ action: 'document.upload.failed', userId: job.upload.userId, detail: { upload: job.id, code: failure.code } })
        .catch((auditError: unknown) => logger.error({ err: auditError, upload: job.id }, 'không ghi được nhật ký nạp văn bản'));
    }
  }

  /** Runs the ingest of the job's file in a child process, relaying its progress; resolves with what it added. */
  private ingestInChild(job: UploadJob): Promise<UploadResult> {
    const { config, serving } = this.options;
    const existing = [...serving.current.corpus.documents.values()]
      .filter((document) => document.origin === 'text' || document.origin === 'dataset')
      .map((document) => ({ number: document.number, file: document.files[0] ?? '' }));
    const task: WorkerTask = {
      file: job.upload.file,
      indexDir: config.indexDir,
      limits: ingestLimitsOf(config),
      embedder: {
        ...(config.OPENAI_BASE_URL ? { OPENAI_BASE_URL: config.OPENAI_BASE_URL } : {}),
        ...(config.OPENAI_API_KEY ? { OPENAI_API_KEY: config.OPENAI_API_KEY } : {}),
        ...(config.EMBEDDING_MODEL ? { EMBEDDING_MODEL: config.EMBEDDING_MODEL } : {}),
        EMBEDDING_BATCH_SIZE: config.EMBEDDING_BATCH_SIZE,
        indexDir: config.indexDir,
      },
      existing,
    };
    return new Promise((resolve, reject) => {
      const child = fork(WORKER, [], { execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
      let stderr = '';
      let outcome: WorkerMessage | undefined;
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-4000);
      });
      child.on('message', (raw: unknown) => {
        const parsed = WorkerMessage.safeParse(raw);
        if (!parsed.success) return;
        const message = parsed.data;
        if (message.type === 'pages') {
          const verb = message.stage === 'ocr' ? 'Nhận dạng chữ (OCR)' : 'Chuyển thành ảnh';
          job.stage('ocr', `${verb}: trang ${message.page}/${message.pages}`, { page: message.page, pages: message.pages });
        } else if (message.type === 'parsed') {
          const found = message.documents.map((document) => `${document.number} (${document.units} đơn vị)`).join(', ');
          job.stage('parsing', `Đã đọc: ${found}`);
        } else if (message.type === 'indexing') {
          job.stage('indexing', 'Đang lập chỉ mục (véc-tơ, BM25) và ghi xuống đĩa…');
        } else outcome = message;
      });
      child.once('error', reject);
      child.once('exit', (code, signal) => {
        if (outcome?.type === 'done') resolve({ documents: outcome.documents, buildId: outcome.buildId, units: outcome.units, unitsBefore: outcome.unitsBefore });
        else if (outcome?.type === 'failed') reject(new UploadFailed({ code: outcome.code, message: outcome.message }));
        else {
          this.options.logger.error({ code, signal, stderr }, 'tiến trình nạp văn bản dừng bất thường');
          reject(new UploadFailed({ code: 'UPLOAD_INTERRUPTED', message: `${ERROR_CATALOGUE.UPLOAD_INTERRUPTED.message} (mã thoát ${code ?? signal ?? '?'})` }));
        }
      });
      child.send(task);
    });
  }
}
