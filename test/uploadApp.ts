/**
 * The service with document uploads, as `npm start` wires it (src/cli/serveCommand.ts), over a small
 * real index of two shared texts written to a temporary folder (the uploads add to it on disk); and
 * test documents written here: a short circular as text, and the same kind of page rendered to a PNG
 * as a scanner would give it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { loadConfig, type Config } from '../src/config.js';
import { embedderForIngest } from '../src/knowledge/embedders/index.js';
import { ingest } from '../src/knowledge/indexing.js';
import { uploadRoutes } from '../src/server/routes/upload.js';
import { UploadQueue } from '../src/server/routes/uploadJobs.js';
import { createService, listenLocally, type Service } from '../src/server/service.js';
import { openStore } from '../src/store/index.js';
import { USER_ROLES, type Store, type UserRole } from '../src/store/types.js';
import { VAN_BAN } from './paths.js';

/** Two short texts of the shared corpus (read in place): the index the uploads add to. */
const BASE_SOURCES = [path.join(VAN_BAN, 'thong-tu-08-2026-tt-bkhcn-xac-thuc-thue-bao.md'), path.join(VAN_BAN, 'nghi-dinh-156-2026-nd-cp-sua-doi-nd-31-2019-to-cao.md')];

export interface UploadApp {
  url: string;
  config: Config;
  service: Service;
  store: Store;
  tokens: Record<UserRole, string>;
  directory: string;
  /** fetch on the app, signed in as `role` (default admin; null: no token). */
  fetch: (pathAndQuery: string, init?: RequestInit, role?: UserRole | null) => Promise<Response>;
  /** POSTs a file as the upload API takes it. */
  upload: (bytes: Buffer, name: string, meta?: Record<string, unknown>, role?: UserRole | null) => Promise<Response>;
  /** The events of an upload, read to the end of the stream. */
  events: (id: string) => Promise<Array<{ event: string; data: Record<string, unknown> }>>;
  close: () => Promise<void>;
}

export async function startUploadApp(environment: Record<string, string> = {}): Promise<UploadApp> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'upload-app-'));
  const indexDir = path.join(directory, 'index');
  const { knowledge } = await ingest({ sources: BASE_SOURCES, indexDir, embedderFor: embedderForIngest({ EMBEDDING_BATCH_SIZE: 16, indexDir }) });
  const config = loadConfig({ KB_INDEX_DIR: indexDir, DATA_DIR: path.join(directory, 'data'), RATE_LIMIT_PER_TOKEN: '100000', RATE_LIMIT_PER_ADDRESS: '100000', ...environment });
  const store = await openStore({ dataDir: config.dataDir });
  const tokens = {} as Record<UserRole, string>;
  for (const role of USER_ROLES) tokens[role] = (await store.createUser(`${role}-upload`, role)).token;
  const logger = pino({ level: 'silent' });
  const service = await createService({
    config,
    corpus: knowledge,
    store,
    logger,
    extraRoutes: (api, serving) => uploadRoutes(api, new UploadQueue({ config, serving, store, logger })),
  });
  const { url, close } = await listenLocally(service);
  const signedFetch = (pathAndQuery: string, init: RequestInit = {}, role: UserRole | null = 'admin'): Promise<Response> => {
    const headers = new Headers(init.headers);
    if (role) headers.set('Authorization', `Bearer ${tokens[role]}`);
    return fetch(`${url}${pathAndQuery}`, { ...init, headers });
  };
  return {
    url,
    config,
    service,
    store,
    tokens,
    directory,
    fetch: signedFetch,
    upload: (bytes, name, meta, role = 'admin') =>
      signedFetch(
        '/api/documents/uploads',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(name), ...(meta ? { 'X-Document-Meta': encodeURIComponent(JSON.stringify(meta)) } : {}) },
          body: new Uint8Array(bytes),
        },
        role,
      ),
    events: async (id) => {
      const text = await (await signedFetch(`/api/documents/uploads/${id}/events`, { headers: { Accept: 'text/event-stream' } })).text();
      return [...text.matchAll(/^event: (\w+)\ndata: (.*)$/gmu)].map((match) => ({ event: match[1] ?? '', data: JSON.parse(match[2] ?? '{}') as Record<string, unknown> }));
    },
    close: async () => {
      await close();
      await store.close().finally(() => fs.rmSync(directory, { recursive: true, force: true }));
    },
  };
}

/** A short circular of the ministry, numbered `number`, about "trạm phát sóng <subject>". */
export function circularLines(number: string, subject: string): string[] {
  return [
    'BỘ THÔNG TIN VÀ TRUYỀN THÔNG',
    `Số: ${number}`,
    'THÔNG TƯ',
    `Quy định về kiểm tra trạm phát sóng ${subject}`,
    'Điều 1. Phạm vi điều chỉnh',
    `Thông tư này quy định việc kiểm tra trạm phát sóng ${subject}`,
    'của doanh nghiệp viễn thông.',
    'Điều 2. Thời hạn kiểm tra',
    `1. Trạm phát sóng ${subject} được kiểm tra ít nhất sáu tháng một lần.`,
    '2. Biên bản kiểm tra được lưu giữ trong thời hạn năm năm.',
  ];
}

/** Lines of text as a scanner sees a printed page: black on white at 200 dpi, with a margin (as in src/ingest/ocr tests). */
export async function scannedPage(lines: readonly string[]): Promise<Buffer> {
  const markup = `<span foreground="black">${lines.join('\n')}</span>`;
  return sharp({ text: { text: markup, font: 'DejaVu Serif 11', dpi: 200, rgba: true, spacing: 12 } })
    .flatten({ background: '#ffffff' })
    .extend({ top: 80, bottom: 80, left: 80, right: 80, background: '#ffffff' })
    .png()
    .toBuffer();
}
