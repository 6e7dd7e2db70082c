/** `npm run ingest -- [DIR|FILE ...] [--rebuild]`: build or update the index, with a progress bar and a summary. */
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import { ingest, type IngestSummary } from '../knowledge/indexing.js';
import { embedderForIngest } from '../knowledge/embedders/index.js';

export async function runIngest(config: Config, sources: string[], options: { rebuild?: boolean; quiet?: boolean }): Promise<IngestSummary> {
  const useBar = !options.quiet && process.stderr.isTTY;
  const bar = useBar ? new cliProgress.SingleBar({ format: 'Nạp văn bản [{bar}] {value}/{total} {file}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  const { summary } = await ingest({
    sources: sources.length > 0 ? sources : config.KB_SOURCES,
    indexDir: config.indexDir,
    rebuild: options.rebuild ?? false,
    embedderFor: embedderForIngest(config),
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
}

export function printSummary(summary: IngestSummary): void {
  const lines = [
    '',
    `Đã nạp: ${summary.documents} văn bản, ${summary.units} đơn vị trích dẫn từ ${summary.files} tệp (${summary.filesLoaded} tệp xử lý mới, ${summary.filesReused} tệp không đổi dùng lại) trong ${summary.seconds.toFixed(1)} giây.`,
    `Chỉ mục: ${summary.indexDir}`,
  ];
  if (summary.removedFiles.length > 0) lines.push(`Đã gỡ khỏi chỉ mục ${summary.removedFiles.length} tệp không còn: ${summary.removedFiles.join(', ')}`);
  if (summary.skipped.length > 0) {
    lines.push(`Bỏ qua ${summary.skipped.length} tệp:`);
    for (const skip of summary.skipped) lines.push(`  - ${skip.file}: ${skip.reason} [${skip.code}]`);
  }
  if (summary.warnings.length > 0) {
    lines.push('Cảnh báo:');
    for (const warning of summary.warnings) lines.push(`  - ${warning.document}: ${warning.warning}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
