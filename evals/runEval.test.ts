import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../test/paths.js';

const run = promisify(execFile);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const law = [
  {
    id: 'Luật Thử nghiệm',
    articles: [
      { id: '1', text: 'Phạm vi điều chỉnh\n\nLuật này quy định về nuôi ong lấy mật trong khu dân cư.' },
      { id: '2', text: 'Thời hạn đăng ký\n\n1. Hộ nuôi ong phải đăng ký trong thời hạn 15 ngày.\n\n2. Cơ quan cấp xã tiếp nhận đăng ký.' },
      { id: '3', text: 'Xử phạt\n\nPhạt tiền từ 1.000.000 đồng đến 2.000.000 đồng đối với hành vi thả ong đốt người.' },
      { id: '4', text: 'Khen thưởng\n\nHộ nuôi ong giỏi được Ủy ban nhân dân cấp xã khen thưởng hằng năm.' },
    ],
  },
];
const questions = [
  { question_id: 'q1', text: 'Thời hạn đăng ký nuôi ong là bao lâu?', relevant_articles: [{ law_id: 'Luật Thử nghiệm', article_id: '2' }] },
  { example_id: 'q2', statement: 'Thả ong đốt người bị phạt tiền', legal_passages: [{ law_id: 'Luật Thử nghiệm', article_id: '3' }] },
  { question: 'hộ nuôi ong giỏi có được khen thưởng không', relevant_articles: [{ law_id: 'Luật Thử nghiệm', article_id: '4' }] },
];

describe('npm run eval on a tiny law file with known answers', () => {
  it('prints one JSON object with exactly the agreed keys, and writes the misses', async () => {
    const lawFile = path.join(work, 'law.json');
    const questionsFile = path.join(work, 'questions.json');
    fs.writeFileSync(lawFile, JSON.stringify(law));
    fs.writeFileSync(questionsFile, JSON.stringify(questions));
    const out = path.join(work, 'out');
    const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), ['evals/cli.ts', 'eval', '--law', lawFile, '--questions', questionsFile, '--json', '--out', out], { cwd: ROOT });
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(['baseline', 'mrr@10', 'ndcg@10', 'questions', 'recall@1', 'recall@10', 'recall@5', 'seconds'].sort());
    expect(report['questions']).toBe(3);
    expect(report['recall@1']).toBe(1);
    expect(report['mrr@10']).toBe(1);
    expect(Object.keys(report['baseline'] as object).sort()).toEqual(['mrr@10', 'ndcg@10', 'recall@1', 'recall@10', 'recall@5']);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'misses.json'), 'utf8'))).toEqual([]);
  });
});
