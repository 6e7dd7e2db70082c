import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerativeAnswerer, NOTICE_UNREACHABLE, NOTICE_UNVERIFIED } from '../src/answer/generative.js';
import { loadPrompts } from '../src/answer/prompts.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { buildShared, startApp, type RunningApp } from './fixtures.js';
import { startMockOpenAi, type MockOpenAi } from './mockOpenAi.js';

let knowledge: KnowledgeBase;
let directory: string;
let mock: MockOpenAi;
let app: RunningApp;
let deadApp: RunningApp;

/** Source n of the prompt, fenced as data: its heading and its text. */
function source(prompt: string, n: number): { label: string; text: string } {
  const match = new RegExp(`<<<NGUỒN ${n}: ([^\\n]*)\\n([\\s\\S]*?)\\n>>>`, 'u').exec(prompt);
  return { label: match?.[1] ?? '', text: match?.[2] ?? '' };
}

beforeAll(async () => {
  ({ knowledge, directory } = await buildShared());
  mock = await startMockOpenAi();
  const prompts = await loadPrompts();
  const generative = (baseURL: string, timeoutMs = 2000) => (_retriever: RunningApp['retriever'], offline: ConstructorParameters<typeof GenerativeAnswerer>[0]['offline']) =>
    new GenerativeAnswerer({ offline, prompts, baseURL, apiKey: 'test', model: 'qwen-test', timeoutMs });
  app = await startApp(knowledge, directory, { answererFor: generative(mock.baseURL, 500) });
  deadApp = await startApp(knowledge, directory, { answererFor: generative('http://127.0.0.1:9/v1') });
});
afterAll(async () => {
  await app.close();
  await deadApp.close();
  await mock.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function chat(target: RunningApp, body: unknown): Promise<any> {
  const response = await target.fetch('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return response.json();
}

async function everyCitationResolves(target: RunningApp, answer: { citations: Array<{ unitId: string; quote: string }> }): Promise<void> {
  for (const citation of answer.citations) {
    const response = await target.fetch(`/api/units?ref=${encodeURIComponent(citation.unitId)}`);
    const unit = (await response.json()) as { text: string };
    expect(unit.text).toContain(citation.quote);
  }
}

describe('generative answers, verified', () => {
  it('keeps a well-cited answer and resolves its quote', async () => {
    mock.script.push({
      respond: (prompt) => {
        const first = source(prompt, 1);
        // The quote stops before any "Điều 30"-style reference, which the verifier would rightly reject as not among the sources.
        const quote = (first.text.slice(0, 80).replace(/\s+\S*$/u, '').split(/\s(?=(?:tại\s+)?(?:khoản|Điều)\s+\d)/u)[0] ?? '').trim();
        return JSON.stringify({ answer: `Theo ${first.label.split(' — ')[0]}, ${quote.toLowerCase()} [1].`, citations: [{ n: 1, quote }], grounded: true });
      },
    });
    const answer = await chat(app, { message: 'Thời hạn thanh tra tối đa bao lâu?' });
    expect(answer.mode).toBe('generative');
    expect(answer.notice).toBeUndefined();
    expect(answer.citations).toHaveLength(1);
    expect(answer.answer).toContain('[1]');
    await everyCitationResolves(app, answer);
  });

  it('removes wrong citations and sentences naming provisions not among the sources', async () => {
    mock.script.push({
      respond: (prompt) => {
        const first = source(prompt, 1);
        const quote = first.text.slice(0, 60).replace(/\s+\S*$/u, '');
        return JSON.stringify({
          answer: `Mức phạt được quy định rõ [1]. Theo Điều 99 Nghị định số 123/2099/NĐ-CP, mức phạt gấp đôi [1]. Ngoài ra còn bị tịch thu [5]. Khoản 9 Điều 250 cũng quy định như vậy [2].`,
          citations: [
            { n: 1, quote },
            { n: 2, quote: 'câu này không có trong nguồn nào cả' },
            { n: 5, quote },
          ],
          grounded: true,
        });
      },
    });
    const answer = await chat(app, { message: 'Kích hoạt SIM sai quy định bị phạt bao nhiêu?' });
    expect(answer.mode).toBe('generative');
    expect(answer.short).toBe('Mức phạt được quy định rõ [1].');
    expect(answer.answer.startsWith('Mức phạt được quy định rõ [1].\n\nCăn cứ:')).toBe(true);
    expect(answer.answer).not.toContain('123/2099');
    expect(answer.citations.map((c: { n: number }) => c.n)).toEqual([1]);
    await everyCitationResolves(app, answer);
  });

  it('falls back to the offline answer, with a notice, when nothing verified remains', async () => {
    mock.script.push({ content: JSON.stringify({ answer: 'Theo Điều 5 Nghị định số 15/2020/NĐ-CP bị phạt 10 triệu [3].', citations: [{ n: 3, quote: 'bịa đặt hoàn toàn' }], grounded: true }) });
    const answer = await chat(app, { message: 'Kích hoạt SIM sai quy định bị phạt bao nhiêu?' });
    expect(answer.mode).toBe('extractive');
    expect(answer.notice).toBe(NOTICE_UNVERIFIED);
    expect(answer.citations[0].ref.document).toBe('174/2026/NĐ-CP');
    await everyCitationResolves(app, answer);
  });

  it('falls back when the model answers with something that is not JSON', async () => {
    mock.script.push({ content: 'Xin lỗi, tôi không biết.' });
    const answer = await chat(app, { message: 'Thời hạn thanh tra tối đa bao lâu?' });
    expect(answer.notice).toBe(NOTICE_UNVERIFIED);
    expect(answer.grounded).toBe(true);
  });

  it('falls back when the endpoint fails, times out or is dead, and the service stays up', async () => {
    mock.script.push({ status: 500 });
    const failed = await chat(app, { message: 'Thời hạn thanh tra tối đa bao lâu?' });
    expect(failed.notice).toBe(NOTICE_UNREACHABLE);
    mock.script.push({ delayMs: 1500, content: '{}' });
    const slow = await chat(app, { message: 'Thời hạn thanh tra tối đa bao lâu?' });
    expect(slow.notice).toBe(NOTICE_UNREACHABLE);
    const dead = await chat(deadApp, { message: 'Thời hạn thanh tra tối đa bao lâu?' });
    expect(dead.notice).toBe(NOTICE_UNREACHABLE);
    expect(dead.mode).toBe('extractive');
    expect(dead.citations.length).toBeGreaterThan(0);
    expect((await fetch(`${deadApp.url}/api/health`)).status).toBe(200);
  });

  it('rewrites a follow-up into a standalone question from the history', async () => {
    mock.chatRequests.length = 0;
    mock.script.push({ content: 'Thời hạn thanh tra lại tối đa là bao lâu theo Luật Thanh tra?' });
    mock.script.push({
      respond: (prompt) => {
        const first = source(prompt, 1);
        const quote = first.text.slice(0, 50).replace(/\s+\S*$/u, '');
        return JSON.stringify({ answer: `Thời hạn được quy định như sau [1].`, citations: [{ n: 1, quote }], grounded: true });
      },
    });
    const answer = await chat(app, {
      message: 'Còn thanh tra lại thì sao?',
      history: [
        { role: 'user', content: 'Thời hạn thanh tra tối đa bao lâu?' },
        { role: 'assistant', content: 'Theo Khoản 1 Điều 20 Luật Thanh tra ...' },
      ],
    });
    expect(mock.chatRequests).toHaveLength(2);
    expect(mock.chatRequests[0]?.messages[0]?.content).toContain('Người dùng: Thời hạn thanh tra tối đa bao lâu?');
    expect(mock.chatRequests[1]?.messages[0]?.content).toContain('CÂU HỎI: Thời hạn thanh tra lại tối đa là bao lâu theo Luật Thanh tra?');
    expect(answer.mode).toBe('generative');
  });

  it('declines without asking the model when the sources are too weak', async () => {
    mock.chatRequests.length = 0;
    const answer = await chat(app, { message: 'Giá vàng hôm nay bao nhiêu?' });
    expect(answer.grounded).toBe(false);
    expect(mock.chatRequests).toHaveLength(0);
  });
});
