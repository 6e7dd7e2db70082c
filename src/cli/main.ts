/** The product's command line: ingest, search, ask, serve (measuring commands live in evals/cli.ts). */
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { isAppError } from '../errors.js';
import { exitStatusOf, INGEST_EXIT, runIngest } from './ingestCommand.js';
import { runSearch } from './searchCommand.js';
import { runAsk } from './askCommand.js';
import { serveUntilStopped } from './serveCommand.js';
import { addUser, backup, bootstrap, disableUser, listUsers, rotateUser } from './usersCommand.js';
import { seedKnowledge } from './seedCommand.js';
import { USER_ROLES, type UserRole } from '../store/types.js';

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
    await serveUntilStopped(loadConfig());
  });

const users = program.command('users').description('Người dùng và mã truy cập');
users
  .command('add')
  .description('Tạo người dùng; mã truy cập in riêng ở dòng cuối')
  .argument('<name>', 'tên đăng nhập')
  .requiredOption('--role <role>', `vai trò: ${USER_ROLES.join(', ')}`, (value: string) => {
    if (!(USER_ROLES as readonly string[]).includes(value)) throw new InvalidArgumentError(`vai trò là một trong: ${USER_ROLES.join(', ')}`);
    return value;
  })
  .action(async (name: string, options: { role: UserRole }) => addUser(loadConfig(), name, options.role));
users.command('list').description('Liệt kê người dùng').action(async () => listUsers(loadConfig()));
users.command('rotate').description('Cấp mã truy cập mới (mã cũ hết dùng được)').argument('<name>').action(async (name: string) => rotateUser(loadConfig(), name));
users.command('disable').description('Khoá người dùng').argument('<name>').action(async (name: string) => disableUser(loadConfig(), name));
users.command('bootstrap').description('Tạo quản trị viên đầu tiên khi chưa có người dùng nào (npm run setup chạy lệnh này)').action(async () => bootstrap(loadConfig()));

program
  .command('backup')
  .description('Sao lưu cơ sở dữ liệu (SQLite: toàn bộ; PostgreSQL: các mục tri thức dạng JSON)')
  .requiredOption('--out <file>', 'tệp sao lưu')
  .action(async (options: { out: string }) => backup(loadConfig(), options.out));

program
  .command('seed')
  .description('Nạp các hướng dẫn nghiệp vụ (corpus/methods) và bài học mẫu (corpus/lessons) vào kho tri thức; bỏ qua mục đã có')
  .option('--dir <dir>', 'thư mục corpus của nhóm', 'corpus')
  .action(async (options: { dir: string }) => seedKnowledge(loadConfig(), options.dir));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`Lỗi: ${error instanceof Error ? error.message : String(error)}${isAppError(error) ? ` [${error.code}]` : ''}\n`);
  process.exitCode = 1;
}
