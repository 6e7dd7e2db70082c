import { Router } from 'express';
import { z } from 'zod';
import type { AppDependencies } from '../app.js';

const Body = z.object({
  question: z.string().trim().min(1).max(4000),
  answer: z.string().max(20000),
  rating: z.enum(['up', 'down']),
  comment: z.string().trim().max(2000).optional(),
  citations: z.array(z.string().max(200)).max(50).optional(),
});

export function feedbackRoutes({ feedback }: AppDependencies): Router {
  const router = Router();
  router.post('/feedback', (request, response) => {
    const body = Body.parse(request.body);
    const record = feedback.add({
      question: body.question,
      answer: body.answer,
      rating: body.rating,
      ...(body.comment ? { comment: body.comment } : {}),
      ...(body.citations ? { citations: body.citations } : {}),
    });
    response.status(201).json({ id: record.id, message: 'Cảm ơn góp ý của bạn' });
  });
  router.get('/feedback', (_request, response) => {
    response.json(feedback.list());
  });
  return router;
}
