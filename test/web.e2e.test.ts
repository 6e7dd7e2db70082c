/**
 * The web pages end to end in headless Chromium (Debian's chromium, driven by playwright-core), on
 * the real service with a real index and store: one browser, one index build, a context per user.
 * Every page is checked by axe-core (no serious or critical violation) at 1366×900 and 390×844, and
 * screenshots at both widths are kept in test-output/.
 */
import fs from 'node:fs';
import path from 'node:path';
import mammoth from 'mammoth';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Answerer, ChatRequest } from '../src/answer/types.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import type { UserRole } from '../src/store/types.js';
import { buildShared, startApp, type RunningApp } from './fixtures.js';
import { ROOT } from './paths.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUTPUT = path.join(ROOT, 'test-output');
const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
/** A question starting with this waits until the test lets it through (to see "preparing" and stop it). */
const SLOW = 'CHẬM:';

let knowledge: KnowledgeBase;
let directory: string;
let app: RunningApp;
let browser: Browser;
let releaseSlow: () => void = () => {};
let slowGate: Promise<void> = Promise.resolve();
/** Script errors in any page; none is expected. */
const pageErrors: string[] = [];

function holdSlowAnswers(): void {
  slowGate = new Promise((resolve) => {
    releaseSlow = resolve;
  });
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  fs.mkdirSync(OUTPUT, { recursive: true });
  ({ knowledge, directory } = await buildShared());
  app = await startApp(knowledge, directory, {
    answererFor: (_retriever, offline): Answerer => ({
      mode: offline.mode,
      async answer(request: ChatRequest) {
        if (!request.message.startsWith(SLOW)) return offline.answer(request);
        await slowGate;
        return offline.answer({ ...request, message: request.message.slice(SLOW.length).trim() });
      },
    }),
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterEach(() => {
  expect(pageErrors.splice(0), 'script errors in the pages').toEqual([]);
});
afterAll(async () => {
  releaseSlow();
  await browser?.close();
  await app?.close();
  if (directory) fs.rmSync(directory, { recursive: true, force: true });
});

interface Opened {
  context: BrowserContext;
  page: Page;
}

/** A new browser context (its own storage, like another machine) signed in as `role` with its token, or not signed in. */
async function open(role: UserRole | null, viewport = DESKTOP, options: { locale?: string; token?: string } = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport, locale: options.locale ?? 'vi-VN', acceptDownloads: true });
  const token = options.token ?? (role ? app.tokens[role] : undefined);
  if (token) await context.addInitScript((value) => localStorage.setItem('tro-ly-token', value), token);
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  return { context, page };
}

/** axe-core in the page: no serious or critical violation (listed with their elements when there are). */
async function expectAccessible(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
  expect(violations, `accessibility of ${where}`).toEqual([]);
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage });
}

/** The controls at phone width smaller than 44×44 px (visible ones only). */
async function smallTargets(page: Page, selector = 'button, .chip, select, input:not([type=file]), .site-nav a, summary'): Promise<string[]> {
  return page.evaluate((query) => {
    const small: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(query)) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || element.closest('[hidden]')) continue;
      if (box.width < 44 || box.height < 44) small.push(`${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${(element.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
    return small;
  }, selector);
}

async function ask(page: Page, question: string): Promise<void> {
  const answers = await page.locator('.message.assistant').count();
  await page.fill('#question', question);
  await page.press('#question', 'Enter');
  await page.waitForFunction((count) => document.querySelectorAll('.message.assistant .answer-actions').length > count, answers);
}

/** Markup in a field shown by some page: it must arrive as text, never as elements or handlers. */
const XSS = '<img src=x onerror="window.__xss=1"><svg onload="window.__xss=2"></svg><script>window.__xss=3</script>';

async function expectNoInjection(page: Page, where: string): Promise<void> {
  const found = await page.evaluate(() => ({
    flag: (window as unknown as { __xss?: number }).__xss,
    images: document.querySelectorAll('img[src="x"]').length,
    svgs: document.querySelectorAll('svg[onload]').length,
    handlers: [...document.querySelectorAll('*')].filter((element) => [...element.attributes].some((a) => a.name.startsWith('on'))).length,
    scripts: [...document.querySelectorAll('script')].filter((s) => (s.textContent ?? '').includes('__xss')).length,
    shown: document.body.textContent?.includes('<img src=x onerror=') ?? false,
  }));
  expect(found, `markup stays text on ${where}`).toEqual({ flag: undefined, images: 0, svgs: 0, handlers: 0, scripts: 0, shown: true });
}

describe('the web pages in Chromium', () => {
  it('every page is sent with the Content-Security-Policy and links the favicon; unknown paths get the 404 page', async () => {
    for (const page of ['/', '/van-ban', '/tri-thuc', '/dang-nhap', '/khong-co-trang-nay']) {
      const response = await fetch(`${app.url}${page}`);
      expect(response.headers.get('content-security-policy'), page).toMatch(/default-src 'self'.*script-src 'self'.*style-src 'self'/u);
      const html = await response.text();
      expect(html, page).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
      expect(html, page).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|\sstyle="|\son[a-z]+="/u);
      if (page === '/khong-co-trang-nay') {
        expect(response.status).toBe(404);
        expect(html).toContain('Không tìm thấy trang');
      }
    }
    for (const asset of ['/favicon.svg', '/chat.js', '/styles.css']) {
      const response = await fetch(`${app.url}${asset}`);
      expect(response.status, asset).toBe(200);
      expect(response.headers.get('content-security-policy'), asset).toContain("script-src 'self'");
    }
  });

  it('sign-in: labelled, refuses a wrong token, signs in, shows the name and role in the header, signs out', async () => {
    const { context, page } = await open(null);
    await page.goto(`${app.url}/van-ban`);
    await page.waitForURL(/\/dang-nhap\?next=%2Fvan-ban/u);
    await expectAccessible(page, 'sign-in at 1366');
    await shoot(page, 'dang-nhap-desktop');
    await page.getByLabel('Mã truy cập').fill('tlt.sai-ma');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#sign-in-error')).toContain('không đúng');
    expect(await page.getAttribute('#token', 'aria-invalid')).toBe('true');
    await page.getByLabel('Mã truy cập').fill(app.tokens.trainer);
    await page.click('#sign-in button[type=submit]');
    await page.waitForURL(`${app.url}/van-ban`);
    await page.waitForSelector('#account .user-name');
    expect(await page.textContent('#account .user-role')).toBe('Cán bộ đào tạo');
    expect(await page.textContent('#account .user-name')).toMatch(/^trainer-/u);
    await page.click('#sign-out');
    await page.waitForURL(/\/dang-nhap$/u);
    expect(await page.evaluate(() => localStorage.getItem('tro-ly-token'))).toBeNull();
    await page.setViewportSize(PHONE);
    await expectAccessible(page, 'sign-in at 390');
    expect(await smallTargets(page)).toEqual([]);
    await shoot(page, 'dang-nhap-phone');
    await context.close();
  });

  it('chat: streamed answer, short part first with citation chips, quotes collapsed; a chip opens the clause, Escape closes it and returns focus; copy writes the citations out; feedback and DOCX download', async () => {
    const { context, page } = await open('inspector');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    const types: string[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/chat')) types.push(response.headers()['content-type'] ?? '');
    });
    await page.goto(app.url);
    await page.waitForSelector('#account .user-name');
    expect(await page.textContent('#account .user-role')).toBe('Thanh tra viên');
    // Keyboard only: the first Tab reaches the skip link, Enter goes to the question, Enter sends it.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Đến ô câu hỏi');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');
    await page.keyboard.type('Thời hạn thanh tra tối đa bao lâu?');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.message.assistant .answer-actions');
    expect(types[0]).toContain('text/event-stream');
    const answer = page.locator('.message.assistant').last();
    expect(await answer.locator('.short').textContent()).toMatch(/không quá 60 ngày/u);
    expect(await answer.locator('.short .chip').count()).toBeGreaterThan(0);
    expect(await answer.locator('details.quotes').getAttribute('open')).toBeNull();
    expect(await answer.locator('details.quotes blockquote').first().isVisible()).toBe(false);
    expect(await answer.locator('.as-of-line').textContent()).toMatch(/tại ngày \d{2}\/\d{2}\/\d{4}\./u);
    expect(await page.evaluate(() => location.hash)).toMatch(/^#c=/u);

    // The chip opens the clause with the quote marked; Escape closes it and the focus is back on the chip.
    const chip = answer.locator('.short .chip[data-n="1"]').first();
    await chip.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#panel .text mark');
    expect(await page.textContent('#panel .label')).toBe('Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15');
    expect(await page.getAttribute('#panel .validity .badge', 'data-status')).toBe('còn hiệu lực');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('panel-title');
    await answer.locator('details.quotes summary').click();
    await expectAccessible(page, 'chat with an answer and the panel at 1366');
    await shoot(page, 'chat-desktop');
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#panel')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-n'))).toBe('1');

    // Copy: plain text with the citations in the official form and the as-of date, and rich text.
    await answer.locator('[data-copy]').click();
    await expect.poll(() => answer.locator('.action-status').textContent()).toContain('Đã sao chép');
    const copied = await page.evaluate(async () => {
      const items = await navigator.clipboard.read();
      const html = items[0]?.types.includes('text/html') ? await (await items[0].getType('text/html')).text() : '';
      return { text: await navigator.clipboard.readText(), html };
    });
    expect(copied.text).toMatch(/không quá 60 ngày.*\[1\]/u);
    expect(copied.text).toContain('\nCăn cứ:\n[1] Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15 (Thời hạn thanh tra): “1. Thời hạn thực hiện một cuộc thanh tra');
    expect(copied.text).toMatch(/Hiệu lực văn bản tính đến ngày \d{2}\/\d{2}\/\d{4}\.$/u);
    expect(copied.html).toContain('<strong>Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15</strong>');

    // Feedback is stored with the comment.
    await answer.getByLabel('Góp ý (không bắt buộc)').fill('Câu trả lời đúng');
    await answer.locator('[data-rate="up"]').click();
    await expect.poll(() => answer.locator('.action-status').textContent()).toContain('Đã ghi nhận');
    const stored = (await (await app.fetch('/api/feedback', {}, 'admin')).json()) as Array<{ comment?: string; rating: string }>;
    expect(stored.find((f) => f.comment === 'Câu trả lời đúng')?.rating).toBe('up');

    // 'Tải về': the conversation as DOCX, with its citations and the as-of date.
    const downloading = page.waitForEvent('download');
    await page.click('#download-docx');
    const file = await (await downloading).path();
    const { value } = await mammoth.extractRawText({ path: file });
    expect(value).toContain('Thời hạn thanh tra tối đa bao lâu?');
    expect(value).toContain('[1] Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15');
    expect(value).toMatch(/Hiệu lực văn bản tính đến ngày \d{2}\/\d{2}\/\d{4}/u);
    const id = (await page.evaluate(() => location.hash)).slice(3);
    const pdf = await app.fetch(`/api/conversations/${id}/export?format=pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await app.fetch(`/api/conversations/${id}/export?format=pdf`, {}, 'trainer')).status).toBe(404);
    await context.close();
  });

  it('chat: a "likely" answer is headed as provisions to read and compare, a decline said plainly, a verified answer stamped with who approved it and when', async () => {
    const created = (await (await app.fetch('/api/verified-answers', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: 'Thời gian tạm dừng thanh tra có được tính vào thời hạn thanh tra không?', answer: 'Không. Thời gian tạm dừng thanh tra không tính vào thời hạn thanh tra.', legalBasis: ['Khoản 2 Điều 20 Luật Thanh tra số 84/2025/QH15'], status: 'review' }) }, 'legal')).json()) as { id: string };
    const published = await app.fetch(`/api/verified-answers/${created.id}/status`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ status: 'published' }) }, 'trainer');
    const approvedAt = ((await published.json()) as { approvedAt: string }).approvedAt;
    const { context, page } = await open('inspector');
    await page.goto(app.url);
    await ask(page, 'cơ quan báo chí đăng tin sai thì xử lý thế nào');
    const likely = page.locator('.message.assistant').last();
    expect(await likely.locator('.outcome').textContent()).toBe('Quy định có thể áp dụng — cần đọc và đối chiếu');
    expect(await likely.locator('.likely-list li').count()).toBeGreaterThan(0);
    expect(await likely.locator('.likely-list li').first().textContent()).toMatch(/Điều \d+.*: “/u);
    await ask(page, 'giá vàng hôm nay bao nhiêu');
    const declined = page.locator('.message.assistant').last();
    expect(await declined.getAttribute('class')).toContain('declined');
    expect(await declined.locator('.outcome').count()).toBe(0);
    expect(await declined.locator('.short').textContent()).toContain('nằm ngoài phạm vi');
    await ask(page, 'Thời gian tạm dừng thanh tra có được tính vào thời hạn thanh tra không?');
    const verified = page.locator('.message.assistant').last();
    const day = approvedAt.slice(0, 10).split('-').reverse().join('/');
    expect(await verified.locator('.verified-stamp').textContent()).toMatch(new RegExp(`Câu trả lời chuẩn — đã duyệt bởi trainer-\\S+ ngày ${day.replaceAll('/', '\\/')}$`, 'u'));
    expect(await verified.locator('.short').textContent()).toContain('Không. Thời gian tạm dừng thanh tra không tính vào thời hạn thanh tra.');
    await expectAccessible(page, 'chat with likely, declined and verified answers at 1366');
    await context.close();
  });

  it('conversations: a follow-up stays in its conversation, kept across a reload and in another browser of the same user; renamed and deleted', async () => {
    const first = await open('legal');
    const { page } = first;
    await page.goto(app.url);
    await ask(page, 'Thời hạn thanh tra tối đa bao lâu?');
    const id = (await page.evaluate(() => location.hash)).slice(3);
    await ask(page, 'Thời gian tạm dừng có tính vào thời hạn không?');
    expect((await page.evaluate(() => location.hash)).slice(3)).toBe(id);
    const stored = (await (await app.fetch(`/api/conversations/${id}`, {}, 'legal')).json()) as { messages: Array<{ role: string; content: string }> };
    expect(stored.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(stored.messages[2]?.content).toBe('Thời gian tạm dừng có tính vào thời hạn không?');

    await page.reload();
    await page.waitForSelector('.message.assistant .answer-actions');
    expect(await page.locator('.message.user').allTextContents()).toEqual(['Thời hạn thanh tra tối đa bao lâu?', 'Thời gian tạm dừng có tính vào thời hạn không?']);
    expect(await page.locator('.message.assistant .short .chip').count()).toBeGreaterThan(0);
    expect(await page.textContent('#conversation-title')).toBe('Thời hạn thanh tra tối đa bao lâu?');

    // Another machine of the same user: the conversation is listed there and opens with its messages.
    const second = await open(null, DESKTOP, { token: app.tokens.legal });
    await second.page.goto(app.url);
    const link = second.page.locator(`#conversation-list a[data-id="${id}"]`);
    await link.waitFor();
    expect(await link.locator('.conversation-date').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/u);
    await link.click();
    await second.page.waitForFunction(() => document.querySelectorAll('.message.user').length === 2);
    expect(await second.page.evaluate(() => location.hash)).toBe(`#c=${id}`);

    // Renamed there (keyboard: Enter saves), seen here after a reload.
    await second.page.locator(`li[data-id="${id}"] [data-rename]`).click();
    await second.page.getByLabel('Tên mới').fill('Thời hạn thanh tra — ghi chú');
    await second.page.keyboard.press('Enter');
    await expect.poll(() => second.page.textContent('#conversation-title')).toBe('Thời hạn thanh tra — ghi chú');
    await page.reload();
    await expect.poll(() => page.textContent(`#conversation-list a[data-id="${id}"] .conversation-title`)).toBe('Thời hạn thanh tra — ghi chú');

    // A new one starts empty; the old one is deleted (after confirming) and gone from the server.
    await page.click('#new-conversation');
    expect(await page.evaluate(() => location.hash)).toBe('');
    expect(await page.locator('.message').count()).toBe(0);
    await page.locator(`li[data-id="${id}"] [data-delete]`).click();
    await page.locator(`#conversation-list [data-confirm]`).click();
    await expect.poll(() => page.locator(`li[data-id="${id}"]`).count()).toBe(0);
    expect((await app.fetch(`/api/conversations/${id}`, {}, 'legal')).status).toBe(404);
    await second.context.close();
    await first.context.close();
  });

  it('chat: sending is disabled while an answer is prepared, and Dừng stops it', async () => {
    const { context, page } = await open('inspector');
    await page.goto(app.url);
    holdSlowAnswers();
    await page.fill('#question', `${SLOW} Thời hạn thanh tra tối đa bao lâu?`);
    await page.press('#question', 'Enter');
    await page.waitForSelector('#stop:not([hidden])');
    expect(await page.isDisabled('#send')).toBe(true);
    expect(await page.textContent('#ask-status')).toContain('Đang chuẩn bị');
    await page.fill('#question', 'Câu khác');
    await page.press('#question', 'Enter');
    expect(await page.locator('.message.user').count()).toBe(1);
    await page.click('#stop');
    await page.waitForSelector('.message.assistant.stopped');
    expect(await page.textContent('.message.assistant.stopped')).toContain('Đã dừng');
    expect(await page.isDisabled('#send')).toBe(false);
    expect(await page.isHidden('#stop')).toBe(true);
    releaseSlow();
    await context.close();
  });

  it('phone: long answers read without scrolling past quotes, the new answer scrolled into view, the panel close control always visible, 44 px targets', async () => {
    // A conversation already long, so that the new answer must be scrolled to.
    const created = (await (await app.fetch('/api/conversations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Xử phạt SIM' }) })).json()) as { id: string };
    for (const question of ['Thời hạn thanh tra tối đa bao lâu?', 'Bán SIM đã kích hoạt sẵn không phải đại lý viễn thông bị phạt bao nhiêu?']) {
      await app.fetch('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: question, conversationId: created.id }) });
    }
    const { context, page } = await open('inspector', PHONE);
    await page.goto(`${app.url}/#c=${created.id}`);
    await page.waitForFunction(() => document.querySelectorAll('.message.assistant .answer-actions').length === 2);
    await ask(page, 'Bán SIM đã kích hoạt sẵn không phải đại lý viễn thông bị phạt bao nhiêu?');
    const geometry = await page.evaluate(() => {
      const list = document.getElementById('messages') as HTMLElement;
      const answers = document.querySelectorAll('.message.assistant');
      const last = answers[answers.length - 1] as HTMLElement;
      const frame = list.getBoundingClientRect();
      const box = last.getBoundingClientRect();
      const actions = last.querySelector('.answer-actions') as HTMLElement;
      return { scrolled: list.scrollTop, frameTop: frame.top, frameBottom: frame.bottom, top: box.top, actionsTop: actions.getBoundingClientRect().top, open: last.querySelector('details.quotes')?.hasAttribute('open') };
    });
    expect(geometry.scrolled).toBeGreaterThan(0);
    expect(geometry.top).toBeGreaterThanOrEqual(geometry.frameTop);
    expect(geometry.top).toBeLessThan(geometry.frameBottom);
    expect(geometry.open).toBe(false);
    // The short answer and its actions come before the (collapsed) quotes: reachable without passing them.
    expect(geometry.actionsTop - geometry.top).toBeLessThan(900);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(await smallTargets(page)).toEqual([]);
    await expectAccessible(page, 'chat at 390');
    await shoot(page, 'chat-phone');

    await page.locator('.message.assistant').last().locator('.short .chip[data-n="1"]').click();
    await page.waitForSelector('#panel .text mark');
    const closeBox = async () => page.locator('#panel .panel-close').boundingBox();
    const before = await closeBox();
    expect(before && before.y >= 0 && before.y + before.height <= PHONE.height).toBe(true);
    await page.locator('#panel .panel-body').evaluate((body) => body.scrollTo(0, body.scrollHeight));
    const after = await closeBox();
    expect(after && after.y >= 0 && after.y + after.height <= PHONE.height).toBe(true);
    expect(await smallTargets(page, '#panel button')).toEqual([]);
    await expectAccessible(page, 'chat panel at 390');
    await shoot(page, 'chat-panel-phone');
    await page.locator('#panel .panel-close').click();
    expect(await page.isHidden('#panel')).toBe(true);

    // The conversations drawer opens and closes with Escape.
    await page.click('#open-conversations');
    expect(await page.isVisible('#conversation-list')).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#conversation-list')).toBe(false);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('open-conversations');
    await context.close();
  });

  it('dates are dd/mm/yyyy under an en-US locale: typed, sent as the as-of date, shown everywhere', async () => {
    const { context, page } = await open('trainer', DESKTOP, { locale: 'en-US' });
    const bodies: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/chat')) bodies.push(request.postData() ?? '');
    });
    await page.goto(app.url);
    expect(await page.evaluate(() => navigator.language)).toBe('en-US');
    await page.fill('#as-of', '31022024');
    expect(await page.inputValue('#as-of')).toBe('31/02/2024');
    await page.press('#as-of', 'Enter');
    expect(await page.getAttribute('#as-of', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#as-of-error')).toContain('dd/mm/yyyy');
    await page.fill('#as-of', '01062024');
    await page.press('#as-of', 'Enter');
    expect(await page.inputValue('#as-of')).toBe('01/06/2024');
    expect(await page.getAttribute('#as-of', 'aria-invalid')).toBe('false');
    await ask(page, 'Thời hạn thanh tra tối đa bao lâu?');
    expect(JSON.parse(bodies[0] ?? '{}').asOf).toBe('2024-06-01');
    const answer = page.locator('.message.assistant').last();
    expect(await answer.locator('.as-of-line').textContent()).toBe('Theo văn bản có hiệu lực tại ngày 01/06/2024.');
    expect(await answer.locator('.sources').textContent()).toContain('11/2022/QH15');
    const now = new Date();
    const pad = (n: number): string => String(n).padStart(2, '0');
    const today = `${pad(now.getDate())}/${pad(now.getMonth() + 1)}/${now.getFullYear()}`;
    await expect.poll(() => page.locator('#conversation-list .conversation-date').first().textContent()).toBe(today);
    const usToday = `${now.getMonth() + 1}/${now.getDate()}/${now.getFullYear()}`;
    expect(await page.textContent('body')).not.toContain(usToday);
    await page.goto(`${app.url}/van-ban`);
    await page.fill('#as-of', '1/7/2025');
    await page.press('#as-of', 'Enter');
    await expect.poll(() => page.textContent('#document-count')).toContain('hiệu lực tại ngày 01/07/2025');
    await context.close();
  });

  it('legal staff: one as-of date for the list, the open document and the panel; a Điều opens whole with its Khoản, a named Khoản highlighted', async () => {
    const { context, page } = await open('legal');
    await page.goto(`${app.url}/van-ban`);
    await page.click('#documents button[data-number="84/2025/QH15"]');
    await page.waitForSelector('#document .toc');
    await page.click('#document .toc button:text("Điều 20.")');
    await page.waitForFunction(() => document.querySelector('#panel-title')?.textContent?.startsWith('Điều 20 Luật Thanh tra số 84/2025/QH15'));
    const statuses = async () => ({
      list: await page.getAttribute('#documents button[data-number="84/2025/QH15"] .badge', 'data-status'),
      document: await page.getAttribute('#document .validity .badge', 'data-status'),
      panel: await page.getAttribute('#panel .validity .badge', 'data-status'),
    });
    expect(await statuses()).toEqual({ list: 'còn hiệu lực', document: 'còn hiệu lực', panel: 'còn hiệu lực' });
    await page.fill('#as-of', '01/01/2025');
    await page.press('#as-of', 'Enter');
    await expect.poll(statuses).toEqual({ list: 'chưa có hiệu lực', document: 'chưa có hiệu lực', panel: 'chưa có hiệu lực' });
    expect(await page.textContent('#document .validity')).toContain('tại ngày 01/01/2025');
    expect(await page.textContent('#panel .validity')).toContain('tại ngày 01/01/2025');

    // On that date "Điều 47 Luật Thanh tra" is the 2022 law's; today it is the 2025 law's — whole, every Khoản listed.
    await page.fill('#reference', 'Điều 47 Luật Thanh tra');
    await page.click('#reference-form button');
    await page.waitForFunction(() => document.querySelector('#panel-title')?.textContent === 'Điều 47 Luật Thanh tra số 11/2022/QH15');
    await page.fill('#as-of', '');
    await page.press('#as-of', 'Enter');
    await page.waitForFunction(() => document.querySelector('#panel-title')?.textContent === 'Điều 47 Luật Thanh tra số 84/2025/QH15');
    const whole = (await (await app.fetch(`/api/units?ref=${encodeURIComponent('Điều 47 Luật Thanh tra')}`)).json()) as { neighbours: { siblings: Array<{ label: string }> } };
    expect(whole.neighbours.siblings.length).toBeGreaterThan(1);
    expect(await page.locator('#panel .unit .unit-label').allTextContents()).toEqual(whole.neighbours.siblings.map((s) => s.label.split(' Điều ')[0]));
    expect(await page.locator('#panel .unit.asked').count()).toBe(0);

    await page.fill('#reference', 'khoản 2 điều 47 luật thanh tra');
    await page.press('#reference', 'Enter');
    await page.waitForFunction(() => document.querySelector('#panel-title')?.textContent === 'Khoản 2 Điều 47 Luật Thanh tra số 84/2025/QH15');
    expect(await page.locator('#panel .unit').count()).toBe(whole.neighbours.siblings.length);
    expect(await page.locator('#panel .unit.asked .unit-label').textContent()).toContain('Khoản 2');
    expect(await page.locator('#panel .unit[aria-current="true"]').count()).toBe(1);

    await page.fill('#reference', 'k2 đ11 nđ 174/2026');
    await page.press('#reference', 'Enter');
    await page.waitForFunction(() => document.querySelector('#panel-title')?.textContent === 'Khoản 2 Điều 11 Nghị định số 174/2026/NĐ-CP');
    await expectAccessible(page, '/van-ban at 1366');
    await shoot(page, 'van-ban-desktop');
    await page.keyboard.press('Escape');
    expect(await page.isHidden('#panel')).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reference');

    await page.click('#documents button[data-number="174/2026/NĐ-CP"]');
    await page.waitForFunction(() => document.querySelector('#document h2')?.textContent?.includes('174/2026/NĐ-CP'));
    expect(await page.textContent('#document')).toContain('Nghị định số 15/2020/NĐ-CP — Chương II, Chương III, Chương IV, Chương VI, Chương VII, Điều 75, Điều 77, Điều 93a, Điều 93b, Điều 96, các Điều từ 98 đến 106');
    expect(await page.locator('#document .toc button').count()).toBe(117);

    await page.setViewportSize(PHONE);
    expect(await smallTargets(page, '#legal-tools button, #legal-tools select, #legal-tools input, .site-nav a, #account button')).toEqual([]);
    await expectAccessible(page, '/van-ban at 390');
    await shoot(page, 'van-ban-phone');
    await page.fill('#reference', 'Điều 47 Luật Thanh tra');
    await page.press('#reference', 'Enter');
    await page.waitForSelector('#panel .unit');
    const close = await page.locator('#panel .panel-close').boundingBox();
    expect(close && close.y + close.height <= PHONE.height).toBe(true);
    await shoot(page, 'van-ban-panel-phone');
    await context.close();
  });

  it('trainers: write a lesson with live reference checks and a preview, a second trainer reviews and publishes it, filter, stale items, gaps, import and export; inspectors read only', async () => {
    const reviewer = await app.store.createUser(`trainer-2-${Date.now()}`, 'trainer');
    const author = await open('trainer');
    const { page } = author;
    await page.goto(`${app.url}/tri-thuc`);
    await page.click('#tab-write');
    await page.selectOption('#edit-kind', 'lesson');
    await page.fill('#edit-year', '2025');
    await page.selectOption('#edit-field', 'Viễn thông');
    await page.fill('#edit-title', 'Đại lý bán SIM kích hoạt sẵn');
    await page.fill('#edit-situation', 'Đoàn kiểm tra phát hiện đại lý bán SIM đã nhập sẵn thông tin thuê bao.');
    await page.fill('#edit-lesson', 'Lập biên bản, xác định đúng hành vi và áp dụng mức phạt cho tổ chức.');
    // A wrong reference gets suggestions as it is typed; a right one its official label.
    await page.locator('#basis-main input').pressSequentially('điều 999 nghị định 174/2026', { delay: 5 });
    await page.waitForSelector('#basis-main .basis-check.missing');
    expect(await page.locator('#basis-main .suggestions button').count()).toBeGreaterThan(0);
    await page.fill('#basis-main input', 'k7 đ34 nđ 174/2026');
    await page.waitForSelector('#basis-main .basis-check.found');
    expect(await page.textContent('#basis-main .basis-check')).toBe('✓ Tìm thấy: Khoản 7 Điều 34 Nghị định số 174/2026/NĐ-CP');
    await page.press('#basis-main input', 'Enter');
    expect(await page.locator('#basis-main .basis-list li').allTextContents()).toEqual(['Khoản 7 Điều 34 Nghị định số 174/2026/NĐ-CP✕']);
    await expect.poll(() => page.locator('#preview .sources').textContent()).toContain('[2] Khoản 7 Điều 34 Nghị định số 174/2026/NĐ-CP');
    expect(await page.textContent('#preview')).toContain('Trợ lý dẫn mục này là Bài học 2025 — Đại lý bán SIM kích hoạt sẵn');
    await page.selectOption('#edit-status', 'review');
    await expectAccessible(page, '/tri-thuc editor at 1366');
    await shoot(page, 'tri-thuc-desktop', true);
    await page.click('#save');
    await expect.poll(() => page.textContent('#editor-status')).toContain('Đã lưu “Bài học 2025 — Đại lý bán SIM kích hoạt sẵn” — Chờ duyệt');

    // The author cannot publish their own lesson from the queue.
    await page.click('#tab-review');
    const mine = page.locator('#review-list .item', { hasText: 'Đại lý bán SIM kích hoạt sẵn' });
    await mine.waitFor();
    expect(await mine.locator('[data-action="publish"]').count()).toBe(0);
    expect(await mine.textContent()).toContain('cần một người khác duyệt');

    // Another trainer publishes it.
    const second = await open(null, DESKTOP, { token: reviewer.token });
    await second.page.goto(`${app.url}/tri-thuc#review`);
    const queued = second.page.locator('#review-list .item', { hasText: 'Đại lý bán SIM kích hoạt sẵn' });
    await queued.locator('[data-action="publish"]').click();
    await expect.poll(() => second.page.textContent('#review-status')).toContain('Đã xuất bản');
    const lessons = (await (await app.fetch('/api/lessons?status=published&year=2025')).json()) as { items: Array<{ id: string; title: string; reviewer: string | null }> };
    const published = lessons.items.find((item) => item.title === 'Đại lý bán SIM kích hoạt sẵn');
    expect(published?.reviewer).toBe(reviewer.user.id);

    // List filtered by year, field and status.
    await page.click('#tab-list');
    await page.fill('#filter-year', '2025');
    await page.selectOption('#filter-field', 'Viễn thông');
    await page.selectOption('#filter-status', 'published');
    await expect.poll(() => page.locator('#item-list .item h3').allTextContents()).toEqual(['Bài học 2025 — Đại lý bán SIM kích hoạt sẵn Đã xuất bản']);
    await page.selectOption('#filter-field', 'Bưu chính');
    await expect.poll(() => page.locator('#item-list .item').count()).toBe(0);

    // Stale items: one whose provision changed is listed with its reason.
    await app.store.markItemStale(published?.id ?? '', 'Lời văn của Khoản 7 Điều 34 Nghị định số 174/2026/NĐ-CP đã thay đổi sau khi nạp lại văn bản');
    await page.click('#tab-stale');
    await expect.poll(() => page.textContent('#stale-list')).toContain('Lời văn của Khoản 7 Điều 34');

    // Knowledge gaps: declined questions grouped with counts.
    for (let i = 0; i < 2; i++) await app.fetch('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ message: 'giá vàng hôm nay bao nhiêu' }) });
    await page.click('#tab-gaps');
    const gap = page.locator('#gaps tr', { hasText: 'giá vàng hôm nay bao nhiêu' });
    await gap.waitFor();
    expect(Number(await gap.locator('td').nth(1).textContent())).toBeGreaterThanOrEqual(2);
    expect(await gap.locator('td').nth(3).textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/u);

    // Import a CSV read in the browser; export the year as Markdown and PDF.
    await page.click('#tab-io');
    const csv = 'năm,lĩnh vực,tiêu đề,tình huống,bài học,căn cứ\n2024,Bưu chính,Bưu gửi không rõ người gửi,Phát hiện bưu gửi không ghi thông tin người gửi.,Kiểm tra sổ nhận gửi.,Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15\n2024,Bưu chính,Dòng sai,Tình huống,Bài học,điều 999 nghị định 174/2026\n';
    await page.setInputFiles('#import-file', { name: 'bai-hoc-2024.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#import-form button[type=submit]');
    await expect.poll(() => page.textContent('#import-status-line')).toContain('Đã tạo 1 bài học từ bai-hoc-2024.csv; 1 mục không nhập được');
    expect(await page.textContent('#import-result')).toContain('Mục 2');
    await page.fill('#export-year', '2025');
    const markdown = page.waitForEvent('download');
    await page.click('#export-markdown');
    const markdownFile = await (await markdown).path();
    expect(fs.readFileSync(markdownFile, 'utf8')).toContain('Đại lý bán SIM kích hoạt sẵn');
    const pdf = page.waitForEvent('download');
    await page.click('#export-pdf');
    expect(fs.readFileSync(await (await pdf).path()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.setViewportSize(PHONE);
    await page.click('#tab-list');
    await expectAccessible(page, '/tri-thuc list at 390');
    expect(await smallTargets(page, '#knowledge-main button, #knowledge-main select, #knowledge-main input:not([type=file])')).toEqual([]);
    await shoot(page, 'tri-thuc-phone');
    await second.context.close();
    await author.context.close();

    // Inspectors read, and are told they cannot write.
    const inspector = await open('inspector');
    await inspector.page.goto(`${app.url}/tri-thuc`);
    await expect.poll(() => inspector.page.textContent('#role-note')).toContain('chỉ để xem');
    await expect.poll(() => inspector.page.locator('#item-list .item').count()).toBeGreaterThan(0);
    expect(await inspector.page.locator('#item-list [data-action]').count()).toBe(0);
    await inspector.page.click('#tab-write');
    expect(await inspector.page.isHidden('#editor')).toBe(true);
    expect(await inspector.page.textContent('#write-denied')).toContain('không được viết');
    await expectAccessible(inspector.page, '/tri-thuc read-only at 1366');
    await inspector.context.close();
  });

  it('markup written into lessons, verified answers, feedback, conversation titles, questions and references is shown as text on every page', async () => {
    const post = async (url: string, body: unknown, role: UserRole) => {
      const response = await app.fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, role);
      expect(response.status, url).toBeLessThan(300);
      return (await response.json()) as { id: string };
    };
    const lesson = await post('/api/lessons', { year: 2025, field: XSS, title: `Bài ${XSS}`, situation: `Tình huống ${XSS}`, lesson: `Bài học ${XSS}`, recommendation: XSS, issuingUnit: XSS, legalBasis: ['Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15'], status: 'published' }, 'trainer');
    await post('/api/verified-answers', { question: `Hỏi ${XSS}`, answer: `Đáp ${XSS}`, legalBasis: ['Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15'], status: 'review' }, 'legal');
    await post('/api/feedback', { question: `Câu hỏi ${XSS}`, answer: XSS, rating: 'down', comment: XSS }, 'inspector');
    const conversation = await post('/api/conversations', { title: `Hội thoại ${XSS}` }, 'trainer');

    const { context, page } = await open('trainer');
    await page.goto(`${app.url}/#c=${conversation.id}`);
    await page.waitForFunction((id) => document.querySelector(`#conversation-list a[data-id="${id}"]`) !== null, conversation.id);
    await ask(page, `Thời hạn thanh tra ${XSS}`);
    await expectNoInjection(page, 'the chat');

    await page.goto(`${app.url}/tri-thuc`);
    await page.waitForSelector('#item-list .item');
    await expectNoInjection(page, 'the trainers’ list');
    await page.click('#tab-review');
    await page.waitForSelector('#review-list .item');
    await expectNoInjection(page, 'the review queue');
    await page.click('#tab-gaps');
    await page.waitForSelector('#gaps tr');
    await expectNoInjection(page, 'the knowledge gaps');
    await page.click('#tab-list');
    await page.locator('#item-list .item', { hasText: 'Bài <img' }).first().locator('[data-action="edit"]').click();
    await expect.poll(() => page.inputValue('#edit-title')).toContain('<img src=x');
    await expect.poll(() => page.textContent('#preview')).toContain('<img src=x');
    await expectNoInjection(page, 'the editor and its preview');

    await page.goto(`${app.url}/van-ban`);
    await page.selectOption('#origin', '');
    await page.fill('#q', 'Bài <img');
    await page.waitForSelector(`#documents button[data-number="lesson:${lesson.id}"]`);
    await expectNoInjection(page, 'the document list');
    await page.fill('#reference', `lesson:${lesson.id}`);
    await page.press('#reference', 'Enter');
    await page.waitForSelector('#panel .text');
    expect(await page.textContent('#panel .text')).toContain('Tình huống <img src=x');
    await expectNoInjection(page, 'the provision panel');
    await page.fill('#reference', `Điều 5 ${XSS}`);
    await page.press('#reference', 'Enter');
    await page.waitForSelector('#panel .error');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await context.close();
  });

  it('the 404 page is accessible at both widths', async () => {
    const { context, page } = await open(null);
    await page.goto(`${app.url}/khong-co-trang-nay`);
    await expectAccessible(page, '404 at 1366');
    await page.setViewportSize(PHONE);
    await expectAccessible(page, '404 at 390');
    await context.close();
  });
});
