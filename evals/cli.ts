/**
 * The measuring commands, kept apart from the product's own command line (src/ never imports evals/):
 * `npm run eval -- ...` (retrieval, answers, references) and `npm run bench` (speed and memory).
 */
import { Command } from 'commander';
import { loadConfig } from '../src/config.js';
import { isAppError } from '../src/errors.js';
import { runBench } from './bench.js';
import { runEval, type EvalOptions } from './evalCommand.js';

const program = new Command().name('tro-ly-eval').description('Đo chất lượng và tốc độ của trợ lý');

program
  .command('eval')
  .description('Đo chất lượng truy hồi (recall@k, MRR@10, nDCG@10) so với BM25 cơ sở')
  .option('--law <file>', 'tệp luật định dạng ALQAC (dựng chỉ mục tạm)')
  .option('--questions <file>', 'tệp câu hỏi có đáp án')
  .option('--json', 'in một đối tượng JSON')
  .option('--out <dir>', 'ghi các câu trả lời sai vào thư mục')
  .option('--all', 'chạy mọi bộ trong ../shared/benchmarks và ghi báo cáo')
  .option('--references', 'đo tỉ lệ dẫn chiếu gõ tự do mở đúng điều khoản (evals/references.json)')
  .option('--answers', 'đo câu trả lời trên chỉ mục chính (trích dẫn đúng, từ chối đúng, kiểm chứng trích dẫn)')
  .option('--fit-confidence', 'khớp mô hình độ tin cậy câu trả lời trên tập dev và ghi src/answer/confidence-model.json')
  .option('--benchmarks <dir>', 'thư mục các bộ đánh giá', '../shared/benchmarks')
  .action(async (options: EvalOptions) => {
    await runEval(loadConfig(), options);
  });

program
  .command('bench')
  .description('Đo tốc độ: tìm kiếm p50/p95/p99, nạp văn bản, bộ nhớ, quy mô x10, chat — so với BM25 cơ sở')
  .option('--benchmarks <dir>', 'thư mục các bộ câu hỏi', '../shared/benchmarks')
  .option('--source <dir>', 'kho văn bản để dựng chỉ mục đo', '../shared/corpus')
  .action(async (options: { benchmarks: string; source: string }) => {
    const report = await runBench(loadConfig(), options.benchmarks, [options.source]);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}${isAppError(error) ? ` [${error.code}]` : ''}\n`);
  process.exitCode = 1;
}
