/**
 * End to end in headless Chromium (Debian's chromium, driven by playwright-core): ask, see the
 * streamed answer, open a citation, see the clause; legal staff open a provision by reference and
 * read a document by its table of contents. Screenshots are kept in test-output/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { buildShared, startApp, type RunningApp } from './fixtures.js';
import { ROOT } from './paths.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUTPUT = path.join(ROOT, 'test-output');

let knowledge: KnowledgeBase;
let directory: string;
let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  fs.mkdirSync(OUTPUT, { recursive: true });
  ({ knowledge, directory } = await buildShared());
  app = await startApp(knowledge, directory);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (directory) fs.rmSync(directory, { recursive: true, force: true });
});

/** A page of a browser signed in as an inspector (the token the sign-in page stores). */
async function signedInPage(options: Parameters<Browser['newPage']>[0]): Promise<Awaited<ReturnType<Browser['newPage']>>> {
  const page = await browser.newPage(options);
  await page.addInitScript((value) => localStorage.setItem('tro-ly-token', value), app.tokens.inspector);
  return page;
}

describe('the web pages in Chromium', () => {
  it('chat: streamed answer, citation chip opens the clause with the quote highlighted, feedback stored', async () => {
    const page = await signedInPage({ viewport: { width: 1280, height: 900 } });
    const deltas: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/chat')) deltas.push(response.headers()['content-type'] ?? '');
    });
    await page.goto(app.url);
    await page.fill('#question', 'Thời hạn thanh tra tối đa bao lâu?');
    await page.click('form#ask button');
    await page.waitForSelector('.message.assistant .sources button.source');
    expect(deltas[0]).toContain('text/event-stream');
    const answer = await page.textContent('.message.assistant .answer');
    expect(answer).toContain('Điều 20 Luật Thanh tra số 84/2025/QH15');
    await page.click('.message.assistant .chip[data-n="1"]');
    await page.waitForSelector('#panel .text mark');
    expect(await page.textContent('#panel .label')).toBe('Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15');
    expect(await page.textContent('#panel .badge')).toContain('Còn hiệu lực');
    expect(await page.textContent('#panel .place')).toContain('Điều 20. Thời hạn thanh tra');
    const marked = await page.textContent('#panel .text mark');
    expect(marked?.length).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(OUTPUT, 'chat.png'), fullPage: true });
    await page.fill('.message.assistant .feedback textarea', 'Câu trả lời đúng');
    await page.click('.message.assistant .feedback [data-rate="up"]');
    await page.waitForSelector('.feedback-status:text("Đã ghi nhận")');
    const stored = (await (await app.fetch('/api/feedback', {}, 'admin')).json()) as Array<{ comment?: string; rating: string }>;
    expect(stored[0]).toMatchObject({ rating: 'up', comment: 'Câu trả lời đúng' });
    await page.close();
  });

  it('chat is usable at phone width', async () => {
    const page = await signedInPage({ viewport: { width: 390, height: 844 } });
    await page.goto(app.url);
    await page.fill('#question', 'kích hoạt SIM sai quy định bị phạt bao nhiêu?');
    await page.press('#question', 'Enter');
    await page.waitForSelector('.message.assistant .chip');
    await page.click('.message.assistant .chip[data-n="1"]');
    await page.waitForSelector('#panel .text');
    const box = await page.locator('#panel').boundingBox();
    expect(box?.width).toBeGreaterThan(380);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(OUTPUT, 'chat-phone.png') });
    await page.close();
  });

  it('legal staff: reference box opens the provision; a document reads by its table of contents with status badges', async () => {
    const page = await signedInPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.url}/van-ban`);
    await page.fill('#reference', 'k2 đ11 nđ 174/2026');
    await page.click('#reference-form button');
    await page.waitForSelector('#panel .label');
    expect(await page.textContent('#panel .label')).toBe('Khoản 2 Điều 11 Nghị định số 174/2026/NĐ-CP');
    await page.fill('#as-of', '2024-06-01');
    await page.fill('#reference', 'Điều 47 Luật Thanh tra');
    await page.click('#reference-form button');
    await page.waitForFunction(() => document.querySelector('#panel .label')?.textContent?.includes('11/2022/QH15'));
    await page.fill('#as-of', '');
    await page.selectOption('#origin', 'text');
    await page.waitForSelector('#documents button[data-number="174/2026/NĐ-CP"]');
    await page.click('#documents button[data-number="174/2026/NĐ-CP"]');
    await page.waitForSelector('#document .toc');
    expect(await page.textContent('#document')).toContain('Bãi bỏ một phần');
    expect(await page.textContent('#document')).toContain('Nghị định số 15/2020/NĐ-CP — Chương II, Chương III, Chương IV, Chương VI, Chương VII, Điều 75, Điều 77, Điều 93a, Điều 93b, Điều 96, các Điều từ 98 đến 106');
    expect(await page.locator('#document .toc button').count()).toBe(117);
    await page.click('#document .toc button:text("Điều 117.")');
    await page.waitForFunction(() => document.querySelector('#panel .label')?.textContent?.includes('Điều 117'));
    await page.screenshot({ path: path.join(OUTPUT, 'van-ban.png'), fullPage: false });
    await page.click('#documents button[data-number="11/2022/QH15"]');
    await page.waitForFunction(() => document.querySelector('#document h2')?.textContent?.includes('11/2022/QH15'));
    expect(await page.getAttribute('#document .badge', 'data-status')).toBe('hết hiệu lực');
    await page.close();
  });
});
