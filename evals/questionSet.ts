/**
 * The in-house answer question set (evals/questions/set-*.json): questions written from the texts
 * as inspectors, legal staff and citizens ask them, with gold provisions and the short facts a right
 * answer must state. It was split ONCE into dev and test by a fixed seed (evals/questions/split.json,
 * stratified by kind); tuning reads dev only, reports read test. `npx tsx evals/questionSet.ts --split`
 * writes the split for questions that have none yet, never moving one that has.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const QUESTIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'questions');
const SPLIT_FILE = path.join(QUESTIONS_DIR, 'split.json');
export const SPLIT_SEED = '2026-11-25';

/**
 * The newest question sets, written from the texts after the rules were developed: no ranking or
 * question-reading rule was developed on their dev halves, and tuning (evals/tuneAnswers.ts) never
 * reads them. They are dev data of the confidence model (evals/fitConfidence.ts): its weights are
 * fitted on them with the older dev questions, its threshold must keep their wrong answers within
 * FRESH_WRONG_BUDGET, and the model's inputs were chosen by log-loss on all dev questions, these
 * included — so their figures are a little less fresh than unseen questions.
 * The out-of-fold wrong rate on the older dev questions was 3–6 points too low on fresh questions (set
 * E's dev half before tuning: 11.1% against 4.8%; set F's: 7.8% against 5%), because the rules were
 * shaped on them. When new sets are written, they take this place before any rule is developed on them.
 */
export const FRESH_SETS: readonly string[] = ['f', 'g'];

/** Whether a question belongs to a fresh set (by its id prefix: "f-012"). */
export function isFresh(id: string): boolean {
  return FRESH_SETS.some((set) => id.startsWith(`${set}-`));
}

export const QUESTION_KINDS = [
  'penalty', 'procedure', 'authority', 'deadline', 'definition', 'yesno', 'steps', 'validity', 'nodiacritics', 'story', 'followup', 'unanswerable-near', 'unanswerable-far',
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

const Gold = z.object({ document: z.string(), article: z.string(), clause: z.string().optional(), point: z.string().optional() });
const Question = z.object({
  id: z.string(),
  kind: z.enum(QUESTION_KINDS),
  persona: z.enum(['inspector', 'legal', 'citizen']),
  question: z.string().min(3),
  history: z.array(z.object({ role: z.enum(['user', 'assistant']), content: z.string() })).optional(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u).optional(),
  gold: z.array(Gold),
  facts: z.array(z.string()),
});
const SetFile = z.object({ about: z.string(), questions: z.array(Question) });
const SplitFile = z.object({ seed: z.string(), dev: z.array(z.string()), test: z.array(z.string()) });

export type SetQuestion = z.infer<typeof Question>;
export type Split = 'dev' | 'test';
export interface SplitQuestion extends SetQuestion {
  split: Split;
  answerable: boolean;
}

function readSets(): SetQuestion[] {
  const files = fs.readdirSync(QUESTIONS_DIR).filter((name) => /^set-.*\.json$/u.test(name)).sort();
  const questions = files.flatMap((name) => SetFile.parse(JSON.parse(fs.readFileSync(path.join(QUESTIONS_DIR, name), 'utf8'))).questions);
  const ids = new Set<string>();
  for (const question of questions) {
    if (ids.has(question.id)) throw new Error(`Mã câu hỏi trùng: ${question.id}`);
    ids.add(question.id);
    const answerable = !question.kind.startsWith('unanswerable');
    if (answerable === (question.gold.length === 0)) throw new Error(`Câu ${question.id}: câu trả lời được phải có đáp án, câu không trả lời được thì không`);
  }
  return questions;
}

/** Every question with its split; fails if a question has not been assigned one. */
export function loadQuestionSet(): SplitQuestion[] {
  const split = SplitFile.parse(JSON.parse(fs.readFileSync(SPLIT_FILE, 'utf8')));
  const dev = new Set(split.dev);
  const test = new Set(split.test);
  return readSets().map((question) => {
    const side: Split | undefined = dev.has(question.id) ? 'dev' : test.has(question.id) ? 'test' : undefined;
    if (!side) throw new Error(`Câu ${question.id} chưa được chia dev/test: chạy npx tsx evals/questionSet.ts --split`);
    return { ...question, split: side, answerable: !question.kind.startsWith('unanswerable') };
  });
}

/** Half of each kind to dev, half to test, by a hash of the seed and the id (stable, no reshuffling). */
function assignSplit(): void {
  const existing = fs.existsSync(SPLIT_FILE) ? SplitFile.parse(JSON.parse(fs.readFileSync(SPLIT_FILE, 'utf8'))) : { seed: SPLIT_SEED, dev: [], test: [] };
  const assigned = new Set([...existing.dev, ...existing.test]);
  const fresh = readSets().filter((q) => !assigned.has(q.id));
  const rank = (id: string): string => crypto.createHash('sha256').update(`${existing.seed}:${id}`).digest('hex');
  for (const kind of QUESTION_KINDS) {
    const ofKind = fresh.filter((q) => q.kind === kind).sort((p, q) => rank(p.id).localeCompare(rank(q.id)));
    ofKind.forEach((q, index) => (index % 2 === 0 ? existing.dev : existing.test).push(q.id));
  }
  fs.writeFileSync(SPLIT_FILE, `${JSON.stringify({ seed: existing.seed, dev: existing.dev.sort(), test: existing.test.sort() }, null, 1)}\n`);
  process.stdout.write(`dev ${existing.dev.length}, test ${existing.test.length} (mới chia: ${fresh.length})\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]) && process.argv.includes('--split')) assignSplit();

/**
 * Real legal questions written outside the team whose gold provisions ARE in the corpus: the ALQAC 2022
 * questions about Luật An ninh mạng (24/2018/QH14), with the benchmark's own short answer as the fact
 * a right answer must state. Split into dev and test by the same seed (a hash of the question id).
 */
export function externalInCorpus(benchmarks: string, inCorpus: ReadonlySet<string>): SplitQuestion[] {
  const file = path.join(benchmarks, 'alqac2022', 'questions.json');
  if (!fs.existsSync(file)) return [];
  const Item = z.object({ id: z.string(), text: z.string(), answer: z.string().optional(), relevant_articles: z.array(z.object({ law_id: z.string(), article_id: z.union([z.string(), z.number()]).transform(String) })) });
  return z
    .array(z.unknown())
    .parse(JSON.parse(fs.readFileSync(file, 'utf8')))
    .flatMap((raw) => {
      const parsed = Item.safeParse(raw);
      if (!parsed.success || !parsed.data.relevant_articles.every((g) => inCorpus.has(g.law_id))) return [];
      const item = parsed.data;
      const hash = crypto.createHash('sha256').update(`${SPLIT_SEED}:alqac2022:${item.id}`).digest();
      const question: SplitQuestion = {
        id: `alqac2022-${item.id}`,
        kind: 'procedure',
        persona: 'citizen',
        question: item.text,
        gold: item.relevant_articles.map((g) => ({ document: g.law_id, article: g.article_id })),
        facts: item.answer ? [item.answer] : [],
        split: (hash[0] ?? 0) % 2 === 0 ? 'dev' : 'test',
        answerable: true,
      };
      return [question];
    });
}
