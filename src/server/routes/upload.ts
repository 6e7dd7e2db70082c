/**
 * Documents added from the legal staff page (admins only):
 *
 * - `POST /api/documents/uploads` — the file itself is the request body (`Content-Type:
 *   application/octet-stream`, or any type but JSON/form types), its original name percent-encoded in
 *   `X-File-Name`, and optionally the manifest fields no header states in `X-Document-Meta`: JSON,
 *   percent-encoded, `{number?, replaces?: string[], amends?: string[], repealsInPart?: string[],
 *   effective?: "YYYY-MM-DD"}` (`number` is required with any of the others: it names the manifest
 *   entry). The body is counted as it streams in and refused with 413 past UPLOAD_MAX_MB (a
 *   Content-Length above it is refused before reading); the type is decided from the bytes and a name
 *   whose extension says otherwise is refused with 415, as is content of no usable type. Then the file
 *   is stored as DATA_DIR/uploads/<id>/<clean name> (with a manifest.json beside it when fields were
 *   given) and queued → 202 `{id, position, status}`.
 * - `GET /api/documents/uploads/:id/events` — Server-Sent Events: `stage` {stage: queued | checking |
 *   parsing | ocr | indexing | done | failed, message, page?, pages?, position?} (everything so far is
 *   replayed first), ending with `done` {documents: [{number, title, units, warnings}], buildId,
 *   unitsBefore, units} or `failed` {code, message}.
 * - `GET /api/documents/uploads/:id` — the upload's status now (for a page that reconnects).
 * - `GET /api/documents/uploads/queue` — the limits and the recent uploads, newest first.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { isInside } from '../../ingest/manifest.js';
import { canonicalNumber } from '../../legal/documentTypes.js';
import { userOf, type ApiBuilder } from '../api.js';
import { UPLOAD_EXTENSIONS, UPLOAD_KINDS, detectKind, storedName } from './uploadCheck.js';
import type { UploadEvent, UploadJob, UploadMeta, UploadQueue } from './uploadJobs.js';
import { isCalendarDate } from './validation.js';

const ADMIN = ['admin'] as const;

/** A document number as people write it: "15/2020/NĐ-CP", "84/2025/QH15", "4074/BTTTT-TTra"; canonical case and Đ restored. */
const DocumentNumber = z
  .string()
  .trim()
  .max(80)
  .regex(/^\d+[\p{L}]?\/[\p{L}\p{N}.\-/]+$/u, 'số hiệu văn bản dạng số/năm/ký hiệu, ví dụ 15/2020/NĐ-CP')
  .transform(canonicalNumber);
const Numbers = z.array(DocumentNumber).max(50);

const Meta = z
  .object({
    number: DocumentNumber.optional(),
    replaces: Numbers.optional(),
    amends: Numbers.optional(),
    repealsInPart: Numbers.optional(),
    effective: z.string().refine(isCalendarDate, 'ngày hiệu lực theo dạng YYYY-MM-DD và phải là ngày có thật').optional(),
  })
  .strict()
  .superRefine((meta, context) => {
    const stated = (meta.replaces?.length ?? 0) + (meta.amends?.length ?? 0) + (meta.repealsInPart?.length ?? 0) > 0 || meta.effective !== undefined;
    if (stated && !meta.number) context.addIssue({ code: 'custom', path: ['number'], message: 'cần số hiệu của văn bản tải lên khi khai báo văn bản bị thay thế, sửa đổi, bãi bỏ hoặc ngày hiệu lực' });
  });

const JobId = z.string().regex(/^\d{8}-\d{6}-[0-9a-f]{6}$/u);

function header(request: Request, name: string): string | undefined {
  const value = request.get(name);
  if (value === undefined || value === '') return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new AppError('BAD_REQUEST', `tiêu đề ${name} phải được mã hoá phần trăm (encodeURIComponent)`);
  }
}

function metaOf(request: Request): UploadMeta {
  const raw = header(request, 'X-Document-Meta');
  if (raw === undefined) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError('BAD_REQUEST', 'tiêu đề X-Document-Meta không phải JSON hợp lệ');
  }
  const parsed = Meta.safeParse(json, { error: z.locales.vi().localeError });
  if (!parsed.success) {
    throw new AppError('BAD_REQUEST', `X-Document-Meta: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(gốc)'}: ${issue.message}`).join('; ')}`);
  }
  const meta = parsed.data;
  return {
    ...(meta.number ? { number: meta.number } : {}),
    ...(meta.replaces?.length ? { replaces: meta.replaces } : {}),
    ...(meta.amends?.length ? { amends: meta.amends } : {}),
    ...(meta.repealsInPart?.length ? { repealsInPart: meta.repealsInPart } : {}),
    ...(meta.effective ? { effective: meta.effective } : {}),
  };
}

function newId(): string {
  const stamp = new Date().toISOString().replace(/[-:T]/gu, '').slice(0, 14);
  return `${stamp.slice(0, 8)}-${stamp.slice(8)}-${crypto.randomBytes(3).toString('hex')}`;
}

function tooLarge(maxBytes: number): AppError {
  const limit = maxBytes < 1024 * 1024 ? `${Math.round(maxBytes / 1024)} KB` : `${(maxBytes / 1024 / 1024).toFixed(maxBytes % (1024 * 1024) === 0 ? 0 : 1).replace('.', ',')} MB`;
  return new AppError('UPLOAD_TOO_LARGE', `tối đa ${limit}`);
}

/**
 * Writes the request body to `file`, counting: past `maxBytes` it stops writing and throws
 * UPLOAD_TOO_LARGE (the caller drains the rest). Never holds more than one chunk in memory.
 */
function receive(request: Request, file: string, maxBytes: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(file, { flags: 'wx' });
    let size = 0;
    let settled = false;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', settle);
      request.off('close', onClose);
      out.end(() => (error ? reject(error) : resolve(size)));
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        settle(tooLarge(maxBytes));
        return;
      }
      if (!out.write(chunk)) {
        request.pause();
        out.once('drain', () => request.resume());
      }
    };
    const onEnd = (): void => settle(undefined);
    const onClose = (): void => {
      if (!request.complete) settle(new AppError('BAD_REQUEST', 'tệp gửi lên bị ngắt giữa chừng'));
    };
    out.once('error', (error) => settle(error));
    request.on('data', onData);
    request.once('end', onEnd);
    request.once('error', settle);
    request.once('close', onClose);
  });
}

/** How long the rest of a refused body is read and thrown away before the connection is cut. */
const DRAIN_MS = 30_000;

/**
 * After a refusal before the body was read: the rest of it is read and thrown away (never kept) so
 * that the client, still sending, gets the answer instead of a broken connection; a body still coming
 * after DRAIN_MS is cut off.
 */
function drainAfterAnswer(request: Request, response: Response): void {
  response.once('finish', () => {
    if (request.complete) return;
    request.resume();
    setTimeout(() => {
      if (!request.complete) request.destroy();
    }, DRAIN_MS).unref();
  });
}

function sendEvent(response: Response, event: UploadEvent): void {
  response.write(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
}

export function uploadRoutes(api: ApiBuilder, uploads: UploadQueue): void {
  api.post('/documents/uploads', ADMIN, async (request, response) => {
    const user = userOf(response);
    const type = (request.get('content-type') ?? '').toLowerCase();
    if (/json|form-urlencoded|multipart/u.test(type)) {
      throw new AppError('UPLOAD_TYPE_UNKNOWN', 'gửi chính nội dung tệp làm thân yêu cầu với Content-Type: application/octet-stream (không dùng multipart hay JSON)');
    }
    const fileName = header(request, 'X-File-Name')?.trim();
    if (!fileName) throw new AppError('BAD_REQUEST', 'thiếu tên tệp trong tiêu đề X-File-Name');
    if (fileName.length > 500) throw new AppError('BAD_REQUEST', 'tên tệp quá dài');
    const meta = metaOf(request);
    const declared = Number(request.get('content-length') ?? Number.NaN);
    if (Number.isFinite(declared) && declared > uploads.maxBytes) {
      drainAfterAnswer(request, response);
      throw tooLarge(uploads.maxBytes);
    }
    uploads.assertRoom();

    const id = newId();
    const folder = path.join(uploads.uploadsDir, id);
    fs.mkdirSync(folder, { recursive: true });
    const incoming = path.join(folder, '.incoming');
    let stored: string | undefined;
    try {
      let size: number;
      try {
        size = await receive(request, incoming, uploads.maxBytes);
      } catch (error) {
        if (error instanceof AppError && error.code === 'UPLOAD_TOO_LARGE') drainAfterAnswer(request, response);
        throw error;
      }
      if (size === 0) throw new AppError('FILE_EMPTY', 'thân yêu cầu không có nội dung tệp');
      const bytes = fs.readFileSync(incoming);
      const detected = detectKind(bytes);
      if ('reason' in detected) throw new AppError('UPLOAD_TYPE_UNKNOWN', detected.reason);
      const name = storedName(fileName, detected.kind);
      stored = path.join(folder, name);
      // The name is one clean segment; checked again so that no change to storedName can ever write outside.
      if (path.dirname(stored) !== folder || !isInside(stored, uploads.uploadsDir)) throw new AppError('BAD_REQUEST', 'tên tệp không hợp lệ');
      fs.renameSync(incoming, stored);
      if (meta.number) {
        const entry = {
          number: meta.number,
          ...(meta.effective ? { effective: meta.effective } : {}),
          ...(meta.replaces ? { replaces: meta.replaces } : {}),
          ...(meta.amends ? { amends: meta.amends } : {}),
          ...(meta.repealsInPart ? { repeals_in_part: meta.repealsInPart } : {}),
          file: name,
        };
        fs.writeFileSync(path.join(folder, 'manifest.json'), `${JSON.stringify({ documents: [entry] }, null, 2)}\n`);
      }
      const job = uploads.add({ id, fileName, file: stored, size, kindLabel: UPLOAD_KINDS[detected.kind].label, meta, userId: user.id });
      await uploads.audit(user.id, job);
      response.status(202).set('Location', `/api/documents/uploads/${id}`).json({ id, position: uploads.positionOf(job), status: job.status() });
    } catch (error) {
      if (!uploads.get(id)) fs.rmSync(folder, { recursive: true, force: true });
      throw error;
    }
  });

  api.get('/documents/uploads/queue', ADMIN, (_request, response) => {
    response.json({
      maxBytes: uploads.maxBytes,
      extensions: UPLOAD_EXTENSIONS,
      uploads: uploads.list().map((job) => job.status()),
    });
  });

  const jobOf = (request: Request): UploadJob => {
    const id = JobId.safeParse(request.params['id']);
    const job = id.success ? uploads.get(id.data) : undefined;
    if (!job) throw new AppError('NOT_FOUND', 'lần tải lên này (có thể dịch vụ đã khởi động lại)');
    return job;
  };

  api.get('/documents/uploads/:id', ADMIN, (request, response) => {
    response.json(jobOf(request).status());
  });

  api.get('/documents/uploads/:id/events', ADMIN, (request, response) => {
    const job = jobOf(request);
    response.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    response.flushHeaders();
    // A comment now and then keeps proxies from closing a stream that is quiet during a long OCR.
    const keepAlive = setInterval(() => response.write(': ping\n\n'), 15_000);
    let stop = (): void => undefined;
    const end = (): void => {
      clearInterval(keepAlive);
      stop();
      response.end();
    };
    stop = job.follow((event) => {
      sendEvent(response, event);
      if (event.event !== 'stage') queueMicrotask(end);
    });
    request.once('close', () => {
      clearInterval(keepAlive);
      stop();
    });
  });
}
