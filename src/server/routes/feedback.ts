import { z } from 'zod';
import type { AppDependencies } from '../app.js';
import { EVERYONE, userOf, type ApiBuilder } from '../api.js';

const Body = z.object({
  question: z.string().trim().min(1).max(4000),
  answer: z.string().max(20000),
  rating: z.enum(['up', 'down']),
  comment: z.string().trim().max(2000).optional(),
  citations: z.array(z.string().max(300)).max(50).optional(),
});

const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });

/** Thumbs up or down on an answer: anyone signed in may give it; only admins read it (it may hold personal data). */
export function feedbackRoutes(api: ApiBuilder, { store }: AppDependencies): void {
  api.post('/feedback', EVERYONE, async (request, response) => {
    const body = Body.parse(request.body);
    const record = await store.addFeedback({
      question: body.question,
      answer: body.answer,
      rating: body.rating,
      userId: userOf(response).id,
      ...(body.comment ? { comment: body.comment } : {}),
      ...(body.citations ? { citations: body.citations } : {}),
    });
    response.status(201).json({ id: record.id, message: 'Cảm ơn góp ý của bạn' });
  });
  api.get('/feedback', ['admin'], async (request, response) => {
    const { limit } = ListQuery.parse(request.query);
    response.json(await store.listFeedback(limit));
  });
}
