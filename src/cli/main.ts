/** The product's command line: ingest, search, ask, serve (measuring commands live in evals/cli.ts). */
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { isAppError } from '../errors.js';
import { exitStatusOf, INGEST_EXIT, runIngest } from './ingestCommand.js';
import { runSearch } from './searchCommand.js';
import { runAsk } from './askCommand.js';
import { startServer } from './serveCommand.js';

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
  .description('Nạp thêm hoặc cập nhật văn bản trong chỉ mục; các nguồn khác giữ nguyên (lần đầu: thêm KB_SOURCES, mặc định corpus/ và ../shared/corpus)')
  .argument('[sources...]', 'thư mục hoặc tệp cần thêm/cập nhật; bỏ trống: đọc lại mọi nguồn đã có trong chỉ mục')
  .option('--remove <path>', 'gỡ một nguồn (thư mục hoặc tệp đã nạp) khỏi chỉ mục; lặp lại để gỡ nhiều', (value: string, previous: string[]) => [...previous, value], [] as string[])
  .option('--rebuild', 'không dùng lại gì của chỉ mục cũ: đọc lại mọi tệp của mọi nguồn')
  .addHelpText(
    'after',
    `
Ví dụ:
  npm run ingest                          đọc lại mọi nguồn đã ghi trong chỉ mục (chỉ xử lý tệp đã đổi)
  npm run ingest -- duong/dan/thu-muc     thêm hoặc cập nhật một thư mục; các nguồn khác giữ nguyên
  npm run ingest -- --remove duong/dan    gỡ một nguồn khỏi chỉ mục

Mã thoát:
  ${INGEST_EXIT.ok}  mọi tệp đều được nạp
  ${INGEST_EXIT.skipped}  có tệp bị bỏ qua (tên và lý do in trong bản tóm tắt); phần còn lại đã được nạp
  ${INGEST_EXIT.failed}  lần nạp thất bại (chỉ mục cũ giữ nguyên) hoặc chỉ mục không có đơn vị nào`,
  )
  .action(async (sources: string[], options: { rebuild?: boolean; remove: string[] }) => {
    const summary = await runIngest(loadConfig(), sources, options);
    process.exitCode = exitStatusOf(summary);
  });

program
  .command('search')
  .description('Tìm điều khoản')
  .argument('<query...>', 'câu hỏi hoặc dẫn chiếu')
  .option('--json', 'in JSON')
  .option('--explain', 'nêu đóng góp của từng bước xếp hạng vào điểm')
  .option('--k <n>', 'số kết quả', positiveInteger, 10)
  .option('--as-of <date>', 'hiệu lực tại ngày (YYYY-MM-DD)', isoDate)
  .action(async (query: string[], options: { json?: boolean; explain?: boolean; k: number; asOf?: string }) => {
    await runSearch(loadConfig(), query.join(' '), options);
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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}${isAppError(error) ? ` [${error.code}]` : ''}\n`);
  process.exitCode = 1;
}
