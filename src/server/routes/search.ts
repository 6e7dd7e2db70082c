import { Router } from 'express';
import { z } from 'zod';
import { hitToJson } from '../../retrieval/hitJson.js';
import type { AppDependencies } from '../app.js';
import { IsoDate } from './validation.js';

const Query = z.object({
  q: z.string().trim().min(1).max(2000),
  k: z.coerce.number().int().min(1).max(50).default(10),
  asOf: IsoDate.optional(),
});

export function searchRoutes({ retriever }: AppDependencies): Router {
  const router = Router();
  router.get('/search', async (request, response) => {
    const { q, k, asOf } = Query.parse(request.query);
    const hits = await retriever.search(q, { k, ...(asOf ? { asOf } : {}) });
    response.json(hits.map(hitToJson));
  });
  return router;
}
