/**
 * For the access, operations and durability suites: a tiny law of our own indexed in a temporary folder
 * (built in a second, so each suite has its own), and the real service as `npm start` assembles it — in this
 * process (startServer, with every route npm start adds) or as a child process of `src/cli/main.ts serve`
 * with its own PORT, DATA_DIR and KB_INDEX_DIR, whose log lines (pino JSON on stdout) and exit are watched.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { startServer, type RunningServer } from '../src/cli/serveCommand.js';
import { loadConfig } from '../src/config.js';
import { embedderForIngest } from '../src/knowledge/embedders/index.js';
import { ingest } from '../src/knowledge/indexing.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import type { RouteEntry } from '../src/server/api.js';
import { USER_ROLES, type UserRole } from '../src/store/types.js';
import { ROOT } from './paths.js';

export const TINY_LAW_NUMBER = '5/2025/QH15';

/** A legal basis that resolves in the tiny index. */
export const TINY_LEGAL_BASIS = `Khoản 1 Điều 2 Luật số ${TINY_LAW_NUMBER}`;

/** A small law of our own (not a real text), in force since 2025. */
export function tinyLawText(): string {
  const articles = [
    'Điều 1. Phạm vi điều chỉnh',
    'Luật này quy định về việc thử nghiệm dịch vụ tra cứu của thanh tra ngành thông tin và truyền thông.',
    'Điều 2. Thời hạn lưu giữ nhật ký',
    '1. Doanh nghiệp viễn thông lưu giữ nhật ký truy cập trong thời hạn 12 tháng.',
    '2. Cơ quan thanh tra được yêu cầu cung cấp nhật ký khi tiến hành thanh tra.',
    'Điều 3. Xử lý vi phạm',
    '1. Phạt tiền từ 10.000.000 đồng đến 20.000.000 đồng đối với hành vi không lưu giữ nhật ký truy cập.',
    '2. Cá nhân vi phạm bị phạt bằng 1/2 mức phạt tiền đối với tổ chức.',
    'Điều 4. Hiệu lực thi hành',
    'Luật này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2025.',
  ];
  return ['QUỐC HỘI', `Luật số: ${TINY_LAW_NUMBER}`, 'Hà Nội, ngày 01 tháng 01 năm 2025', 'LUẬT', 'THỬ NGHIỆM DỊCH VỤ TRA CỨU', '', ...articles].join('\n');
}

/** The tiny law indexed under `directory`/index (sources in `directory`/corpus). */
export async function buildTinyIndex(directory: string): Promise<{ knowledge: KnowledgeBase; indexDir: string }> {
  const corpus = path.join(directory, 'corpus');
  fs.mkdirSync(corpus, { recursive: true });
  fs.writeFileSync(path.join(corpus, 'luat-thu-nghiem.txt'), tinyLawText());
  const indexDir = path.join(directory, 'index');
  const { knowledge } = await ingest({ sources: [corpus], indexDir, embedderFor: embedderForIngest({ EMBEDDING_BATCH_SIZE: 16, indexDir }) });
  return { knowledge, indexDir };
}

/** A port of 127.0.0.1 nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const MAIN = path.join(ROOT, 'src/cli/main.ts');
/** tsx's loader by absolute URL (the child may run elsewhere than the project folder). */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** One pino log line of the service. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface ServiceProcess {
  child: ChildProcessWithoutNullStreams;
  /** Parsed JSON log lines so far (stdout). */
  logs: LogLine[];
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or the signal) when the process ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when the service logs that it listens; rejects if it exits first. */
  listening: () => Promise<LogLine>;
  /** Resolves with the first log line that matches. */
  waitForLog: (matches: (line: LogLine) => boolean, timeoutMs?: number) => Promise<LogLine>;
}

/** Environment of a child that runs a command of the product: ours, without what would change its settings. */
export function childEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(HOST|PORT|DATA_DIR|DATABASE_URL|KB_|RATE_LIMIT_|LOG_LEVEL|OPENAI_|LLM_|EMBEDDING_|RERANK_|INDEX_RELOAD|SHUTDOWN_GRACE)/u.test(name)),
  );
  return { ...inherited, ...settings };
}

/** Runs `src/cli/main.ts <args>` (default `serve`) with these settings, as `npm start` would. */
export function startServiceProcess(settings: Record<string, string>, args: readonly string[] = ['serve']): ServiceProcess {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: ROOT, env: childEnvironment(settings), stdio: ['pipe', 'pipe', 'pipe'] });
  const logs: LogLine[] = [];
  let out = '';
  let err = '';
  let pending = '';
  const waiters: Array<{ matches: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];
  child.stdout.on('data', (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    out += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const raw of lines) {
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        continue;
      }
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.matches(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitForLog = (matches: (line: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> => {
    const seen = logs.find(matches);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such log line within ${timeoutMs} ms; stdout:\n${out.slice(-3000)}\nstderr:\n${err.slice(-3000)}`)), timeoutMs);
      const done = (line: LogLine): void => {
        clearTimeout(timer);
        resolve(line);
      };
      waiters.push({ matches, resolve: done });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`the service exited (${String(code ?? signal)}) before the log line; stdout:\n${out.slice(-3000)}\nstderr:\n${err.slice(-3000)}`));
      });
    });
  };
  return {
    child,
    logs,
    stdout: () => out,
    stderr: () => err,
    exited,
    listening: () => waitForLog((line) => typeof line['port'] === 'number' && typeof line['host'] === 'string', 30_000),
    waitForLog,
  };
}

/** Runs a command of the product to its end (e.g. `users add`), returning its output and exit code. */
export function runCommand(settings: Record<string, string>, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], { cwd: ROOT, env: childEnvironment(settings), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The service as `npm start` assembles it, in this process on a free port, with one signed-in user per role. */
export interface InProcessService {
  url: string;
  running: RunningServer;
  /** The route table of the running service (every route with its roles, those npm start adds included). */
  routes: readonly RouteEntry[];
  /** A bearer token per role. */
  tokens: Record<UserRole, string>;
  /** fetch on the service, signed in as `role` (default inspector; null: no token). */
  fetch: (pathAndQuery: string, init?: RequestInit, role?: UserRole | null) => Promise<Response>;
  close: () => Promise<void>;
}

export async function startInProcess(indexDir: string, directory: string, settings: Record<string, string> = {}): Promise<InProcessService> {
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: fs.mkdtempSync(path.join(directory, 'data-')),
    KB_INDEX_DIR: indexDir,
    RATE_LIMIT_PER_TOKEN: '100000',
    RATE_LIMIT_PER_ADDRESS: '100000',
    // The tests swap indexes themselves: the watch for a new index on disk must not swap the served one back.
    INDEX_RELOAD_INTERVAL_MS: '3600000',
    LOG_LEVEL: 'silent',
    ...settings,
  });
  const running = await startServer(config, pino({ level: 'silent' }));
  const address = running.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const tokens = {} as Record<UserRole, string>;
  for (const role of USER_ROLES) tokens[role] = (await running.store.createUser(`${role}-${Math.random().toString(36).slice(2, 8)}`, role)).token;
  return {
    url,
    running,
    routes: running.service.app.apiRoutes,
    tokens,
    fetch: (pathAndQuery, init = {}, role = 'inspector') => {
      const headers = new Headers(init.headers);
      if (role) headers.set('Authorization', `Bearer ${tokens[role]}`);
      return fetch(`${url}${pathAndQuery}`, { ...init, headers });
    },
    close: () => running.close(),
  };
}
