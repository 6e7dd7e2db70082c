/**
 * `npm run ingest -- [DIR|FILE ...] [--remove PATH ...] [--rebuild]`: add or update sources in the
 * index (every other source keeps its units), or take sources out, with a progress bar and a summary.
 * The exit status says how it went: 0 everything read, 2 some files skipped (named in the summary),
 * 1 the ingest failed (the index on disk is left as it was) or the index has no units.
 */
import cliProgress from 'cli-progress';
import { ingestLimitsOf, type Config } from '../config.js';
import { embedderForIngest } from '../knowledge/embedders/index.js';
import { embedderParametersFor, ingest, type IngestSummary } from '../knowledge/indexing.js';

export const INGEST_EXIT = { ok: 0, failed: 1, skipped: 2 } as const;

export interface IngestCommandOptions {
  rebuild?: boolean;
  quiet?: boolean;
  remove?: string[];
}

export async function runIngest(config: Config, sources: string[], options: IngestCommandOptions): Promise<IngestSummary> {
  const useBar = !options.quiet && process.stderr.isTTY;
  const bar = useBar ? new cliProgress.SingleBar({ format: 'Nạp văn bản [{bar}] {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  try {
    const { summary } = await ingest({
      sources,
      defaultSources: config.KB_SOURCES,
      remove: options.remove ?? [],
      indexDir: config.indexDir,
      rebuild: options.rebuild ?? false,
      embedderFor: embedderForIngest(config),
      embedderParameters: embedderParametersFor(config),
      limits: ingestLimitsOf(config),
      onFile: (file, done, total) => {
        if (bar) {
          if (!started) bar.start(total, 0, { file });
          started = true;
          bar.update(done, { file: file.slice(-50) });
        } else if (!options.quiet && file) {
          process.stderr.write(`[${done + 1}/${total}] ${file}\n`);
        }
      },
    });
    bar?.stop();
    if (!options.quiet) printSummary(summary);
    return summary;
  } finally {
    bar?.stop();
  }
}

/** 0 when everything was read, 2 when some files were skipped, 1 when the index ends with no units. */
export function exitStatusOf(summary: IngestSummary): number {
  if (summary.units === 0) return INGEST_EXIT.failed;
  return summary.skipped.length > 0 ? INGEST_EXIT.skipped : INGEST_EXIT.ok;
}

export function printSummary(summary: IngestSummary): void {
  const grew = summary.units - summary.unitsBefore;
  const lines = [
    '',
    `Đã nạp: ${summary.documents} văn bản, ${summary.units} đơn vị trích dẫn (trước: ${summary.unitsBefore}, ${grew >= 0 ? '+' : ''}${grew}) trong ${summary.seconds.toFixed(1)} giây.`,
    `Tệp: ${summary.files} tệp đã đọc (${summary.filesLoaded} xử lý mới, ${summary.filesReused} không đổi dùng lại), ${summary.filesKept} tệp của nguồn khác giữ nguyên.`,
    `Nguồn trong chỉ mục: ${summary.sources.join(', ') || '(không có)'}`,
    `Chỉ mục: ${summary.indexDir}${summary.saved ? ` (bản dựng ${summary.buildId})` : ' (không có gì thay đổi, giữ nguyên)'}`,
  ];
  if (summary.removedFiles.length > 0) lines.push(`Đã gỡ khỏi chỉ mục ${summary.removedFiles.length} tệp: ${summary.removedFiles.join(', ')}`);
  if (summary.notices.length > 0) {
    lines.push('Ghi chú:');
    for (const notice of summary.notices) lines.push(`  - ${notice.file}: ${notice.notice}`);
  }
  const events = summary.events.filter((event) => event.level !== 'info' && !summary.skipped.some((skip) => event.message.startsWith(`bỏ qua ${skip.file}:`)));
  if (events.length > 0) {
    lines.push('Sự cố chỉ mục:');
    for (const event of events) lines.push(`  - ${event.message} [${event.code}]`);
  }
  if (summary.skipped.length > 0) {
    lines.push(`Bỏ qua ${summary.skipped.length} tệp:`);
    for (const skip of summary.skipped) lines.push(`  - ${skip.file}: ${skip.reason} [${skip.code}]`);
  }
  if (summary.textQuality.length > 0) {
    lines.push('Chất lượng chữ (tỉ lệ từ không phải âm tiết tiếng Việt, từ đã biết, số hay ký hiệu):');
    for (const quality of summary.textQuality) lines.push(`  - ${quality.document}: ${(quality.nonSyllableShare * 100).toFixed(2)}%${quality.ocr ? ' (nhận dạng từ bản quét)' : ''}`);
  }
  if (summary.warnings.length > 0) {
    lines.push('Cảnh báo:');
    for (const warning of summary.warnings) lines.push(`  - ${warning.document}: ${warning.warning}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
