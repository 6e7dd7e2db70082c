/** A user's own conversations: listed, opened, renamed, deleted — never another user's. */
import { z } from 'zod';
import { AppError } from '../../errors.js';
import type { AppDependencies } from '../app.js';
import { EVERYONE, userOf, type ApiBuilder } from '../api.js';

const Create = z.object({ title: z.string().trim().min(1).max(200).default('Cuộc hội thoại mới') });
const Rename = z.object({ title: z.string().trim().min(1).max(200) });
const List = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export function conversationRoutes(api: ApiBuilder, { store }: AppDependencies): void {
  api.get('/conversations', EVERYONE, async (request, response) => {
    const { limit } = List.parse(request.query);
    response.json(await store.listConversations(userOf(response).id, limit));
  });
  api.post('/conversations', EVERYONE, async (request, response) => {
    const { title } = Create.parse(request.body ?? {});
    response.status(201).json(await store.createConversation(userOf(response).id, title));
  });
  api.get('/conversations/:id', EVERYONE, async (request, response) => {
    const conversation = await store.getConversation(userOf(response).id, String(request.params['id']));
    if (!conversation) throw new AppError('NOT_FOUND', 'cuộc hội thoại');
    response.json(conversation);
  });
  api.patch('/conversations/:id', EVERYONE, async (request, response) => {
    const { title } = Rename.parse(request.body);
    response.json(await store.renameConversation(userOf(response).id, String(request.params['id']), title));
  });
  api.delete('/conversations/:id', EVERYONE, async (request, response) => {
    await store.deleteConversation(userOf(response).id, String(request.params['id']));
    response.status(204).end();
  });
}
