import { z } from 'zod';
import { hitToJson } from '../../retrieval/hitJson.js';
import type { AppDependencies } from '../app.js';
import { EVERYONE, userOf, type ApiBuilder } from '../api.js';
import { IsoDate } from './validation.js';

const Query = z.object({
  q: z.string().trim().min(1).max(2000),
  k: z.coerce.number().int().min(1).max(50).default(10),
  asOf: IsoDate.optional(),
});

export function searchRoutes(api: ApiBuilder, { serving, store }: AppDependencies): void {
  api.get('/search', EVERYONE, async (request, response) => {
    const { q, k, asOf } = Query.parse(request.query);
    const hits = await serving.current.retriever.search(q, { k, ...(asOf ? { asOf } : {}) });
    const results = hits.map(hitToJson);
    await store.audit({ action: 'search', userId: userOf(response).id, question: q, sources: results.slice(0, 5).map((r) => r.label) });
    response.json(results);
  });
}
