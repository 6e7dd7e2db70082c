/**
 * `npm start`: open the store (SQLite, or PostgreSQL when DATABASE_URL is set) and the index (checked
 * file by file; a damaged one falls back to the previous good one, or the service refuses to start
 * with a non-zero exit naming the file), then serve on HOST:PORT — 127.0.0.1 unless HOST says
 * otherwise. A newly written index is swapped in without a restart; a busy port exits non-zero;
 * SIGINT/SIGTERM stop accepting, let requests in flight finish, then close.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';
import { AppError, IndexCorruptError, isAppError } from '../errors.js';
import { embedderForIndex } from '../knowledge/embedders/index.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { openIndex, readBuildId } from '../knowledge/openIndex.js';
import { uploadRoutes } from '../server/routes/upload.js';
import { UploadQueue } from '../server/routes/uploadJobs.js';
import { createService, type Service } from '../server/service.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { runIngest } from './ingestCommand.js';

/** The index, built first when there is none; a damaged one falls back (logged) or stops the start. */
async function corpusOf(config: Config, logger: Logger): Promise<KnowledgeBase> {
  const open = (): Promise<KnowledgeBase> =>
    openIndex(config.indexDir, embedderForIndex(config), {
      onFallback: ({ error, directory }) => logger.warn({ file: error.file, served: directory }, `Chỉ mục hiện hành bị hỏng (${error.message}); đang dùng bản trước còn nguyên vẹn`),
      log: (event) => logger[event.level === 'warn' ? 'warn' : 'info']({ code: event.code, file: event.file }, event.message),
    });
  try {
    return await open();
  } catch (error) {
    if (isAppError(error) && error.code === 'INDEX_MISSING') {
      logger.info('Chưa có chỉ mục: đang nạp văn bản lần đầu…');
      await runIngest(config, [], { quiet: true });
      return open();
    }
    throw error;
  }
}

export interface RunningServer {
  server: Server;
  store: Store;
  /** What serves: the app (and its route table, extra routes included), the index, the knowledge service. */
  service: Service;
  close: () => Promise<void>;
}

export async function startServer(config: Config, logger: Logger = pino({ level: config.LOG_LEVEL })): Promise<RunningServer> {
  let corpus: KnowledgeBase;
  try {
    corpus = await corpusOf(config, logger);
  } catch (error) {
    if (error instanceof IndexCorruptError) logger.fatal({ file: error.file }, `Không khởi động: chỉ mục bị hỏng ở ${error.file} và không có bản trước dùng được. Chạy "npm run ingest -- --rebuild".`);
    throw error;
  }
  const store = await openStore({ ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}), dataDir: config.dataDir, onBackgroundError: (error) => logger.error({ err: error }, 'lỗi nền của cơ sở dữ liệu') });
  let swaps = 0;
  let lastSwapError: string | undefined;
  // Documents uploaded by admins on /van-ban (src/server/routes/upload.ts): each is added to this
  // service's index (config.indexDir) by a child ingest, then swapped in here at once.
  let uploads: UploadQueue | undefined;
  const service = await createService({
    config,
    corpus,
    store,
    logger,
    indexStatus: () => ({ buildId: service.serving.current.corpus.manifest.buildId, onDisk: readBuildId(config.indexDir) ?? null, swaps, ...(lastSwapError ? { lastSwapError } : {}) }),
    extraRoutes: (api, serving) => {
      uploads = new UploadQueue({ config, serving, store, logger, onSwapped: () => swaps++ });
      uploadRoutes(api, uploads);
    },
  });

  // A newly written index (an ingest while the service runs) is opened beside the current one and swapped in.
  let checking = false;
  const watch = setInterval(() => {
    // While an upload is being indexed, its own swap follows the write (no second load of the same index).
    if (checking || uploads?.writing) return;
    const onDisk = readBuildId(config.indexDir);
    if (!onDisk || onDisk === service.serving.current.corpus.manifest.buildId) return;
    checking = true;
    corpusOf(config, logger)
      .then(async (next) => {
        if (next.manifest.buildId === service.serving.current.corpus.manifest.buildId) return;
        await service.serving.swapCorpus(next);
        swaps++;
        lastSwapError = undefined;
        logger.info({ buildId: next.manifest.buildId, units: next.units.length }, 'Đã chuyển sang chỉ mục mới');
      })
      .catch((error: unknown) => {
        lastSwapError = error instanceof Error ? error.message : String(error);
        logger.error({ err: error }, 'Không mở được chỉ mục mới; tiếp tục phục vụ chỉ mục cũ');
      })
      .finally(() => {
        checking = false;
      });
  }, config.INDEX_RELOAD_INTERVAL_MS);
  watch.unref();

  // Audit entries older than the retention are removed now and once a day.
  const purge = (): void => {
    const before = new Date(Date.now() - config.AUDIT_RETENTION_DAYS * 86_400_000).toISOString();
    store.purgeAudit(before).catch((error: unknown) => logger.error({ err: error }, 'không xoá được nhật ký cũ'));
  };
  purge();
  const daily = setInterval(purge, 86_400_000);
  daily.unref();

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = service.app.listen(config.PORT, config.HOST);
    listening.once('listening', () => resolve(listening));
    listening.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new AppError('PORT_IN_USE', `${config.HOST}:${config.PORT} (đặt PORT khác, hoặc dừng chương trình đang dùng cổng này)`, { cause: error }) : error);
    });
  }).catch(async (error: unknown) => {
    clearInterval(watch);
    clearInterval(daily);
    service.stop();
    await store.close();
    throw error;
  });
  logger.info({ host: config.HOST, port: config.PORT, units: corpus.units.length, store: store.backend }, `Trợ lý đang chạy tại http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`);

  // Responses not yet finished, so that a stop can tell their clients not to keep the connection.
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;
  server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (closing) response.setHeader('Connection', 'close');
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      clearInterval(watch);
      clearInterval(daily);
      service.stop();
      // A keep-alive connection would otherwise stay open after its last response until the client or the
      // keep-alive timeout closes it, holding the stop up by seconds: the answers still to come say
      // "Connection: close", and connections are closed as soon as they fall idle.
      for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const grace = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_GRACE_MS);
      grace.unref();
      // No new connections; idle ones closed now, busy ones when their response ends (or at the grace limit).
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(grace);
        store.close().finally(resolve);
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { server, store, service, close };
}

/** `npm start`: serve until a signal, then drain and exit 0. */
export async function serveUntilStopped(config: Config): Promise<void> {
  const logger = pino({ level: config.LOG_LEVEL });
  const running = await startServer(config, logger);
  const shutdown = (signal: string): void => {
    logger.info({ signal }, 'Đang dừng dịch vụ: chờ các yêu cầu đang xử lý hoàn tất…');
    running
      .close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}
