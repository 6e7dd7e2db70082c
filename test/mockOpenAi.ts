/**
 * A small OpenAI-compatible server of our own on 127.0.0.1, for tests: chat completions answer from
 * a script, embeddings from a deterministic function, rerank requests (`/rerank`, `/v1/rerank`) from
 * another (`rerankScore`) in the Jina/Cohere/vLLM or the TEI wire format; every request is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ScriptedReply =
  | { content: string }
  | { status: number; message?: string }
  | { delayMs: number; content: string }
  | { respond: (prompt: string) => string };

/** What the next rerank request gets instead of scores computed by `rerank.scoreOf`. */
export type ScriptedRerank =
  | { status: number }
  | { delayMs: number }
  /** Sent as the 200 body, as it is (garbage, `NaN` …). */
  | { raw: string }
  /** The right scores, with the last `drop` results left out. */
  | { drop: number };

export interface RerankRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

export interface MockRerank {
  requests: RerankRequest[];
  script: ScriptedRerank[];
  /**
   * `any`: `/rerank` and `/v1/rerank` take either request shape and answer in the shape asked.
   * `tei`: as Hugging Face text-embeddings-inference does — only `/rerank`, only `{query, texts}`
   * (422 for anything else, 404 for `/v1/rerank`).
   */
  server: 'any' | 'tei';
  scoreOf: (query: string, text: string) => number;
}

/** The share of the query's words (lower-cased, 2+ letters) that occur in the text: 0..1, deterministic. */
export function rerankScore(query: string, text: string): number {
  const words = (value: string): string[] => value.toLowerCase().match(/\p{L}{2,}/gu) ?? [];
  const asked = [...new Set(words(query))];
  const present = new Set(words(text));
  return asked.length === 0 ? 0 : asked.filter((word) => present.has(word)).length / asked.length;
}

export interface MockOpenAi {
  baseURL: string;
  /** The same server without the `/v1` suffix, as TEI and Cohere-style servers are usually given. */
  rootURL: string;
  chatRequests: Array<{ model: string; messages: Array<{ role: string; content: string }> }>;
  embeddingRequests: Array<{ model: string; input: string[] }>;
  script: ScriptedReply[];
  embedding: { dimension: number; failures: number[] };
  rerank: MockRerank;
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
  const mock: Omit<MockOpenAi, 'baseURL' | 'rootURL' | 'close'> = {
    chatRequests: [],
    embeddingRequests: [],
    script: [],
    embedding: { dimension: 8, failures: [] },
    rerank: { requests: [], script: [], server: 'any', scoreOf: rerankScore },
  };
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
      if (request.url === '/rerank' || request.url === '/v1/rerank') {
        answerRerank(mock.rerank, request.url, request.headers.authorization, body, reply, (text) => {
          response.writeHead(200, { 'Content-Type': 'application/json' });
          response.end(text);
        });
        return undefined;
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
    rootURL: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answerRerank(
  rerank: MockRerank,
  path: string,
  authorization: string | undefined,
  body: Record<string, unknown>,
  reply: (status: number, payload: unknown) => void,
  sendRaw: (text: string) => void,
): void {
  rerank.requests.push({ path, authorization, body });
  const query = typeof body['query'] === 'string' ? body['query'] : undefined;
  const tei = Array.isArray(body['texts']);
  const texts = (tei ? body['texts'] : body['documents']) as unknown;
  if (rerank.server === 'tei' && path !== '/rerank') return reply(404, { error: 'not found' });
  if (query === undefined || !Array.isArray(texts) || (rerank.server === 'tei' && !tei)) {
    return reply(422, { error: 'Failed to deserialize the JSON body into the target type: missing field `texts`', error_type: 'Validation' });
  }
  const next = rerank.script.shift();
  if (next && 'status' in next) return reply(next.status, { error: { message: 'scripted rerank failure' } });
  if (next && 'raw' in next) return sendRaw(next.raw);
  const ranked = texts
    .map((text, index) => ({ index, score: rerank.scoreOf(query, String(text)) }))
    .sort((p, q) => q.score - p.score || p.index - q.index)
    .slice(0, next && 'drop' in next ? Math.max(0, texts.length - next.drop) : texts.length);
  const topN = typeof body['top_n'] === 'number' ? body['top_n'] : ranked.length;
  const payload = tei ? ranked : { id: 'rerank-test', model: body['model'], results: ranked.slice(0, topN).map(({ index, score }) => ({ index, relevance_score: score, document: { text: texts[index] } })) };
  if (next && 'delayMs' in next) setTimeout(() => reply(200, payload), next.delayMs);
  else reply(200, payload);
}
