/**
 * End to end in headless Chromium (Debian's chromium, driven by playwright-core): an admin uploads a
 * scanned page on /van-ban with its effective date typed as dd/mm/yyyy, sees the OCR progress and the
 * end, then finds a sentence of the scan by searching; an inspector does not see the upload form.
 * Screenshots are kept in test-output/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRole } from '../src/store/types.js';
import { ROOT } from './paths.js';
import { circularLines, scannedPage, startUploadApp, type UploadApp } from './uploadApp.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const OUTPUT = path.join(ROOT, 'test-output');

let app: UploadApp;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
  fs.mkdirSync(OUTPUT, { recursive: true });
  app = await startUploadApp();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function signedInPage(role: UserRole): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript((value) => localStorage.setItem('tro-ly-token', value), app.tokens[role]);
  return page;
}

describe('uploading a document on the legal staff page', () => {
  it('an admin uploads a scan, watches OCR and indexing, and finds it by searching', async () => {
    const page = await signedInPage('admin');
    await page.goto(`${app.url}/van-ban`);
    await page.waitForSelector('#upload:not([hidden])');
    await page.click('#upload summary');
    // Every stage line the page shows, as it shows it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { stagesSeen: string[] }).stagesSeen = seen;
      const line = document.getElementById('upload-stage');
      if (line) new MutationObserver(() => seen.push(`${line.dataset['stage'] ?? ''}: ${line.textContent ?? ''}`)).observe(line, { childList: true, characterData: true, subtree: true, attributes: true });
    });
    await page.setInputFiles('#upload-file', { name: 'thong-tu-42-ban-quet.png', mimeType: 'image/png', buffer: await scannedPage(circularLines('42/2026/TT-BTTTT', 'lưu động')) });
    await page.fill('#upload-number', '42/2026/TT-BTTTT');
    await page.fill('#upload-effective', '01/09/2026');
    await page.click('#upload-submit');
    await page.waitForSelector('#upload-result b[data-number="42/2026/TT-BTTTT"]', { timeout: 60_000 });

    const seen = await page.evaluate(() => (window as unknown as { stagesSeen: string[] }).stagesSeen);
    expect(seen).toContain('ocr: Nhận dạng chữ (OCR): trang 1/1');
    expect(seen.some((line) => line.startsWith('indexing: '))).toBe(true);
    expect(await page.getAttribute('#upload-stage', 'data-stage')).toBe('done');
    expect(await page.textContent('#upload-log')).toContain('nội dung là ảnh PNG');
    expect(await page.textContent('#upload-result')).toContain('(3 đơn vị trích dẫn)');
    expect(await page.getAttribute('#upload-result a', 'href')).toBe(`/van-ban#${encodeURIComponent('42/2026/TT-BTTTT')}`);
    await page.screenshot({ path: path.join(OUTPUT, 'upload.png'), fullPage: true });

    await page.fill('#upload-query', 'trạm phát sóng lưu động được kiểm tra ít nhất sáu tháng một lần');
    await page.click('#upload-search button');
    await page.waitForSelector('#upload-hits li[data-document]');
    expect(await page.getAttribute('#upload-hits li:first-child', 'data-document')).toBe('42/2026/TT-BTTTT');
    expect(await page.textContent('#upload-hits li:first-child')).toContain('sáu tháng một lần');

    // The date typed as dd/mm/yyyy reached the registry as the document's effective date.
    const record = (await (await app.fetch(`/api/documents/${encodeURIComponent('42/2026/TT-BTTTT')}`, {}, 'inspector')).json()) as { effective: string };
    expect(record.effective).toBe('2026-09-01');
    await page.close();
  });

  it('an inspector does not see the upload form', async () => {
    const page = await signedInPage('inspector');
    // Hidden from the start: look once the page has heard who is signed in and gone quiet.
    const me = page.waitForResponse((response) => response.url().endsWith('/api/me'));
    await page.goto(`${app.url}/van-ban`);
    expect((await me).status()).toBe(200);
    await page.waitForLoadState('networkidle');
    await page.waitForSelector('#documents button');
    expect(await page.isHidden('#upload')).toBe(true);
    await page.close();
  });
});
