import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTemporaryIndex } from '../../evals/runEval.js';
import { rerankScore, startMockOpenAi, type MockOpenAi, type ScriptedRerank } from '../../test/mockOpenAi.js';
import { loadConfig } from '../config.js';
import { CorpusEmbedder, DEFAULT_CORPUS_EMBEDDER_OPTIONS } from '../knowledge/embedders/corpusEmbedder.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import type { LegalUnit } from '../legal/units.js';
import { HttpReranker, rerankDocumentOf, rerankEndpoint, rerankerOptionsOf, type RerankableHit, type RerankerOptions, type RerankLog } from './rerank.js';
import { Retriever } from './retriever.js';

let mock: MockOpenAi;

beforeAll(async () => {
  mock = await startMockOpenAi();
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.rerank.requests.length = 0;
  mock.rerank.script.length = 0;
  mock.rerank.server = 'any';
  mock.rerank.scoreOf = rerankScore;
});

function unit(article: string, articleTitle: string, text: string): LegalUnit {
  return {
    id: `01/2030/QH15|${article}`,
    ref: { document: '01/2030/QH15', article },
    kind: 'article',
    documentTitle: 'Luật Thử nghiệm',
    articleTitle,
    text,
    points: [],
    source: { file: 'luat.txt', start: 0, end: text.length },
    order: Number(article),
  };
}

function hit(of: LegalUnit, score: number, exact = false): RerankableHit {
  return { unit: of, score, exact, reasons: exact ? { reference: 1 } : { lexical: score } };
}

// Offline order A, B, C; for "thời hạn thanh tra" the stand-in scores C 1, A 0.5, B 0.5.
const A = unit('1', 'Đoàn thanh tra', 'Đoàn thanh tra gồm Trưởng đoàn và các thành viên.');
const B = unit('2', 'Phạm vi điều chỉnh', 'Luật này quy định về hoạt động thanh tra.');
const C = unit('3', 'Thời hạn', 'Thời hạn thanh tra không quá 45 ngày, có thể gia hạn một lần.');
const QUERY = 'thời hạn thanh tra';
const offline = (): RerankableHit[] => [hit(A, 0.9), hit(B, 0.8), hit(C, 0.7)];
const articles = (hits: readonly RerankableHit[]): Array<string | undefined> => hits.map((h) => h.unit.ref.article);

function reranker(options: Partial<RerankerOptions> = {}, parts: { log?: RerankLog; now?: () => number } = {}): HttpReranker {
  return new HttpReranker({ model: 'bge-reranker-v2-m3', baseURL: mock.baseURL, api: 'auto', topN: 20, timeoutMs: 2000, weight: 0.7, ...options }, parts);
}

describe('reranker against our OpenAI-compatible stand-in', () => {
  it('reorders the hits sent by the stand-in scores, says how far each moved, and keeps scores on the offline range', async () => {
    const hits = await reranker({ apiKey: 'khoa-bi-mat' }).rerank(QUERY, offline());
    expect(articles(hits)).toEqual(['3', '1', '2']);
    // C: 0.3 · 0 + 0.7 · 1 = 0.7 of the way from 0.7 to 0.9.
    expect(hits[0]?.score).toBeCloseTo(0.84, 10);
    expect(hits[0]?.reasons.rerank).toBeCloseTo(0.14, 10);
    expect(hits[0]?.reasons.lexical).toBe(0.7);
    // A: 0.3 · 1 + 0.7 · 0.5 = 0.65, down from the top; B: 0.3 · 0.5 + 0.7 · 0.5 = 0.5, where it was.
    expect(hits[1]?.reasons.rerank).toBeCloseTo(-0.07, 10);
    expect(hits[2]?.reasons.rerank).toBeCloseTo(0, 10);
    for (const [position, current] of hits.entries()) {
      expect(current.score).toBeGreaterThanOrEqual(0.7);
      expect(current.score).toBeLessThanOrEqual(0.9);
      expect(current.score).toBeLessThanOrEqual(hits[position - 1]?.score ?? Infinity);
    }
  });

  it('sends the model, the question, each candidate as header + text, and asks for every score', async () => {
    const long = unit('4', 'Quyền hạn', 'thanh tra '.repeat(400));
    await reranker({ apiKey: 'khoa-bi-mat' }).rerank(QUERY, [...offline(), hit(long, 0.6)]);
    const [request] = mock.rerank.requests;
    expect(request?.path).toBe('/v1/rerank');
    expect(request?.authorization).toBe('Bearer khoa-bi-mat');
    expect(request?.body).toMatchObject({ model: 'bge-reranker-v2-m3', query: QUERY, top_n: 4 });
    const documents = request?.body['documents'] as string[];
    expect(documents[0]).toBe('Luật Thử nghiệm — Điều 1. Đoàn thanh tra\nĐoàn thanh tra gồm Trưởng đoàn và các thành viên.');
    expect(documents.slice(0, 3)).toEqual([A, B, C].map((u) => rerankDocumentOf(u)));
    expect(documents[3]?.length).toBeLessThanOrEqual(2000);
    expect(documents[3]).toMatch(/^Luật Thử nghiệm — Điều 4\. Quyền hạn\nthanh tra thanh tra .*tra…$/u);
  });

  it('keeps exact references first and the hits beyond the top N after the reranked ones, in their order', async () => {
    const named = unit('9', 'Hiệu lực thi hành', 'Luật này có hiệu lực từ ngày 01 tháng 7 năm 2030.');
    const beyond = unit('5', 'Thời hạn thanh tra', 'Thời hạn thanh tra');
    const hits = await reranker({ topN: 3, weight: 1 }).rerank(QUERY, [hit(named, 1, true), ...offline(), hit(beyond, 0.6)]);
    expect(articles(hits)).toEqual(['9', '3', '1', '2', '5']);
    expect(hits[0]?.reasons).toEqual({ reference: 1 });
    expect(hits[4]).toEqual(hit(beyond, 0.6));
    expect((mock.rerank.requests[0]?.body['documents'] as string[]).length).toBe(3);
  });

  it('with weight 0 asks nothing and changes nothing', async () => {
    const hits = await reranker({ weight: 0 }).rerank(QUERY, offline());
    expect(hits).toEqual(offline());
    expect(mock.rerank.requests).toHaveLength(0);
  });

  it('speaks the TEI format: {query, texts} at the root /rerank, even when the base ends in /v1', async () => {
    mock.rerank.server = 'tei';
    const hits = await reranker({ api: 'tei' }).rerank(QUERY, offline());
    expect(articles(hits)).toEqual(['3', '1', '2']);
    expect(mock.rerank.requests.map((r) => r.path)).toEqual(['/rerank']);
    const body = mock.rerank.requests[0]?.body;
    expect(body).toMatchObject({ query: QUERY, raw_scores: false, truncate: true });
    expect(body?.['texts']).toEqual([A, B, C].map((u) => rerankDocumentOf(u)));
    expect(body).not.toHaveProperty('documents');
  });

  it('auto: a TEI server refusing the Cohere format gets one retry in its own, and keeps it', async () => {
    mock.rerank.server = 'tei';
    const viaV1 = reranker({ api: 'auto' });
    expect(articles(await viaV1.rerank(QUERY, offline()))).toEqual(['3', '1', '2']);
    expect(mock.rerank.requests.map((r) => `${r.path} ${'texts' in r.body ? 'tei' : 'cohere'}`)).toEqual(['/v1/rerank cohere', '/rerank tei']);
    expect(viaV1.format).toBe('tei');
    await viaV1.rerank(QUERY, offline());
    expect(mock.rerank.requests).toHaveLength(3);
    expect(mock.rerank.requests[2]?.path).toBe('/rerank');

    mock.rerank.requests.length = 0;
    expect(articles(await reranker({ api: 'auto', baseURL: mock.rootURL }).rerank(QUERY, offline()))).toEqual(['3', '1', '2']);
    expect(mock.rerank.requests.map((r) => `${r.path} ${'texts' in r.body ? 'tei' : 'cohere'}`)).toEqual(['/rerank cohere', '/rerank tei']);
  });

  it('builds the address from a base with or without /v1, with a trailing slash, or already ending in /rerank', async () => {
    for (const [baseURL, expected] of [
      [mock.baseURL, '/v1/rerank'],
      [`${mock.baseURL}/`, '/v1/rerank'],
      [mock.rootURL, '/rerank'],
      [`${mock.rootURL}/v1/rerank`, '/v1/rerank'],
    ] as const) {
      mock.rerank.requests.length = 0;
      expect(articles(await reranker({ baseURL, api: 'cohere' }).rerank(QUERY, offline())), baseURL).toEqual(['3', '1', '2']);
      expect(mock.rerank.requests.map((r) => r.path), baseURL).toEqual([expected]);
    }
    expect(rerankEndpoint('http://tei:8080/v1', 'tei')).toBe('http://tei:8080/rerank');
    expect(rerankEndpoint('http://gateway/reranker/v1/', 'cohere')).toBe('http://gateway/reranker/v1/rerank');
    expect(rerankEndpoint('https://api.jina.ai/v1', 'cohere')).toBe('https://api.jina.ai/v1/rerank');
  });

  const failures: Array<[string, ScriptedRerank, string]> = [
    ['a timeout', { delayMs: 400 }, 'timeout'],
    ['HTTP 500', { status: 500 }, 'status'],
    ['a body that is not JSON', { raw: '<html>Bad Gateway</html>' }, 'malformed'],
    ['JSON of another shape', { raw: '{"data": [0.1, 0.2, 0.3]}' }, 'malformed'],
    ['NaN written by Python', { raw: '{"results": [{"index": 0, "relevance_score": NaN}, {"index": 1, "relevance_score": 0.2}, {"index": 2, "relevance_score": 0.3}]}' }, 'score'],
    ['a null score', { raw: '[{"index": 0, "score": null}, {"index": 1, "score": 0.2}, {"index": 2, "score": 0.3}]' }, 'score'],
    ['one result too few', { drop: 1 }, 'count'],
    ['an index out of range', { raw: '[{"index": 0, "score": 0.1}, {"index": 1, "score": 0.2}, {"index": 7, "score": 0.3}]' }, 'count'],
  ];
  it.each(failures)('%s keeps the offline order, throws nothing and logs why', async (_name, scripted, kind) => {
    mock.rerank.script.push(scripted);
    const warnings: string[] = [];
    const hits = await reranker({ timeoutMs: 100 }, { log: (fields) => warnings.push(fields.kind) }).rerank(QUERY, offline());
    expect(hits).toEqual(offline());
    expect(warnings).toEqual([kind]);
  });

  it('an unreachable server keeps the offline order too', async () => {
    const warnings: string[] = [];
    const hits = await reranker({ baseURL: 'http://127.0.0.1:9/v1' }, { log: (fields) => warnings.push(fields.kind) }).rerank(QUERY, offline());
    expect(hits).toEqual(offline());
    expect(warnings).toEqual(['network']);
  });

  it('logs each kind of failure once until the reranker answers well again', async () => {
    const warnings: string[] = [];
    const subject = reranker({ failuresToPause: 10 }, { log: (fields) => warnings.push(fields.kind) });
    mock.rerank.script.push({ status: 500 }, { status: 503 }, { raw: 'garbage' });
    for (let i = 0; i < 4; i++) await subject.rerank(QUERY, offline());
    expect(warnings).toEqual(['status', 'malformed']);
    mock.rerank.script.push({ status: 500 });
    await subject.rerank(QUERY, offline());
    expect(warnings).toEqual(['status', 'malformed', 'status']);
  });

  it('pauses after failures in a row, tries again after the pause, and pauses again at the next failure', async () => {
    let clock = 1_000;
    const warnings: string[] = [];
    const subject = reranker({ failuresToPause: 2, pauseMs: 5_000 }, { log: (fields) => warnings.push(fields.kind), now: () => clock });
    mock.rerank.script.push({ status: 500 }, { status: 500 });
    await subject.rerank(QUERY, offline());
    await subject.rerank(QUERY, offline());
    expect(subject.paused).toBe(true);
    expect(await subject.rerank(QUERY, offline())).toEqual(offline());
    expect(mock.rerank.requests).toHaveLength(2);
    expect(warnings).toEqual(['status', 'paused']);

    clock += 5_001;
    mock.rerank.script.push({ status: 500 });
    await subject.rerank(QUERY, offline());
    expect(mock.rerank.requests).toHaveLength(3);
    expect(subject.paused).toBe(true);

    clock += 5_001;
    expect(articles(await subject.rerank(QUERY, offline()))).toEqual(['3', '1', '2']);
    expect(subject.paused).toBe(false);
  });
});

describe('the retriever with a reranker, on a real index', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rerank-law-'));
  let knowledge: KnowledgeBase;
  let cleanup = (): void => undefined;

  beforeAll(async () => {
    const lawFile = path.join(work, 'law.json');
    const articlesOfLaw = [
      { id: '1', text: 'Thời hạn thanh tra\n\n1. Thời hạn thanh tra không quá 45 ngày.\n\n2. Thời hạn thanh tra có thể gia hạn một lần, không quá 30 ngày.' },
      { id: '2', text: 'Đoàn thanh tra\n\nĐoàn thanh tra gồm Trưởng đoàn thanh tra và các thành viên; thời hạn làm việc theo quyết định thanh tra.' },
      { id: '3', text: 'Quyết định thanh tra\n\nQuyết định thanh tra ghi rõ thời hạn thanh tra và thành phần Đoàn thanh tra.' },
    ];
    fs.writeFileSync(lawFile, JSON.stringify([{ id: '01/2030/QH15', articles: articlesOfLaw }]));
    ({ knowledge, cleanup } = await buildTemporaryIndex(lawFile, async (texts) => CorpusEmbedder.fit(texts, { ...DEFAULT_CORPUS_EMBEDDER_OPTIONS, dimension: 32 })));
  });
  afterAll(() => {
    cleanup();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('reranks what the offline ranking found, the named provision staying first, and asks with the restored question', async () => {
    // The stand-in prefers the article on the inspection team, which the offline ranking puts last.
    mock.rerank.scoreOf = (_query, text) => (text.includes('Trưởng đoàn') ? 0.99 : 0.01);
    const question = 'thoi han thanh tra theo dieu 3 luat 01/2030/QH15 la bao lau';
    const plain = await new Retriever(knowledge).search(question, { k: 5 });
    const withReranker = new Retriever(knowledge, {}, { reranker: reranker({ weight: 0.9 }) });
    const reranked = await withReranker.search(question, { k: 5 });

    expect(plain[0]?.exact).toBe(true);
    expect(reranked[0]).toEqual(plain[0]);
    const id = (h: { unit: LegalUnit } | undefined): string | undefined => h?.unit.id;
    expect(plain.map(id).slice(1)).toEqual(['01/2030/QH15|1|2', '01/2030/QH15|1|1', '01/2030/QH15|2']);
    expect(reranked.map(id).slice(1)).toEqual(['01/2030/QH15|2', '01/2030/QH15|1|2', '01/2030/QH15|1|1']);
    expect(reranked[1]?.reasons.rerank).toBeGreaterThan(0);
    expect(new Set(reranked.map(id))).toEqual(new Set(plain.map(id)));

    const [request] = mock.rerank.requests;
    expect(request?.body['query']).toBe(withReranker.analyze(question).restored);
    expect(request?.body['query']).toMatch(/thời hạn thanh tra/u);
    expect((request?.body['documents'] as string[]).some((text) => text.includes('Điều 3.'))).toBe(false);
  });

  it('a question that is only a reference asks the reranker nothing', async () => {
    const hits = await new Retriever(knowledge, {}, { reranker: reranker() }).search('khoản 2 điều 1 luật 01/2030/QH15', { k: 3 });
    expect(hits[0]?.unit.id).toBe('01/2030/QH15|1|2');
    expect(mock.rerank.requests).toHaveLength(0);
  });
});

describe('reranker settings', () => {
  it('RERANK_MODEL without a base URL stops the configuration and names RERANK_BASE_URL', () => {
    expect(() => loadConfig({ RERANK_MODEL: 'bge-reranker-v2-m3' })).toThrow(/RERANK_BASE_URL/u);
    expect(() => loadConfig({ RERANK_MODEL: 'bge-reranker-v2-m3' })).toThrowError(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => loadConfig({ RERANK_MODEL: 'm', RERANK_BASE_URL: 'http://127.0.0.1:8080', RERANK_WEIGHT: '1.5' })).toThrow(/RERANK_WEIGHT/u);
    expect(() => loadConfig({ RERANK_MODEL: 'm', RERANK_BASE_URL: 'http://127.0.0.1:8080', RERANK_API: 'jina' })).toThrow(/RERANK_API/u);
  });

  it('no RERANK_MODEL: no reranker; with one, the base URL and key default to the OpenAI ones', () => {
    expect(rerankerOptionsOf(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' }))).toBeUndefined();
    expect(rerankerOptionsOf(loadConfig({ RERANK_MODEL: 'bge-reranker-v2-m3', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', OPENAI_API_KEY: 'k' }))).toEqual({
      model: 'bge-reranker-v2-m3',
      baseURL: 'http://127.0.0.1:8000/v1',
      apiKey: 'k',
      api: 'auto',
      topN: 20,
      timeoutMs: 3000,
      weight: 0.7,
    });
    const own = loadConfig({ RERANK_MODEL: 'm', RERANK_BASE_URL: 'http://127.0.0.1:8080', RERANK_API_KEY: 'r', OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1', OPENAI_API_KEY: 'k', RERANK_API: 'tei', RERANK_TOP_N: '8', RERANK_WEIGHT: '0.5' });
    expect(rerankerOptionsOf(own)).toMatchObject({ baseURL: 'http://127.0.0.1:8080', apiKey: 'r', api: 'tei', topN: 8, weight: 0.5 });
  });
});
