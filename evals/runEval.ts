/**
 * The eval runner: questions with gold articles, asked through the product's own ingest, index and
 * retriever, side by side with a plain BM25 baseline (syllable tokens, k1 = 1.2, b = 0.75) measured
 * in the same run. Besides the product (hybrid), lexical-only and vector-only are reported so that
 * the vector side has to earn its place, and the product once more on the questions typed without diacritics.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { LegalUnit } from '../src/legal/units.js';
import { ingest } from '../src/knowledge/indexing.js';
import { Bm25Index } from '../src/knowledge/bm25.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import type { IndexEmbedder, IndexManifest } from '../src/knowledge/knowledgeBase.js';
import { Retriever, type RetrievalMode, type RetrieverSettings } from '../src/retrieval/retriever.js';
import { foldDiacritics, syllables } from '../src/text/vietnamese.js';
import { meanMetrics, metricsOf, type MetricSet } from './metrics.js';

const Gold = z.object({
  law_id: z.string(),
  article_id: z.union([z.string(), z.number()]).transform(String),
  clause: z.union([z.string(), z.number()]).transform(String).optional(),
  point: z.string().optional(),
});
const Question = z
  .object({
    text: z.string().optional(),
    statement: z.string().optional(),
    question: z.string().optional(),
    relevant_articles: z.array(Gold).optional(),
    legal_passages: z.array(Gold).optional(),
  })
  .transform((q) => ({ text: q.text ?? q.statement ?? q.question ?? '', gold: q.relevant_articles ?? q.legal_passages ?? [] }));
export type EvalQuestion = z.infer<typeof Question>;

export function readQuestions(file: string): EvalQuestion[] {
  return z.array(Question).parse(JSON.parse(fs.readFileSync(file, 'utf8'))).filter((q) => q.text && q.gold.length > 0);
}

export interface EvalReport extends MetricSet {
  questions: number;
  baseline: MetricSet;
  seconds: number;
}

type Mode = 'hybrid' | 'lexical' | 'vector' | 'folded' | 'baseline';

export interface EvalDetails {
  report: EvalReport;
  /** `folded`: the product again, every question asked without its diacritics. */
  modes: Record<Mode, MetricSet>;
  misses: Array<{ question: string; gold: string[]; first: string | undefined }>;
}

function goldKey(gold: z.infer<typeof Gold>): string {
  return [gold.law_id, gold.article_id, gold.clause, gold.point].filter((part) => part !== undefined).join('|');
}

function unitKey(unit: LegalUnit, depth: number): string {
  const parts = [unit.ref.document, unit.ref.article ?? ''];
  if (depth >= 3) parts.push(unit.ref.clause ?? '');
  return parts.join('|');
}

/** Units ranked by the retriever, folded into distinct keys at the gold's depth (article or clause). */
async function rankedKeys(retriever: Retriever, question: string, mode: RetrievalMode, depth: number): Promise<string[]> {
  const ranked = await retriever.rank(question, mode);
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const { doc } of ranked) {
    const unit = retriever.knowledge.units[doc];
    if (!unit) continue;
    const key = unitKey(unit, depth);
    if (seen.has(key)) continue;
    seen.add(key);
    keys.push(key);
    if (keys.length >= 10) break;
  }
  return keys;
}

/** The plain baseline: one BM25 document per article, syllable tokens only. */
function baselineIndex(knowledge: KnowledgeBase): { index: Bm25Index; keys: string[] } {
  const byArticle = new Map<string, string[]>();
  for (const unit of knowledge.units) {
    const key = unitKey(unit, 2);
    const texts = byArticle.get(key) ?? [unit.articleTitle, unit.lead ?? ''];
    texts.push(unit.text);
    byArticle.set(key, texts);
  }
  const keys = [...byArticle.keys()];
  const documents = keys.map((key) => {
    const terms = new Map<string, number>();
    for (const token of syllables((byArticle.get(key) ?? []).join('\n'))) terms.set(token, (terms.get(token) ?? 0) + 1);
    return terms;
  });
  const lengths = documents.map((terms) => [...terms.values()].reduce((sum, tf) => sum + tf, 0));
  return { index: Bm25Index.build(documents, lengths, { k1: 1.2, b: 0.75 }), keys };
}

export async function evaluate(knowledge: KnowledgeBase, questions: readonly EvalQuestion[], settings: Partial<RetrieverSettings> = {}): Promise<EvalDetails> {
  const started = performance.now();
  const retriever = new Retriever(knowledge, settings);
  const baseline = baselineIndex(knowledge);
  const per: Record<Mode, MetricSet[]> = { hybrid: [], lexical: [], vector: [], folded: [], baseline: [] };
  const misses: EvalDetails['misses'] = [];
  for (const question of questions) {
    const depth = question.gold.some((g) => g.clause !== undefined) ? 3 : 2;
    const gold = new Set(question.gold.map(goldKey));
    const hybrid = await rankedKeys(retriever, question.text, 'hybrid', depth);
    per.hybrid.push(metricsOf(hybrid, gold));
    per.lexical.push(metricsOf(await rankedKeys(retriever, question.text, 'lexical', depth), gold));
    per.vector.push(metricsOf(await rankedKeys(retriever, question.text, 'vector', depth), gold));
    per.folded.push(metricsOf(await rankedKeys(retriever, foldDiacritics(question.text), 'hybrid', depth), gold));
    const terms = new Map<string, number>();
    for (const token of syllables(question.text)) terms.set(token, (terms.get(token) ?? 0) + 1);
    per.baseline.push(metricsOf(baseline.index.search(terms, 10).map((hit) => baseline.keys[hit.doc] ?? ''), gold));
    if (!gold.has(hybrid[0] ?? '')) misses.push({ question: question.text, gold: [...gold], first: hybrid[0] });
  }
  const modes = {
    hybrid: meanMetrics(per.hybrid),
    lexical: meanMetrics(per.lexical),
    vector: meanMetrics(per.vector),
    folded: meanMetrics(per.folded),
    baseline: meanMetrics(per.baseline),
  };
  const report: EvalReport = { questions: questions.length, ...modes.hybrid, baseline: modes.baseline, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
  return { report, modes, misses };
}

/** Builds a temporary index from an ALQAC law file through the product's own ingest. */
export async function buildTemporaryIndex(
  lawFile: string,
  embedderFor: (texts: string[], previous: { manifest: IndexManifest; directory: string } | undefined) => Promise<IndexEmbedder>,
): Promise<{ knowledge: KnowledgeBase; cleanup: () => void }> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-index-'));
  const { knowledge } = await ingest({ sources: [lawFile], indexDir: path.join(directory, 'index'), rebuild: true, embedderFor });
  return { knowledge, cleanup: () => fs.rmSync(directory, { recursive: true, force: true }) };
}
