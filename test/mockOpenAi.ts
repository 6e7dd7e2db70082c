/**
 * A small OpenAI-compatible server of our own on 127.0.0.1, for tests: chat completions answer from
 * a script, embeddings from a deterministic function; every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply =
  | { content: string }
  | { status: number; message?: string }
  | { delayMs: number; content: string }
  | { respond: (prompt: string) => string };

export interface MockOpenAi {
  baseURL: string;
  chatRequests: Array<{ model: string; messages: Array<{ role: string; content: string }> }>;
  embeddingRequests: Array<{ model: string; input: string[] }>;
  script: ScriptedReply[];
  embedding: { dimension: number; failures: number[] };
  close: () => Promise<void>;
}

function vectorFor(text: string, dimension: number): number[] {
  const vector = new Array<number>(dimension).fill(0);
  for (let i = 0; i < text.length; i++) {
    const slot = (text.charCodeAt(i) * 31 + i) % dimension;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0)) || 1;
  return vector.map((v) => v / norm);
}

export async function startMockOpenAi(): Promise<MockOpenAi> {
  const mock: Omit<MockOpenAi, 'baseURL' | 'close'> = { chatRequests: [], embeddingRequests: [], script: [], embedding: { dimension: 8, failures: [] } };
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const reply = (status: number, payload: unknown): void => {
        response.writeHead(status, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (request.url?.endsWith('/embeddings')) {
        const input = (Array.isArray(body['input']) ? body['input'] : [body['input']]) as string[];
        mock.embeddingRequests.push({ model: String(body['model']), input });
        const failure = mock.embedding.failures.shift();
        if (failure) return reply(failure, { error: { message: 'scripted failure', type: 'rate_limit' } });
        return reply(200, {
          object: 'list',
          model: body['model'],
          data: input.map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text, mock.embedding.dimension) })),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        });
      }
      if (request.url?.endsWith('/chat/completions')) {
        mock.chatRequests.push(body as MockOpenAi['chatRequests'][number]);
        const next = mock.script.shift() ?? { content: '{"answer": "", "citations": []}' };
        if ('status' in next) return reply(next.status, { error: { message: next.message ?? 'scripted error' } });
        const prompt = (body['messages'] as Array<{ content: string }> | undefined)?.map((m) => m.content).join('\n') ?? '';
        const content = 'respond' in next ? next.respond(prompt) : next.content;
        const send = (): void =>
          reply(200, {
            id: 'chatcmpl-test',
            object: 'chat.completion',
            created: 0,
            model: body['model'],
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
          });
        if ('delayMs' in next) setTimeout(send, next.delayMs);
        else send();
        return undefined;
      }
      return reply(404, { error: { message: 'not found' } });
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...mock,
    baseURL: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
