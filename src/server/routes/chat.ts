/**
 * POST /api/chat: JSON, or with `Accept: text/event-stream` the same answer streamed — the short
 * answer first, then the rest, then one `done` event carrying the citations. With a `conversationId`
 * the question is asked in that conversation (its earlier turns are the history) and both turns are
 * kept; without one, a new conversation is started. Every question is written to the audit trail
 * with the sources that answered it.
 */
import type { Response } from 'express';
import { z } from 'zod';
import type { ChatAnswer, ChatTurn } from '../../answer/types.js';
import { AppError } from '../../errors.js';
import type { JsonValue } from '../../store/types.js';
import type { AppDependencies } from '../app.js';
import { EVERYONE, userOf, type ApiBuilder } from '../api.js';
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
    conversationId: z.string().min(1).max(100).optional(),
  });
}

export function publicAnswer(answer: ChatAnswer) {
  return {
    answer: answer.answer,
    short: answer.short,
    outcome: answer.outcome,
    citations: answer.citations,
    grounded: answer.grounded,
    mode: answer.mode,
    confidence: answer.confidence,
    asOf: answer.asOf,
    ...(answer.verified ? { verified: answer.verified } : {}),
    ...(answer.notice ? { notice: answer.notice } : {}),
  };
}

/**
 * An earlier answer as the answerer reads it in a follow-up: its short text and the provisions it
 * cited ("… (Khoản 1 Điều 37 Luật Thanh tra số 84/2025/QH15)"), so that the follow-up stays in that text.
 */
export function withCitedLabels(content: string, payload: JsonValue | null): string {
  const citations = payload && typeof payload === 'object' && !Array.isArray(payload) ? payload['citations'] : undefined;
  const labels = Array.isArray(citations)
    ? citations.flatMap((citation) => (citation && typeof citation === 'object' && !Array.isArray(citation) && typeof citation['label'] === 'string' ? [citation['label']] : [])).slice(0, 3)
    : [];
  return labels.length > 0 ? `${content} (${labels.join('; ')})` : content;
}

function send(response: Response, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Pieces of a few words, so the page shows the answer as it is produced. */
function* pieces(text: string): Generator<string> {
  const words = text.split(/(?<=\s)/u);
  for (let i = 0; i < words.length; i += 6) yield words.slice(i, i + 6).join('');
}

/** A conversation's title from its first question. */
function titleOf(question: string): string {
  const line = question.replace(/\s+/gu, ' ').trim();
  return line.length <= 80 ? line : `${line.slice(0, 79)}…`;
}

export function chatRoutes(api: ApiBuilder, { serving, store, limits, logger }: AppDependencies): void {
  const Body = body(limits.maxMessageChars);
  api.post('/chat', EVERYONE, async (request, response) => {
    const parsed = Body.parse(request.body);
    const user = userOf(response);
    let history: ChatTurn[] = parsed.history ?? [];
    let conversationId = parsed.conversationId;
    if (conversationId) {
      const conversation = await store.getConversation(user.id, conversationId);
      if (!conversation) throw new AppError('NOT_FOUND', 'cuộc hội thoại');
      history = conversation.messages.slice(-12).map((m) => ({ role: m.role, content: m.role === 'assistant' ? withCitedLabels(m.content, m.payload) : m.content }));
    } else {
      conversationId = (await store.createConversation(user.id, titleOf(parsed.message))).id;
    }
    const chatRequest = { message: parsed.message, ...(history.length > 0 ? { history } : {}), ...(parsed.asOf ? { asOf: parsed.asOf } : {}) };
    const streaming = request.get('accept')?.includes('text/event-stream') === true;
    // The state is taken once: a swap during the answer does not change what answers it.
    const { answerer } = serving.current;
    const record = async (answer: ChatAnswer): Promise<void> => {
      const id = conversationId as string;
      // The question, its answer and the audit line in one transaction: one commit per chat.
      await store.appendTurn(
        user.id,
        id,
        [
          { role: 'user', content: parsed.message },
          { role: 'assistant', content: answer.short || answer.answer, payload: JSON.parse(JSON.stringify(publicAnswer(answer))) as JsonValue },
        ],
        { action: 'chat', userId: user.id, question: parsed.message, sources: answer.citations.map((c) => c.label), detail: { outcome: answer.outcome, conversationId: id, confidence: answer.confidence } },
      );
    };
    if (!streaming) {
      const answer = await answerer.answer(chatRequest);
      await record(answer);
      response.json({ ...publicAnswer(answer), conversationId });
      return;
    }
    response.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    response.flushHeaders();
    send(response, 'start', { status: 'Đang tra cứu…', conversationId });
    let closed = false;
    request.on('close', () => {
      closed = true;
    });
    try {
      const answer = await answerer.answer(chatRequest);
      // Stopped by the user before the answer came: the question is audited, but no answer is kept in the conversation.
      if (closed) {
        await store.audit({ action: 'chat', userId: user.id, question: parsed.message, sources: [], detail: { outcome: answer.outcome, conversationId: conversationId as string, stopped: true } });
        response.end();
        return;
      }
      await record(answer);
      // The whole text streams, short answer first (the answer opens with it); `done` carries the structure.
      for (const piece of pieces(answer.answer)) {
        if (closed) break;
        send(response, 'delta', { text: piece });
      }
      if (!closed) send(response, 'done', { ...publicAnswer(answer), conversationId });
    } catch (error) {
      logger.error({ err: error }, 'chat stream failed');
      send(response, 'error', errorBody('INTERNAL', 'Không tạo được câu trả lời, vui lòng thử lại').error);
    }
    response.end();
  });
}
