import { z } from 'zod';
import { AppError } from '../../errors.js';
import { DOCUMENT_TYPES } from '../../legal/types.js';
import type { AppDependencies } from '../app.js';
import { EVERYONE, type ApiBuilder } from '../api.js';
import { IsoDate } from './validation.js';

const ListQuery = z.object({
  type: z.enum(DOCUMENT_TYPES).optional(),
  status: z.enum(['chưa có hiệu lực', 'còn hiệu lực', 'hết hiệu lực một phần', 'hết hiệu lực', 'không rõ']).optional(),
  field: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  origin: z.enum(['text', 'codification', 'dataset', 'lessons', 'reference']).optional(),
  asOf: IsoDate.optional(),
});

export function documentRoutes(api: ApiBuilder, { serving }: AppDependencies): void {
  api.get('/documents', EVERYONE, (request, response) => {
    const { registry } = serving.current;
    const query = ListQuery.parse(request.query);
    response.json(registry.list({ ...query } as Parameters<typeof registry.list>[0]));
  });
  api.get('/documents/:id', EVERYONE, (request, response) => {
    const { registry } = serving.current;
    const asOf = IsoDate.optional().parse(request.query['asOf']);
    const detail = registry.detail(String(request.params['id']), asOf);
    if (!detail) throw new AppError('NOT_FOUND', `văn bản ${String(request.params['id'])}`);
    response.json(detail);
  });
}
