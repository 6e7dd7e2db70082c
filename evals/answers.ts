/**
 * Answer quality on the main index, per split of the in-house question set (evals/questionSet.ts):
 *  - answerable questions: answered with the right source first, answered with a wrong one, or not
 *    answered (likely provisions / decline); the facts a right answer must state; per kind;
 *  - questions the corpus cannot answer: declined (no grounded answer);
 *  - every citation opens by its label and contains its quote;
 *  - the risk–coverage curve of the answer confidence.
 * Also the real legal questions of ALQAC 2023 and DRiLL whose law is not in the corpus, as a second,
 * larger set of questions that must not be answered.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Answerer, ChatAnswer, Citation } from '../src/answer/types.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { Lookup } from '../src/retrieval/lookup.js';
import type { Retriever } from '../src/retrieval/retriever.js';
import { externalInCorpus, loadQuestionSet, type Split, type SplitQuestion } from './questionSet.js';
import { readQuestions } from './runEval.js';

export interface QuestionOutcome {
  id: string;
  kind: string;
  split: Split;
  answerable: boolean;
  outcome: 'right' | 'wrong' | 'withheld';
  /** The first provision cited (answered or offered as likely) is a right one. */
  topRight: boolean;
  confidence: number;
  /** Every fact of the question found in the answer (answerable questions). */
  factsStated: boolean;
  citations: number;
  citationsOpen: number;
  first?: string;
  gold: string[];
}

export interface SplitFigures {
  answerable: number;
  right: number;
  wrong: number;
  withheld: number;
  /** Right answers that state every fact the question's gold says a right answer must state. */
  rightWithFacts: number;
  unanswerable: number;
  declined: number;
  citations: number;
  citationsOpen: number;
  byKind: Record<string, { total: number; right: number; wrong: number; withheld: number; facts: number }>;
  /** Share answered (of all questions) and share of the answered that are wrong or unanswerable, by confidence threshold. */
  curve: Array<{ threshold: number; coverage: number; risk: number }>;
}

export interface AnswerEvaluation {
  splits: Record<Split, SplitFigures>;
  /** The ALQAC 2022 questions whose law is in the corpus, per split (external authors). */
  external: Record<Split, SplitFigures>;
  outOfCorpus: { questions: number; declined: number };
  outcomes: QuestionOutcome[];
}

const normalise = (text: string): string => text.normalize('NFC').replace(/\s+/gu, ' ').toLowerCase();

function citationKey(citation: Citation): string {
  return citation.ref.appendix !== undefined ? `${citation.ref.document}|Phụ lục ${citation.ref.appendix}`.trim() : `${citation.ref.document}|${citation.ref.article ?? ''}`;
}

function goldKeys(question: SplitQuestion): string[] {
  return question.gold.map((g) => `${g.document}|${g.article}`);
}

/** Whether a citation opens by its label and contains its quote, as the page opens it. */
function opensByLabel(lookup: Lookup, citation: Citation, asOf: string): boolean {
  const unit = lookup.find(citation.label, asOf);
  return unit !== undefined && unit.id === citation.unitId && [citation.quote, ...citation.spans].every((span) => unit.text.includes(span));
}

function emptyFigures(): SplitFigures {
  return { answerable: 0, right: 0, wrong: 0, withheld: 0, rightWithFacts: 0, unanswerable: 0, declined: 0, citations: 0, citationsOpen: 0, byKind: {}, curve: [] };
}

/** Coverage and risk at every distinct confidence: answering only questions at or above it. */
export function riskCoverage(points: ReadonlyArray<{ confidence: number; good: boolean }>): SplitFigures['curve'] {
  const thresholds = [...new Set(points.map((p) => Number(p.confidence.toFixed(3))))].sort((a, b) => b - a);
  return thresholds.map((threshold) => {
    const answered = points.filter((p) => p.confidence >= threshold);
    const bad = answered.filter((p) => !p.good).length;
    return { threshold, coverage: answered.length / Math.max(1, points.length), risk: answered.length > 0 ? bad / answered.length : 0 };
  });
}

export async function evaluateAnswers(answerer: Answerer, retriever: Retriever, benchmarks: string): Promise<AnswerEvaluation> {
  const lookup = new Lookup(retriever);
  const outcomes: QuestionOutcome[] = [];
  const inCorpus = new Set([...retriever.knowledge.documents.values()].filter((d) => d.origin !== 'reference').map((d) => d.number));
  const external = externalInCorpus(benchmarks, inCorpus);
  const externalIds = new Set(external.map((q) => q.id));
  for (const question of [...loadQuestionSet(), ...external]) {
    const answer: ChatAnswer = await answerer.answer({
      message: question.question,
      ...(question.history ? { history: question.history } : {}),
      ...(question.asOf ? { asOf: question.asOf } : {}),
    });
    const first = answer.citations[0];
    const gold = goldKeys(question);
    const right = answer.grounded && first !== undefined && gold.includes(citationKey(first));
    const text = normalise(answer.answer);
    outcomes.push({
      id: question.id,
      kind: question.kind,
      split: question.split,
      answerable: question.answerable,
      outcome: !answer.grounded ? 'withheld' : right ? 'right' : 'wrong',
      topRight: first !== undefined && gold.includes(citationKey(first)),
      confidence: answer.confidence,
      factsStated: question.facts.every((fact) => text.includes(normalise(fact))),
      citations: answer.citations.length,
      citationsOpen: answer.citations.filter((c) => opensByLabel(lookup, c, answer.asOf)).length,
      ...(first ? { first: citationKey(first) } : {}),
      gold,
    });
  }
  const splits = { dev: figuresOf(outcomes.filter((o) => !externalIds.has(o.id)), 'dev'), test: figuresOf(outcomes.filter((o) => !externalIds.has(o.id)), 'test') };
  const externalFigures = { dev: figuresOf(outcomes.filter((o) => externalIds.has(o.id)), 'dev'), test: figuresOf(outcomes.filter((o) => externalIds.has(o.id)), 'test') };
  return { splits, external: externalFigures, outOfCorpus: await outOfCorpus(answerer, retriever.knowledge, benchmarks), outcomes };
}

function figuresOf(outcomes: readonly QuestionOutcome[], split: Split): SplitFigures {
  const figures = emptyFigures();
  {
    const mine = outcomes.filter((o) => o.split === split);
    for (const o of mine) {
      figures.citations += o.citations;
      figures.citationsOpen += o.citationsOpen;
      if (!o.answerable) {
        figures.unanswerable++;
        if (o.outcome === 'withheld') figures.declined++;
        continue;
      }
      figures.answerable++;
      figures[o.outcome]++;
      if (o.outcome === 'right' && o.factsStated) figures.rightWithFacts++;
      const kind = (figures.byKind[o.kind] ??= { total: 0, right: 0, wrong: 0, withheld: 0, facts: 0 });
      kind.total++;
      kind[o.outcome]++;
      if (o.outcome === 'right' && o.factsStated) kind.facts++;
    }
    for (const o of mine.filter((x) => !x.answerable)) {
      const kind = (figures.byKind[o.kind] ??= { total: 0, right: 0, wrong: 0, withheld: 0, facts: 0 });
      kind.total++;
      kind[o.outcome === 'withheld' ? 'withheld' : 'wrong']++;
    }
    figures.curve = riskCoverage(mine.map((o) => ({ confidence: o.confidence, good: o.answerable && o.topRight })));
  }
  return figures;
}

/** Real legal questions whose law the corpus does not hold (ALQAC law names, DRiLL numbers): none may be answered. */
async function outOfCorpus(answerer: Answerer, knowledge: KnowledgeBase, benchmarks: string): Promise<{ questions: number; declined: number }> {
  const inCorpus = new Set([...knowledge.documents.values()].filter((d) => d.origin !== 'reference').map((d) => d.number));
  let questions = 0;
  let declined = 0;
  for (const set of ['alqac2023', 'alqac2023-passages', 'drill']) {
    const file = path.join(benchmarks, set, 'questions.json');
    if (!fs.existsSync(file)) continue;
    for (const q of readQuestions(file)) {
      if (!q.gold.every((g) => !inCorpus.has(g.law_id))) continue;
      questions++;
      if (!(await answerer.answer({ message: q.text })).grounded) declined++;
    }
  }
  return { questions, declined };
}

/** Each question set (its id prefix: a-, b- …) on one split: right and wrong of its answerable questions, declined of the others. */
function bySet(outcomes: readonly QuestionOutcome[], split: Split): string {
  const sets = new Map<string, { answerable: number; right: number; wrong: number; unanswerable: number; declined: number }>();
  for (const o of outcomes) {
    const set = /^([a-z])-\d+$/u.exec(o.id)?.[1];
    if (o.split !== split || !set) continue;
    const figures = sets.get(set) ?? { answerable: 0, right: 0, wrong: 0, unanswerable: 0, declined: 0 };
    if (o.answerable) {
      figures.answerable++;
      if (o.outcome === 'right') figures.right++;
      if (o.outcome === 'wrong') figures.wrong++;
    } else {
      figures.unanswerable++;
      if (o.outcome === 'withheld') figures.declined++;
    }
    sets.set(set, figures);
  }
  return [...sets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([set, f]) => `${set.toUpperCase()} ${f.right}/${f.wrong}/${f.answerable}; ${f.declined}/${f.unanswerable}`)
    .join('   ');
}

const pct = (n: number, d: number): string => `${n}/${d} (${((100 * n) / Math.max(1, d)).toFixed(1)}%)`;

/** The human-readable summary printed by `npm run eval -- --answers`. */
export function answerSummary(evaluation: AnswerEvaluation): string[] {
  const lines: string[] = [];
  for (const split of ['dev', 'test'] as const) {
    const f = evaluation.splits[split];
    lines.push(
      `== ${split === 'dev' ? 'DEV (dùng để hiệu chỉnh)' : 'TEST (không hiệu chỉnh trên tập này)'} ==`,
      `Trả lời đúng nguồn đầu tiên: ${pct(f.right, f.answerable)}   trả lời sai nguồn: ${pct(f.wrong, f.answerable)}   không trả lời (quy định có thể áp dụng / từ chối): ${pct(f.withheld, f.answerable)}`,
      `Câu trả lời đúng nêu đủ dữ kiện cần có: ${pct(f.rightWithFacts, f.right)}`,
      `Câu kho không trả lời được, đã không trả lời: ${pct(f.declined, f.unanswerable)}`,
      `Trích dẫn mở được bằng nhãn và chứa đoạn trích: ${pct(f.citationsOpen, f.citations)}`,
      'Theo loại câu hỏi (đúng | sai | không trả lời | đủ dữ kiện):',
      ...Object.entries(f.byKind)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([kind, k]) => `  ${kind.padEnd(18)} ${String(k.total).padStart(3)}  ${String(k.right).padStart(3)} | ${String(k.wrong).padStart(3)} | ${String(k.withheld).padStart(3)} | ${String(k.facts).padStart(3)}`),
      `Theo bộ câu hỏi (đúng / sai trên câu trả lời được; đã từ chối trên câu không trả lời được): ${bySet(evaluation.outcomes, split)}`,
    );
  }
  for (const split of ['dev', 'test'] as const) {
    const f = evaluation.external[split];
    lines.push(`ALQAC 2022 về Luật An ninh mạng (câu hỏi của người ngoài nhóm, ${split}): đúng ${pct(f.right, f.answerable)}, sai ${pct(f.wrong, f.answerable)}, không trả lời ${pct(f.withheld, f.answerable)}, nêu đủ đáp án ${pct(f.rightWithFacts, f.right)}`);
  }
  lines.push(`Câu hỏi ALQAC/DRiLL về luật không có trong kho, đã không trả lời: ${pct(evaluation.outOfCorpus.declined, evaluation.outOfCorpus.questions)}`);
  return lines;
}

/** The risk–coverage curves of both splits as one SVG chart. */
export function riskCoverageSvg(evaluation: AnswerEvaluation): string {
  const width = 420;
  const height = 300;
  const x = (coverage: number): number => 50 + coverage * (width - 70);
  const y = (risk: number): number => 20 + (1 - Math.min(1, risk / 0.5)) * (height - 70);
  const line = (curve: SplitFigures['curve'], colour: string, dash: string): string =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2" ${dash} points="${[...curve].reverse().map((p) => `${x(p.coverage).toFixed(1)},${y(p.risk).toFixed(1)}`).join(' ')}"/>`;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((t) => `<text x="${x(t) - 8}" y="${height - 32}" font-size="10">${t}</text>`).join('');
  const riskTicks = [0, 0.1, 0.2, 0.3, 0.4, 0.5].map((r) => `<text x="20" y="${y(r) + 4}" font-size="10">${r}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">
<rect x="50" y="20" width="${width - 70}" height="${height - 70}" fill="none" stroke="#ccc"/>
<line x1="50" x2="${width - 20}" y1="${y(0.08)}" y2="${y(0.08)}" stroke="#999" stroke-dasharray="2 3"/>
${ticks}${riskTicks}
<text x="${width / 2 - 40}" y="${height - 14}" font-size="11">độ phủ (tỉ lệ câu được trả lời)</text>
<text x="12" y="14" font-size="11">rủi ro (tỉ lệ trả lời sai)</text>
${line(evaluation.splits.dev.curve, '#2c3e50', 'stroke-dasharray="4 3"')}
${line(evaluation.splits.test.curve, '#c0392b', '')}
<text x="60" y="36" font-size="11"><tspan fill="#c0392b">━ test</tspan>  <tspan fill="#2c3e50">╌ dev</tspan>  <tspan fill="#999">┈ 8%</tspan></text>
</svg>`;
}

export function writeAnswerReport(directory: string, evaluation: AnswerEvaluation): string {
  fs.mkdirSync(directory, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const chart = `answers-${date}.svg`;
  fs.writeFileSync(path.join(directory, chart), riskCoverageSvg(evaluation));
  const curveRows = (split: Split): string[] =>
    evaluation.splits[split].curve.filter((_, i, all) => i % Math.max(1, Math.floor(all.length / 12)) === 0 || i === all.length - 1).map((p) => `| ${p.threshold.toFixed(3)} | ${p.coverage.toFixed(3)} | ${p.risk.toFixed(3)} |`);
  const lines = [
    `# Đánh giá câu trả lời — ${date}`,
    '',
    'Lệnh: `npm run eval -- --answers`. Bộ câu hỏi: `evals/questions/` (chia dev/test một lần theo hạt giống cố định; chỉ hiệu chỉnh trên dev).',
    '',
    '```',
    ...answerSummary(evaluation),
    '```',
    '',
    `![Đường rủi ro – độ phủ](${chart})`,
    '',
    '## Rủi ro – độ phủ (test)',
    '',
    '| ngưỡng tin cậy | độ phủ | rủi ro |',
    '|---|---|---|',
    ...curveRows('test'),
    '',
  ];
  const file = path.join(directory, `answers-${date}.md`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
