import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { DOCUMENT_TYPES } from '../../legal/types.js';
import type { AppDependencies } from '../app.js';
import { IsoDate } from './validation.js';

const ListQuery = z.object({
  type: z.enum(DOCUMENT_TYPES).optional(),
  status: z.enum(['chưa có hiệu lực', 'còn hiệu lực', 'hết hiệu lực một phần', 'hết hiệu lực', 'không rõ']).optional(),
  field: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  origin: z.enum(['text', 'codification', 'dataset', 'lessons', 'reference']).optional(),
  asOf: IsoDate.optional(),
});

export function documentRoutes({ registry }: Pick<AppDependencies, 'registry'>): Router {
  const router = Router();
  router.get('/documents', (request, response) => {
    const query = ListQuery.parse(request.query);
    response.json(registry.list({ ...query } as Parameters<typeof registry.list>[0]));
  });
  router.get('/documents/:id', (request, response) => {
    const asOf = IsoDate.optional().parse(request.query['asOf']);
    const detail = registry.detail(decodeURIComponent(String(request.params['id'])), asOf);
    if (!detail) throw new AppError('NOT_FOUND', `văn bản ${String(request.params['id'])}`);
    response.json(detail);
  });
  return router;
}
