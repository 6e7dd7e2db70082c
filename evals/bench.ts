/**
 * `npm run bench`: speed and memory, as numbers and as ratios against a plain BM25 baseline measured
 * in the same run. Search latency over the questions of every benchmark set (and reference look-ups)
 * on the index of ../shared/corpus; ingest throughput; peak memory; latency when the corpus is
 * replicated tenfold; offline /api/chat latency and time to the first streamed byte.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../src/config.js';
import { ingest } from '../src/knowledge/indexing.js';
import { loadQuestionSet } from './questionSet.js';
import { startLocalService } from './localService.js';
import type { LegalUnit } from '../src/legal/units.js';
import { embedderForIngest } from '../src/knowledge/embedders/index.js';
import { Bm25Index } from '../src/knowledge/bm25.js';
import { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { Retriever } from '../src/retrieval/retriever.js';
import { syllables } from '../src/text/vietnamese.js';
import { readQuestions } from './runEval.js';

export interface LatencyStats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

function stats(samples: number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (v: number): number => Number(v.toFixed(2));
  return { n: samples.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), mean: round(samples.reduce((s, v) => s + v, 0) / Math.max(1, samples.length)) };
}

let peakRss = 0;
function sampleMemory(): void {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

function benchmarkQueries(benchmarks: string): string[] {
  const queries: string[] = [];
  for (const set of fs.readdirSync(benchmarks).sort()) {
    const file = path.join(benchmarks, set, 'questions.json');
    if (fs.existsSync(file)) queries.push(...readQuestions(file).map((q) => q.text));
  }
  const references = ['k2 đ11 nđ 174/2026', 'Điều 47 Luật Thanh tra 2025', 'điểm a khoản 1 điều 1 nghị định 174/2026', 'dieu 20 luat thanh tra', 'khoản 3 điều 4 nđ 174/2026'];
  for (let i = 0; i < 20; i++) queries.push(...references);
  return queries;
}

/** The plain baseline the evals use: one BM25 document per article, syllables only. */
function baselineOf(units: readonly LegalUnit[]): Bm25Index {
  const byArticle = new Map<string, string[]>();
  for (const unit of units) {
    const key = `${unit.ref.document}|${unit.ref.article ?? unit.id}`;
    const texts = byArticle.get(key) ?? [unit.articleTitle];
    texts.push(unit.text);
    byArticle.set(key, texts);
  }
  const documents = [...byArticle.values()].map((texts) => {
    const terms = new Map<string, number>();
    for (const token of syllables(texts.join('\n'))) terms.set(token, (terms.get(token) ?? 0) + 1);
    return terms;
  });
  return Bm25Index.build(documents, documents.map((d) => [...d.values()].reduce((s, v) => s + v, 0)), { k1: 1.2, b: 0.75 });
}

async function timeSearches(retriever: Retriever, baseline: Bm25Index, queries: readonly string[]): Promise<{ product: LatencyStats; baseline: LatencyStats }> {
  for (const query of queries.slice(0, 20)) await retriever.search(query, { k: 10 });
  const product: number[] = [];
  const plain: number[] = [];
  for (const query of queries) {
    let started = performance.now();
    await retriever.search(query, { k: 10 });
    product.push(performance.now() - started);
    started = performance.now();
    const terms = new Map<string, number>();
    for (const token of syllables(query)) terms.set(token, (terms.get(token) ?? 0) + 1);
    baseline.search(terms, 10);
    plain.push(performance.now() - started);
    sampleMemory();
  }
  return { product: stats(product), baseline: stats(plain) };
}

/** The same units ten times over, as different documents, with their vectors. */
async function replicated(knowledge: KnowledgeBase, times: number): Promise<KnowledgeBase> {
  const units: LegalUnit[] = [];
  const known = new Map<string, Float32Array>();
  for (let copy = 0; copy < times; copy++) {
    knowledge.units.forEach((unit, index) => {
      const document = copy === 0 ? unit.ref.document : `${unit.ref.document}#${copy}`;
      const id = copy === 0 ? unit.id : `${unit.id}#${copy}`;
      units.push({ ...unit, id, ref: { ...unit.ref, document } });
      known.set(id, knowledge.vectorOf(index));
    });
  }
  return KnowledgeBase.build({ units, documents: [...knowledge.documents.values()], files: [], corpusHash: 'bench', knownVectors: known }, knowledge.embedder);
}

async function timeChat(knowledge: KnowledgeBase, questions: readonly string[]): Promise<{ json: LatencyStats; firstByte: LatencyStats }> {
  const local = await startLocalService(knowledge);
  const url = `${local.url}/api/chat`;
  const auth = { Authorization: `Bearer ${local.token}` };
  const json: number[] = [];
  const firstByte: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const message = questions[i % questions.length] ?? 'thời hạn thanh tra';
      let started = performance.now();
      await (await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify({ message }) })).json();
      json.push(performance.now() - started);
      started = performance.now();
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...auth }, body: JSON.stringify({ message }) });
      const reader = response.body?.getReader();
      await reader?.read();
      firstByte.push(performance.now() - started);
      while (reader && !(await reader.read()).done);
      sampleMemory();
    }
  } finally {
    await local.close();
  }
  return { json: stats(json), firstByte: stats(firstByte) };
}

export async function runBench(config: Config, benchmarks: string, sources: string[]): Promise<Record<string, unknown>> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-index-'));
  const indexDir = path.join(directory, 'index');
  const timer = setInterval(sampleMemory, 50);
  try {
    const started = performance.now();
    const { knowledge, summary } = await ingest({ sources, indexDir, rebuild: true, embedderFor: embedderForIngest({ ...config, EMBEDDING_MODEL: undefined, indexDir }) });
    const ingestSeconds = (performance.now() - started) / 1000;
    const indexBytes = fs.readdirSync(indexDir, { recursive: true, encoding: 'utf8' }).reduce((sum, name) => {
      const stat = fs.statSync(path.join(indexDir, name));
      return stat.isFile() ? sum + stat.size : sum;
    }, 0);
    const queries = benchmarkQueries(benchmarks);
    const retriever = new Retriever(knowledge, { fusion: config.RETRIEVAL_FUSION, vectorWeight: config.RETRIEVAL_VECTOR_WEIGHT });
    const search = await timeSearches(retriever, baselineOf(knowledge.units), queries);
    const tenfold = await replicated(knowledge, 10);
    const scaled = await timeSearches(new Retriever(tenfold, { fusion: config.RETRIEVAL_FUSION, vectorWeight: config.RETRIEVAL_VECTOR_WEIGHT }), baselineOf(tenfold.units), queries.slice(0, 500));
    // Chat is timed on the in-house question set (both splits: timing tunes nothing).
    const chat = await timeChat(knowledge, loadQuestionSet().map((q) => q.question));
    const ratio = (p: number, q: number): number => Number((p / Math.max(q, 1e-6)).toFixed(1));
    return {
      corpus: { sources, documents: summary.documents, units: summary.units, indexMB: Number((indexBytes / 1e6).toFixed(1)) },
      ingest: { seconds: Number(ingestSeconds.toFixed(1)), unitsPerSecond: Math.round(summary.units / ingestSeconds) },
      search: { queries: queries.length, product: search.product, baseline: search.baseline, p95Ratio: ratio(search.product.p95, search.baseline.p95) },
      scaled10x: {
        units: tenfold.units.length,
        product: scaled.product,
        baseline: scaled.baseline,
        p95GrowthProduct: ratio(scaled.product.p95, search.product.p95),
        p95GrowthBaseline: ratio(scaled.baseline.p95, search.baseline.p95),
      },
      chat: { requests: chat.json.n, json: chat.json, firstStreamedByte: chat.firstByte },
      peakRssMB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1e6),
    };
  } finally {
    clearInterval(timer);
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
