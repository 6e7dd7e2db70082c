/**
 * `npm run loadtest -- [--connections N] [--duration S] [--url URL --token T] [--during ingest|lessons] [--json]`:
 * concurrent chat clients (autocannon, keep-alive connections on 127.0.0.1) asking the in-house question set
 * (both splits: timing tunes nothing) for a bounded time; prints throughput, p50/p95/p99 in ms and errors
 * (`--json`: `{requests, errors, rps, p50, p95, p99, ...}`). A request is an error when it fails, times out
 * or answers other than 2xx.
 *
 * Without `--url` it drives its own service (evals/localService.ts: the real service on a free port, a fresh
 * SQLite store, rate limits lifted) over the main index (KB_INDEX_DIR, `embeddings/`). The clients share the
 * process with that service, so their own small cost (a few tens of µs a request) is counted in the latency.
 *
 * `--during ingest`: while the clients run, a new index is written the way an operator does it — `npm run
 * ingest` of a small extra source, in its own process, into a copy of the index folder (the served index is
 * never touched) — and when it is done the service opens it and swaps it in live (what `npm start` does when
 * it sees a new index on disk). `--during lessons`: a burst of `--lessons` (100) published lessons written
 * through POST /api/lessons with the trainer token, all at once, while the clients run.
 *
 * The exit status is 1 when any chat request failed or the task run during the load did not complete.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../src/config.js';
import { embedderForIndex } from '../src/knowledge/embedders/index.js';
import { openIndex } from '../src/knowledge/openIndex.js';
import type { ServingIndex } from '../src/server/serving.js';
import { startLocalService } from './localService.js';
import { loadQuestionSet } from './questionSet.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = path.join(ROOT, 'src/cli/main.ts');
/** tsx's loader by absolute URL, for the ingest child process. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}

/** What a task run during the load did. */
export interface DuringReport {
  kind: 'ingest' | 'lessons';
  ok: boolean;
  /** Seconds after the clients started when the task started and ended. */
  startedAt: number;
  endedAt: number;
  detail: Record<string, unknown>;
}

export interface LoadReport {
  requests: number;
  errors: number;
  /** Completed chat requests per second. */
  rps: number;
  /** Latency of completed requests, ms. */
  p50: number;
  p95: number;
  p99: number;
  connections: number;
  seconds: number;
  statusCodes: Record<string, number>;
  timeouts: number;
  /** The 1-minute load average of the machine just before the run and at its end (this run's own load included), and its cores. */
  machine: { loadBefore: number; loadAfter: number; cores: number };
  during?: DuringReport;
  /** Requests completed before the task run during the load started, and after it ended. */
  requestsBeforeDuring?: number;
  requestsAfterDuring?: number;
}

export interface DriveOptions {
  /** Base URL of the service, e.g. http://127.0.0.1:3000. */
  url: string;
  token: string;
  connections: number;
  durationSeconds: number;
  /** JSON bodies of POST /api/chat, taken in turn. */
  bodies: readonly string[];
  /** Started this many seconds into the run; the run waits for it to finish before reporting. */
  during?: { atSeconds: number; run: (clock: () => number) => Promise<DuringReport> };
  /** Seconds a request may take before it counts as an error. Default: 10 */
  timeoutSeconds?: number;
  /** At most this many requests a second from all clients together. Default: as fast as the service answers. */
  ratePerSecond?: number;
}

/** Nearest-rank percentiles, in ms with two decimals. */
export function latencySummary(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => {
    if (sorted.length === 0) return 0;
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return Number((sorted[index] ?? 0).toFixed(2));
  };
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** The chat bodies of the in-house question set, with their history and date when they have one. */
export function questionBodies(): string[] {
  return loadQuestionSet().map((question) =>
    JSON.stringify({ message: question.question, ...(question.history ? { history: question.history } : {}), ...(question.asOf ? { asOf: question.asOf } : {}) }),
  );
}

/** Concurrent chat clients for a bounded time (and a task part way through); the figures of the run. */
export async function driveChat(options: DriveOptions): Promise<LoadReport> {
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let next = 0;
  const loadBefore = Number((os.loadavg()[0] ?? 0).toFixed(2));
  const started = performance.now();
  const clock = (): number => Number(((performance.now() - started) / 1000).toFixed(2));
  let during: Promise<DuringReport> | undefined;
  let duringTimer: NodeJS.Timeout | undefined;
  let duringPhase: 'before' | 'running' | 'after' = 'before';
  let before = 0;
  let after = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.url.replace(/\/$/u, '')}/api/chat`,
        connections: options.connections,
        duration: options.durationSeconds,
        timeout: options.timeoutSeconds ?? 10,
        ...(options.ratePerSecond ? { overallRate: options.ratePerSecond } : {}),
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        requests: [
          {
            setupRequest: (request) => {
              const body = options.bodies[next % options.bodies.length] ?? '{"message":"thời hạn thanh tra"}';
              next += 1;
              return { ...request, body };
            },
          },
        ],
      },
      (error: unknown, finished) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(finished)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statusCodes[String(statusCode)] = (statusCodes[String(statusCode)] ?? 0) + 1;
      if (duringPhase === 'before') before++;
      else if (duringPhase === 'after') after++;
    });
    if (options.during) {
      const task = options.during;
      duringTimer = setTimeout(() => {
        duringPhase = 'running';
        during = task.run(clock).finally(() => {
          duringPhase = 'after';
        });
      }, task.atSeconds * 1000);
    }
  });
  if (duringTimer) clearTimeout(duringTimer);
  const duringReport = during ? await during : undefined;
  const summary = latencySummary(latencies);
  const failedStatuses = Object.entries(statusCodes).filter(([code]) => !code.startsWith('2')).reduce((sum, [, count]) => sum + count, 0);
  return {
    requests: latencies.length,
    errors: failedStatuses + result.errors,
    rps: Number((latencies.length / Math.max(result.duration, 1e-3)).toFixed(1)),
    p50: summary.p50,
    p95: summary.p95,
    p99: summary.p99,
    connections: options.connections,
    seconds: result.duration,
    statusCodes,
    timeouts: result.timeouts,
    machine: { loadBefore, loadAfter: Number((os.loadavg()[0] ?? 0).toFixed(2)), cores: os.cpus().length },
    ...(duringReport ? { during: duringReport, requestsBeforeDuring: before, requestsAfterDuring: after } : {}),
  };
}

/** A small law text that is in no corpus, for the ingest run during the load. */
export function extraLawText(articles = 20): string {
  const lines = ['BỘ KHOA HỌC VÀ CÔNG NGHỆ', 'Số: 99/2026/TT-BKHCN', 'Hà Nội, ngày 01 tháng 01 năm 2026', 'THÔNG TƯ', 'Quy định việc thử tải hệ thống tra cứu', ''];
  for (let article = 1; article <= articles; article++) {
    lines.push(`Điều ${article}. Nhật ký thử tải số ${article}`);
    lines.push(`1. Doanh nghiệp viễn thông lưu giữ nhật ký thử tải trong thời hạn ${article + 2} tháng.`);
    lines.push('2. Cơ quan thanh tra kiểm tra việc lưu giữ nhật ký thử tải.');
  }
  return lines.join('\n');
}

/** Writes a new index into `indexDir` from its sources and these added ones; resolves with an exit code (0: written) and what it printed. */
export type IndexWriter = (indexDir: string, sources: readonly string[]) => Promise<{ code: number | null; output: string }>;

/** Runs `npm run ingest -- <sources>` (the real command line, its own process) on an index folder; resolves with its exit code and output. */
export const runIngestProcess: IndexWriter = (indexDir, sources) => {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'ingest', ...sources], {
      cwd: ROOT,
      env: { ...process.env, KB_INDEX_DIR: indexDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
};

/**
 * The ingest task: copy the served index folder, ingest a small extra source into the copy (by default in
 * another process, as an operator runs `npm run ingest`), open the new index here and swap it into the
 * running service.
 */
export function ingestAndSwap(indexDir: string, serving: ServingIndex, writeIndex: IndexWriter = runIngestProcess): (clock: () => number) => Promise<DuringReport> {
  return async (clock) => {
    const startedAt = clock();
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'loadtest-ingest-'));
    try {
      const copy = path.join(work, 'embeddings');
      fs.cpSync(indexDir, copy, { recursive: true });
      const extra = path.join(work, 'extra');
      fs.mkdirSync(extra);
      fs.writeFileSync(path.join(extra, 'thong-tu-thu-tai.txt'), extraLawText());
      const before = serving.current.corpus.manifest;
      const ingestStarted = clock();
      const ingested = await writeIndex(copy, [extra]);
      const ingestSeconds = Number((clock() - ingestStarted).toFixed(1));
      if (ingested.code !== 0) {
        return { kind: 'ingest', ok: false, startedAt, endedAt: clock(), detail: { ingestSeconds, exitCode: ingested.code, output: ingested.output.slice(-2000) } };
      }
      const swapStarted = clock();
      const next = await openIndex(copy, embedderForIndex({ EMBEDDING_BATCH_SIZE: 64, indexDir: copy }));
      const openSeconds = Number((clock() - swapStarted).toFixed(2));
      await serving.swapCorpus(next);
      const after = serving.current.corpus.manifest;
      const ok = after.buildId === next.manifest.buildId && after.unitCount > before.unitCount;
      return {
        kind: 'ingest',
        ok,
        startedAt,
        endedAt: clock(),
        detail: {
          ingestSeconds,
          swappedAt: clock(),
          openSeconds,
          swapSeconds: Number((clock() - swapStarted - openSeconds).toFixed(2)),
          unitsBefore: before.unitCount,
          unitsAfter: after.unitCount,
          buildBefore: before.buildId,
          buildAfter: after.buildId,
        },
      };
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  };
}

/** A provision the served index holds, as its label (the legal basis of the lessons written during the load). */
async function someLabel(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/api/search?q=${encodeURIComponent('thời hạn thanh tra')}&k=1`, { headers: { authorization: `Bearer ${token}` } });
  const hits = (await response.json()) as Array<{ label?: unknown }>;
  const label = hits[0]?.label;
  if (typeof label !== 'string') throw new Error(`Không tìm được điều khoản làm căn cứ cho bài học (HTTP ${response.status})`);
  return label;
}

/** The lessons task: `count` published lessons posted at once with the trainer's token. */
export function lessonBurst(url: string, trainerToken: string, count: number): (clock: () => number) => Promise<DuringReport> {
  return async (clock) => {
    const startedAt = clock();
    const basis = await someLabel(url, trainerToken);
    const times: number[] = [];
    const statuses: Record<string, number> = {};
    const stamp = Date.now().toString(36);
    await Promise.all(
      Array.from({ length: count }, async (_unused, index) => {
        const sent = performance.now();
        let status = 'lỗi kết nối';
        try {
          const response = await fetch(`${url}/api/lessons`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${trainerToken}` },
            body: JSON.stringify({
              year: 2026,
              field: 'Thử tải',
              title: `Bài học thử tải ${stamp}-${index}`,
              situation: `Tình huống thử tải số ${index}: nhiều thanh tra viên cùng tra cứu khi bài học được ghi.`,
              lesson: 'Ghi bài học trong lúc tra cứu không làm hỏng câu trả lời nào.',
              legalBasis: [basis],
              status: 'published',
            }),
          });
          await response.arrayBuffer();
          status = String(response.status);
        } finally {
          times.push(performance.now() - sent);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }
      }),
    );
    const written = statuses['201'] ?? 0;
    return { kind: 'lessons', ok: written === count, startedAt, endedAt: clock(), detail: { written, statuses, writeLatency: latencySummary(times), legalBasis: basis } };
  };
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('cần một số nguyên dương');
  return parsed;
}

function printReport(report: LoadReport): void {
  const lines = [
    `Tải chat: ${report.connections} kết nối đồng thời trong ${report.seconds} giây (máy ${report.machine.cores} nhân, tải trung bình 1 phút: ${report.machine.loadBefore} trước, ${report.machine.loadAfter} khi xong)`,
    `  Yêu cầu hoàn tất: ${report.requests} (${report.rps} yêu cầu/giây), lỗi: ${report.errors}${report.timeouts > 0 ? ` (quá hạn: ${report.timeouts})` : ''}`,
    `  Độ trễ (ms): p50 ${report.p50}, p95 ${report.p95}, p99 ${report.p99}`,
    `  Mã trả về: ${Object.entries(report.statusCodes).map(([code, count]) => `${code}×${count}`).join(', ') || '(không có)'}`,
  ];
  if (report.during) {
    lines.push(`  Trong lúc chạy: ${report.during.kind} từ giây ${report.during.startedAt} đến giây ${report.during.endedAt} — ${report.during.ok ? 'hoàn tất' : 'KHÔNG hoàn tất'}`);
    lines.push(`    ${JSON.stringify(report.during.detail)}`);
    lines.push(`    Yêu cầu hoàn tất trước việc đó: ${report.requestsBeforeDuring ?? 0}, sau khi xong: ${report.requestsAfterDuring ?? 0}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

interface CommandOptions {
  connections: number;
  duration: number;
  url?: string;
  token?: string;
  trainerToken?: string;
  during?: 'ingest' | 'lessons';
  lessons: number;
  at?: number;
  json?: boolean;
}

async function main(argv: readonly string[]): Promise<number> {
  const program = new Command()
    .name('loadtest')
    .description('Đo tải dịch vụ chat: nhiều người hỏi cùng lúc trong một khoảng thời gian; in thông lượng, p50/p95/p99 và số lỗi')
    .option('--connections <n>', 'số kết nối (người hỏi) đồng thời', positiveInteger, 50)
    .option('--duration <s>', 'thời gian chạy, giây', positiveInteger, 60)
    .option('--url <url>', 'dịch vụ đang chạy (mặc định: tự chạy một dịch vụ trên chỉ mục KB_INDEX_DIR)')
    .option('--token <token>', 'mã truy cập khi dùng --url (hoặc biến LOADTEST_TOKEN)')
    .option('--trainer-token <token>', 'mã truy cập vai trò trainer khi dùng --url với --during lessons (hoặc biến LOADTEST_TRAINER_TOKEN)')
    .addOption(new Option('--during <task>', 'việc chạy cùng lúc: ingest (nạp văn bản và đổi chỉ mục khi đang phục vụ) hoặc lessons (ghi dồn dập bài học)').choices(['ingest', 'lessons']))
    .option('--lessons <n>', 'số bài học ghi trong --during lessons', positiveInteger, 100)
    .option('--at <s>', 'bắt đầu việc chạy cùng lúc ở giây thứ (mặc định: 1/10 thời gian chạy)', positiveInteger)
    .option('--json', 'in một đối tượng JSON {requests, errors, rps, p50, p95, p99, ...}')
    .exitOverride();
  program.parse([...argv], { from: 'user' });
  const options = program.opts<CommandOptions>();
  const bodies = questionBodies();
  const atSeconds = options.at ?? Math.max(1, Math.round(options.duration / 10));
  let report: LoadReport;
  if (options.url) {
    const url = options.url.replace(/\/$/u, '');
    const token = options.token ?? process.env['LOADTEST_TOKEN'];
    if (!token) throw new Error('--url cần --token (hoặc biến LOADTEST_TOKEN)');
    if (options.during === 'ingest') throw new Error('--during ingest chỉ dùng với dịch vụ tự chạy; với --url, hãy chạy "npm run ingest" bên cạnh dịch vụ đó trong lúc đo');
    const trainerToken = options.trainerToken ?? process.env['LOADTEST_TRAINER_TOKEN'];
    if (options.during === 'lessons' && !trainerToken) throw new Error('--during lessons với --url cần --trainer-token (hoặc biến LOADTEST_TRAINER_TOKEN)');
    report = await driveChat({
      url,
      token,
      connections: options.connections,
      durationSeconds: options.duration,
      bodies,
      ...(options.during === 'lessons' && trainerToken ? { during: { atSeconds, run: lessonBurst(url, trainerToken, options.lessons) } } : {}),
    });
  } else {
    const config = loadConfig();
    if (!options.json) process.stderr.write(`Mở chỉ mục ${config.indexDir}…\n`);
    const corpus = await openIndex(config.indexDir, embedderForIndex(config));
    const local = await startLocalService(corpus, { LOG_LEVEL: 'silent' });
    try {
      const during =
        options.during === 'ingest'
          ? { atSeconds, run: ingestAndSwap(config.indexDir, local.service.serving) }
          : options.during === 'lessons'
            ? { atSeconds, run: lessonBurst(local.url, local.trainerToken, options.lessons) }
            : undefined;
      if (!options.json) process.stderr.write(`Dịch vụ ${local.url}, ${corpus.units.length} đơn vị; ${options.connections} kết nối trong ${options.duration} giây${options.during ? `, --during ${options.during}` : ''}…\n`);
      report = await driveChat({ url: local.url, token: local.token, connections: options.connections, durationSeconds: options.duration, bodies, ...(during ? { during } : {}) });
    } finally {
      await local.close();
    }
  }
  if (options.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else printReport(report);
  return report.errors === 0 && (report.during?.ok ?? true) ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main(process.argv.slice(2))
    .then((status) => {
      process.exitCode = status;
    })
    .catch((error: unknown) => {
      // Commander has already said what was wrong with the options (or shown the help).
      if (error instanceof CommanderError) {
        process.exitCode = error.exitCode;
        return;
      }
      process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}
