/**
 * POST /api/chat: JSON, or with `Accept: text/event-stream` the same answer streamed — text events
 * as it is produced, then one `done` event carrying the citations.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { ChatAnswer } from '../../answer/types.js';
import type { AppDependencies } from '../app.js';
import { errorBody } from '../errors.js';
import { IsoDate } from './validation.js';

function body(maxMessageChars: number) {
  return z.object({
    message: z.string().trim().min(1).max(maxMessageChars),
    history: z
      .array(z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(maxMessageChars * 4) }))
      .max(40)
      .optional(),
    asOf: IsoDate.optional(),
  });
}

function publicAnswer(answer: ChatAnswer) {
  return {
    answer: answer.answer,
    short: answer.short,
    outcome: answer.outcome,
    citations: answer.citations,
    grounded: answer.grounded,
    mode: answer.mode,
    confidence: answer.confidence,
    asOf: answer.asOf,
    ...(answer.notice ? { notice: answer.notice } : {}),
  };
}

function send(response: Response, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Pieces of a few words, so the page shows the answer as it is produced. */
function* pieces(text: string): Generator<string> {
  const words = text.split(/(?<=\s)/u);
  for (let i = 0; i < words.length; i += 6) yield words.slice(i, i + 6).join('');
}

export function chatRoutes({ answerer, limits, logger }: AppDependencies): Router {
  const router = Router();
  const Body = body(limits.maxMessageChars);
  router.post('/chat', async (request, response) => {
    const parsed = Body.parse(request.body);
    const chatRequest = {
      message: parsed.message,
      ...(parsed.history ? { history: parsed.history } : {}),
      ...(parsed.asOf ? { asOf: parsed.asOf } : {}),
    };
    if (!request.accepts(['application/json', 'text/event-stream']) || request.get('accept')?.includes('text/event-stream') !== true) {
      response.json(publicAnswer(await answerer.answer(chatRequest)));
      return;
    }
    response.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    response.flushHeaders();
    send(response, 'start', { status: 'Đang tra cứu…' });
    try {
      const answer = await answerer.answer(chatRequest);
      for (const piece of pieces(answer.answer)) send(response, 'delta', { text: piece });
      send(response, 'done', publicAnswer(answer));
    } catch (error) {
      logger.error({ err: error }, 'chat stream failed');
      send(response, 'error', errorBody('INTERNAL', 'Không tạo được câu trả lời, vui lòng thử lại').error);
    }
    response.end();
  });
  return router;
}
