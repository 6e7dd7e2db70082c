/**
 * `npm run users -- add NAME --role trainer` (the new token alone on the last line), `list`, `rotate`,
 * `disable`, and `bootstrap` (run by `npm run setup`: the first admin, when there is no user yet, and
 * how to sign in). `npm run backup -- --out FILE`: a copy of the store (SQLite: the whole file online;
 * PostgreSQL: the knowledge items as JSON — the rest needs pg_dump).
 */
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { openStore } from '../store/index.js';
import type { Store, UserRole } from '../store/types.js';

async function withStore<T>(config: Config, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}), dataDir: config.dataDir, listen: false });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

export async function addUser(config: Config, name: string, role: UserRole): Promise<void> {
  await withStore(config, async (store) => {
    const { user, token } = await store.createUser(name, role);
    write(`Đã tạo người dùng "${user.name}" (vai trò ${user.role}, mã ${user.id}). Mã truy cập chỉ hiện một lần, hãy lưu lại:`);
    write(token);
  });
}

export async function listUsers(config: Config): Promise<void> {
  await withStore(config, async (store) => {
    for (const user of await store.listUsers()) write(`${user.id}\t${user.name}\t${user.role}${user.disabledAt ? `\tđã khoá ${user.disabledAt}` : ''}`);
  });
}

async function userByName(store: Store, name: string) {
  const user = await store.findUserByName(name);
  if (!user) throw new AppError('NOT_FOUND', `người dùng "${name}"`);
  return user;
}

export async function rotateUser(config: Config, name: string): Promise<void> {
  await withStore(config, async (store) => {
    const user = await userByName(store, name);
    const token = await store.rotateToken(user.id);
    write(`Mã truy cập mới của "${user.name}" (mã cũ không còn dùng được):`);
    write(token);
  });
}

export async function disableUser(config: Config, name: string): Promise<void> {
  await withStore(config, async (store) => {
    const user = await store.disableUser((await userByName(store, name)).id);
    write(`Đã khoá "${user.name}".`);
  });
}

/** The first admin, when the store has no user yet: printed with how to sign in. Nothing when there are users. */
export async function bootstrap(config: Config): Promise<void> {
  await withStore(config, async (store) => {
    if ((await store.countUsers()) > 0) {
      write('Đã có người dùng; không tạo thêm. Tạo người dùng mới: npm run users -- add TÊN --role inspector|trainer|legal|admin');
      return;
    }
    const { token } = await store.createUser('quan-tri', 'admin');
    write('');
    write('Đã tạo tài khoản quản trị đầu tiên "quan-tri". Chạy `npm start`, mở http://localhost:3000 và đăng nhập bằng mã truy cập dưới đây');
    write('(mã chỉ hiện một lần; quản trị viên tạo thêm người dùng bằng: npm run users -- add TÊN --role inspector|trainer|legal|admin):');
    write(token);
  });
}

export async function backup(config: Config, file: string): Promise<void> {
  await withStore(config, async (store) => {
    const result = await store.backup(file);
    write(result.format === 'sqlite' ? `Đã sao lưu toàn bộ cơ sở dữ liệu SQLite vào ${result.file} (${result.bytes} byte).` : `Đã sao lưu các mục tri thức (bài học, hướng dẫn, câu trả lời chuẩn) vào ${result.file} (${result.bytes} byte). Người dùng, nhật ký và hội thoại trên PostgreSQL cần sao lưu bằng pg_dump.`);
  });
}
