/** The command line: ingest, search, eval, bench, ask, serve. */
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { isAppError } from '../errors.js';
import { runIngest } from './ingestCommand.js';
import { runSearch } from './searchCommand.js';
import { runEval, type EvalOptions } from './evalCommand.js';
import { runAsk } from './askCommand.js';
import { startServer } from './serveCommand.js';
import { runBench } from '../../evals/bench.js';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new InvalidArgumentError('cần một số nguyên dương');
  return parsed;
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(value)) throw new InvalidArgumentError('ngày theo dạng YYYY-MM-DD');
  return value;
}

const program = new Command().name('tro-ly').description('Trợ lý tra cứu pháp luật cho thanh tra ngành thông tin và truyền thông');

program
  .command('ingest')
  .description('Nạp văn bản vào chỉ mục (mặc định: corpus/ và ../shared/corpus)')
  .argument('[sources...]', 'thư mục hoặc tệp')
  .option('--rebuild', 'bỏ chỉ mục cũ, nạp lại toàn bộ')
  .action(async (sources: string[], options: { rebuild?: boolean }) => {
    const summary = await runIngest(loadConfig(), sources, options);
    if (summary.units === 0) process.exitCode = 1;
  });

program
  .command('search')
  .description('Tìm điều khoản')
  .argument('<query...>', 'câu hỏi hoặc dẫn chiếu')
  .option('--json', 'in JSON')
  .option('--k <n>', 'số kết quả', positiveInteger, 10)
  .option('--as-of <date>', 'hiệu lực tại ngày (YYYY-MM-DD)', isoDate)
  .action(async (query: string[], options: { json?: boolean; k: number; asOf?: string }) => {
    await runSearch(loadConfig(), query.join(' '), options);
  });


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
  .option('--benchmarks <dir>', 'thư mục các bộ đánh giá', '../shared/benchmarks')
  .action(async (options: EvalOptions) => {
    await runEval(loadConfig(), options);
  });

program
  .command('ask')
  .description('Hỏi trợ lý, nhận câu trả lời có trích dẫn')
  .argument('<question...>', 'câu hỏi')
  .option('--json', 'in JSON')
  .option('--as-of <date>', 'hiệu lực tại ngày (YYYY-MM-DD)', isoDate)
  .action(async (question: string[], options: { json?: boolean; asOf?: string }) => {
    await runAsk(loadConfig(), question.join(' '), options);
  });

program
  .command('serve')
  .description('Chạy dịch vụ và trang web (cổng PORT, mặc định 3000)')
  .action(async () => {
    await startServer(loadConfig());
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
