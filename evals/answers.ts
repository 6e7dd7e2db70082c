/**
 * Answer quality on the main index: the first citation is a right article for answerable questions,
 * the assistant declines questions the corpus cannot answer, and every citation resolves to a unit
 * whose text contains its quote. Also sweeps the decline threshold, which is how it is calibrated:
 *  - answerable: our inspector questions (evals/inspector-questions.json);
 *  - unanswerable: our out-of-scope questions, plus the ALQAC 2023 and drill questions whose gold law
 *    is not in the corpus (real legal questions the corpus cannot answer).
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ExtractiveAnswerer, type ExtractiveSettings } from '../src/answer/extractive.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { Lookup } from '../src/retrieval/lookup.js';
import type { Retriever } from '../src/retrieval/retriever.js';
import { foldDiacritics } from '../src/text/vietnamese.js';
import { readQuestions } from './runEval.js';

const InspectorSet = z.object({
  answerable: z.array(z.object({ question: z.string(), gold: z.array(z.object({ document: z.string(), article: z.string() })), asOf: z.string().optional() })),
  unanswerable: z.array(z.string()),
});

interface Case {
  question: string;
  gold?: Set<string>;
  asOf?: string;
  source: string;
}

export function answerCases(benchmarks: string, knowledge: KnowledgeBase): { answerable: Case[]; unanswerable: Case[] } {
  const own = InspectorSet.parse(JSON.parse(fs.readFileSync(path.resolve('evals/inspector-questions.json'), 'utf8')));
  const answerable: Case[] = own.answerable.map((item) => ({
    question: item.question,
    gold: new Set(item.gold.map((g) => `${g.document}|${g.article}`)),
    ...(item.asOf ? { asOf: item.asOf } : {}),
    source: 'thanh tra (tự soạn)',
  }));
  const unanswerable: Case[] = own.unanswerable.map((question) => ({ question, source: 'ngoài phạm vi (tự soạn)' }));
  const inCorpus = new Set([...knowledge.documents.values()].filter((d) => d.origin !== 'reference').map((d) => d.number));
  // Real legal questions about laws the corpus does not hold (ALQAC law names, drill numbers) cannot be answered from it.
  for (const set of ['alqac2023', 'alqac2023-passages', 'drill']) {
    const file = path.join(benchmarks, set, 'questions.json');
    if (!fs.existsSync(file)) continue;
    for (const q of readQuestions(file)) {
      if (q.gold.every((g) => !inCorpus.has(g.law_id))) unanswerable.push({ question: q.text, source: `${set} (luật không có trong kho)` });
    }
  }
  return { answerable, unanswerable };
}

export interface AnswerReport {
  threshold: number;
  answerable: number;
  firstCitationRight: number;
  /** The same answerable questions asked without diacritics. */
  firstCitationRightFolded: number;
  unanswerable: number;
  declined: number;
  citations: number;
  citationsVerified: number;
  sweep: Array<{ threshold: number; firstCitationRight: number; declined: number; declinedOwn: number }>;
  bySource: Record<string, { total: number; right: number }>;
  misses: Array<{ question: string; gold: string[]; got?: string; grounded: boolean }>;
  /** Confidence of each question, for inspecting the calibration. */
  confidences: { answerable: Array<{ question: string; confidence: number; right: boolean }>; unanswerable: Array<{ question: string; confidence: number }> };
}

export async function evaluateAnswers(retriever: Retriever, benchmarks: string, threshold: number, settings: Partial<ExtractiveSettings> = {}): Promise<AnswerReport> {
  const { answerable, unanswerable } = answerCases(benchmarks, retriever.knowledge);
  const lookup = new Lookup(retriever);
  const probe = new ExtractiveAnswerer(retriever, { ...settings, minConfidence: 0 });
  const answerer = new ExtractiveAnswerer(retriever, { ...settings, minConfidence: threshold });
  const confidences: AnswerReport['confidences'] = { answerable: [], unanswerable: [] };
  const report: AnswerReport = { threshold, answerable: answerable.length, firstCitationRight: 0, firstCitationRightFolded: 0, unanswerable: unanswerable.length, declined: 0, citations: 0, citationsVerified: 0, sweep: [], bySource: {}, misses: [], confidences };
  const check = (answer: Awaited<ReturnType<ExtractiveAnswerer['answer']>>): void => {
    for (const citation of answer.citations) {
      report.citations++;
      const unit = lookup.find(citation.unitId);
      if (unit && [citation.quote, ...citation.spans].every((span) => unit.text.includes(span))) report.citationsVerified++;
    }
  };
  for (const item of answerable) {
    const request = { message: item.question, ...(item.asOf ? { asOf: item.asOf } : {}) };
    const free = await probe.answer(request);
    const first = free.citations[0];
    const right = first !== undefined && (item.gold?.has(`${first.ref.document}|${first.ref.article}`) ?? false);
    confidences.answerable.push({ question: item.question, confidence: free.confidence, right });
    const answer = await answerer.answer(request);
    check(answer);
    const got = answer.citations[0];
    const ok = answer.grounded && got !== undefined && (item.gold?.has(`${got.ref.document}|${got.ref.article}`) ?? false);
    if (ok) report.firstCitationRight++;
    else report.misses.push({ question: item.question, gold: [...(item.gold ?? [])], ...(got ? { got: `${got.ref.document}|${got.ref.article}` } : {}), grounded: answer.grounded });
    const folded = await answerer.answer({ ...request, message: foldDiacritics(item.question) });
    const foldedFirst = folded.citations[0];
    if (folded.grounded && foldedFirst && item.gold?.has(`${foldedFirst.ref.document}|${foldedFirst.ref.article}`)) report.firstCitationRightFolded++;
    const bucket = (report.bySource[item.source] ??= { total: 0, right: 0 });
    bucket.total++;
    if (ok) bucket.right++;
  }
  for (const item of unanswerable) {
    const free = await probe.answer({ message: item.question });
    confidences.unanswerable.push({ question: item.question, confidence: free.confidence });
    const answer = await answerer.answer({ message: item.question });
    check(answer);
    if (!answer.grounded) report.declined++;
  }
  for (let t = 0.2; t <= 0.801; t += 0.05) {
    report.sweep.push({
      threshold: Number(t.toFixed(2)),
      firstCitationRight: confidences.answerable.filter((c) => c.right && c.confidence >= t).length / Math.max(1, confidences.answerable.length),
      declined: confidences.unanswerable.filter((c) => c.confidence < t).length / Math.max(1, confidences.unanswerable.length),
      declinedOwn: confidences.unanswerable.filter((c, i) => unanswerable[i]?.source.includes('tự soạn') && c.confidence < t).length / Math.max(1, unanswerable.filter((u) => u.source.includes('tự soạn')).length),
    });
  }
  return report;
}
