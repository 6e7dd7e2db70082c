/** Who is signed in, and for admins: the users, their tokens, the audit trail (export). */
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { USER_ROLES } from '../../store/types.js';
import type { AppDependencies } from '../app.js';
import { EVERYONE, userOf, type ApiBuilder } from '../api.js';
import { IsoDate } from './validation.js';

const NewUser = z.object({ name: z.string().trim().min(1).max(100), role: z.enum(USER_ROLES) });
const AuditQuery = z.object({
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  userId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).default(1000),
  format: z.enum(['json', 'csv']).default('json'),
});

/** A CSV cell: quoted, quotes doubled, and no leading formula character a spreadsheet would run. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function userRoutes(api: ApiBuilder, { store }: AppDependencies): void {
  api.get('/me', EVERYONE, (_request, response) => {
    response.json(userOf(response));
  });
  api.get('/users', ['admin'], async (_request, response) => {
    response.json(await store.listUsers());
  });
  api.post('/users', ['admin'], async (request, response) => {
    const { name, role } = NewUser.parse(request.body);
    const issued = await store.createUser(name, role);
    await store.audit({ action: 'user.create', userId: userOf(response).id, detail: { name, role } });
    response.status(201).json(issued);
  });
  api.post('/users/:id/disable', ['admin'], async (request, response) => {
    const id = String(request.params['id']);
    if (id === userOf(response).id) throw new AppError('BAD_REQUEST', 'không thể tự khoá tài khoản của chính mình');
    const user = await store.disableUser(id);
    await store.audit({ action: 'user.disable', userId: userOf(response).id, detail: { target: id } });
    response.json(user);
  });
  api.post('/users/:id/rotate', ['admin'], async (request, response) => {
    const id = String(request.params['id']);
    const token = await store.rotateToken(id);
    await store.audit({ action: 'user.rotate', userId: userOf(response).id, detail: { target: id } });
    response.json({ token });
  });
  api.get('/audit', ['admin'], async (request, response) => {
    const query = AuditQuery.parse(request.query);
    const entries = await store.listAudit({
      ...(query.from ? { from: `${query.from}T00:00:00.000Z` } : {}),
      ...(query.to ? { to: `${query.to}T23:59:59.999Z` } : {}),
      ...(query.userId ? { userId: query.userId } : {}),
      ...(query.action ? { action: query.action } : {}),
      limit: query.limit,
    });
    if (query.format === 'json') {
      response.json(entries);
      return;
    }
    const rows = [['thời điểm', 'người dùng', 'thao tác', 'câu hỏi', 'nguồn', 'chi tiết'], ...entries.map((e) => [e.at, e.userId ?? '', e.action, e.question ?? '', e.sources.join('; '), JSON.stringify(e.detail)])];
    response.set('Content-Type', 'text/csv; charset=utf-8').set('Content-Disposition', 'attachment; filename="nhat-ky-tra-cuu.csv"');
    response.send(`\ufeff${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`);
  });
}
