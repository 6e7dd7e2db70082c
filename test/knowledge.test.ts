/**
 * The trainers' knowledge through the real service: a lesson published by a trainer is found first
 * for its own title at once, an inspector may not write it, it survives a restart, retiring takes it
 * out of search and chat, an unknown legal basis is refused with suggestions, a verified answer is
 * served first and stops being served as verified when its provision changes. The same on
 * PostgreSQL, and across two instances sharing it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShared, startApp, type RunningApp } from './fixtures.js';
import type { KnowledgeBase } from '../src/knowledge/knowledgeBase.js';
import { openStore } from '../src/store/index.js';
import { connectTestDatabase, createSchema, dropSchema, testSchemaName, urlWithSchema } from '../src/store/testing/postgresTestDatabase.js';
import { itemUnit } from '../src/lessons/library.js';

let knowledge: KnowledgeBase;
let directory: string;

beforeAll(async () => {
  ({ knowledge, directory } = await buildShared());
});
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

const LESSON = {
  year: 2025,
  field: 'Viễn thông',
  title: 'Đại lý bán SIM đã kích hoạt sẵn tại chợ đầu mối Bình Điền',
  situation: 'Đoàn kiểm tra phát hiện một cửa hàng không phải đại lý viễn thông bán hàng trăm SIM đã nhập sẵn thông tin thuê bao.',
  lesson: 'Lập biên bản ngay, thu giữ SIM làm tang vật và đối chiếu danh sách đại lý của doanh nghiệp viễn thông.',
  recommendation: 'Đề nghị doanh nghiệp công khai danh sách đại lý được ủy quyền.',
  legalBasis: ['Điểm b Khoản 7 Điều 34 Nghị định số 174/2026/NĐ-CP', 'khoản 12 điều 34 nđ 174/2026'],
};

async function json(response: Response): Promise<any> {
  return response.json();
}

function post(app: RunningApp, route: string, body: unknown, role: 'trainer' | 'inspector' | 'legal' | 'admin' = 'trainer'): Promise<Response> {
  return app.fetch(route, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }, role);
}

async function firstHitFor(app: RunningApp, query: string): Promise<{ label: string } | undefined> {
  return (await json(await app.fetch(`/api/search?q=${encodeURIComponent(query)}&k=3`)))[0];
}

describe('lessons on SQLite', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(knowledge, directory);
  });
  afterAll(async () => app.close());

  it('a trainer publishes a lesson; the next search finds it first by its title; an inspector gets 403', async () => {
    expect((await post(app, '/api/lessons', { ...LESSON, status: 'published' }, 'inspector')).status).toBe(403);
    const created = await post(app, '/api/lessons', { ...LESSON, status: 'published' });
    expect(created.status).toBe(201);
    const lesson = await json(created);
    expect(lesson).toMatchObject({ id: expect.any(String), status: 'published', year: 2025, label: `Bài học 2025 — ${LESSON.title}` });
    expect(lesson.legalBasis.map((entry: { label: string }) => entry.label)).toEqual(['Điểm b Khoản 7 Điều 34 Nghị định số 174/2026/NĐ-CP', 'Khoản 12 Điều 34 Nghị định số 174/2026/NĐ-CP']);
    expect((await firstHitFor(app, LESSON.title))?.label).toBe(`Bài học 2025 — ${LESSON.title}`);
    // It opens by its label, like any citation.
    const opened = await app.fetch(`/api/units?ref=${encodeURIComponent(lesson.label)}`);
    expect(opened.status).toBe(200);
    expect((await json(opened)).text).toContain(LESSON.lesson);
  });

  it('lists the fields of the sector the pages offer, to every role', async () => {
    const fields = await json(await app.fetch('/api/knowledge/fields', {}, 'inspector'));
    expect(fields).toContain('Viễn thông');
    expect(fields).toContain('Nghiệp vụ thanh tra');
    expect(new Set(fields).size).toBe(fields.length);
  });

  it('refuses a legal basis that does not exist, with the closest provisions as suggestions', async () => {
    const response = await post(app, '/api/lessons', { ...LESSON, title: 'Căn cứ sai', legalBasis: ['Khoản 9 Điều 250 Luật Thanh tra số 84/2025/QH15'] });
    expect(response.status).toBe(422);
    const body = await json(response);
    expect(body.error.code).toBe('LEGAL_BASIS_UNKNOWN');
    expect(body.error.unresolved[0].reference).toBe('Khoản 9 Điều 250 Luật Thanh tra số 84/2025/QH15');
    expect(body.error.unresolved[0].suggestions.length).toBeGreaterThan(0);
    expect(body.error.unresolved[0].suggestions[0]).toMatch(/Luật Thanh tra số 84\/2025\/QH15/u);
  });

  it('cites a lesson after the legal basis in chat, and retiring takes it out of search and chat', async () => {
    const created = await json(await post(app, '/api/lessons', { ...LESSON, title: 'Kiểm tra cửa hàng bán SIM đa năng kích hoạt sẵn dịch vụ', status: 'published' }));
    const asked = await json(await post(app, '/api/chat', { message: 'Cửa hàng mua bán SIM đa năng kích hoạt sẵn dịch vụ bị phạt bao nhiêu?' }, 'inspector'));
    const labels = asked.citations.map((c: { label: string }) => c.label);
    const lessonAt = labels.indexOf(created.label);
    expect(asked.citations[0].label).toMatch(/Nghị định số 174\/2026\/NĐ-CP$/u);
    expect(lessonAt).toBeGreaterThan(0);
    expect(asked.answer).toMatch(/Kinh nghiệm nghiệp vụ/u);
    expect((await post(app, `/api/lessons/${created.id}/retire`, {}, 'inspector')).status).toBe(403);
    expect((await post(app, `/api/lessons/${created.id}/retire`, {})).status).toBe(200);
    expect((await firstHitFor(app, created.title))?.label).not.toBe(created.label);
    const again = await json(await post(app, '/api/chat', { message: 'Cửa hàng mua bán SIM đa năng kích hoạt sẵn dịch vụ bị phạt bao nhiêu?' }, 'inspector'));
    expect(again.citations.map((c: { label: string }) => c.label)).not.toContain(created.label);
  });

  it('goes through review: the author cannot publish its own without asking to, a reviewer can', async () => {
    const draft = await json(await post(app, '/api/lessons', { ...LESSON, title: 'Bài học cần duyệt', status: 'review' }));
    expect(draft.status).toBe('review');
    const own = await post(app, `/api/lessons/${draft.id}/status`, { status: 'published' });
    expect(own.status).toBe(409);
    const reviewerToken = (await app.store.createUser('nguoi-duyet', 'trainer')).token;
    const reviewed = await fetch(`${app.url}/api/lessons/${draft.id}/status`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${reviewerToken}` }, body: JSON.stringify({ status: 'published' }) });
    expect(reviewed.status).toBe(200);
    expect(await json(reviewed)).toMatchObject({ status: 'published', reviewerName: 'nguoi-duyet' });
    const history = await json(await app.fetch(`/api/lessons/${draft.id}/history`));
    expect(history.map((h: { action: string }) => h.action)).toEqual(['create', 'status']);
  });

  it('serves a verified answer first, marked with who approved it; a changed provision stops it being served as verified', async () => {
    const question = 'Thanh tra tỉnh tiến hành cuộc thanh tra tối đa bao nhiêu ngày?';
    const draft = await json(await post(app, '/api/verified-answers', { question, answer: 'Không quá 45 ngày; trường hợp phức tạp được gia hạn một lần không quá 25 ngày.', legalBasis: ['Điểm b Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15'], status: 'review' }, 'legal'));
    expect((await post(app, `/api/verified-answers/${draft.id}/status`, { status: 'published' }, 'trainer')).status).toBe(200);
    const answer = await json(await post(app, '/api/chat', { message: question }, 'inspector'));
    expect(answer.verified).toMatchObject({ approvedBy: expect.stringMatching(/^trainer-/u) });
    expect(answer.short).toContain('Không quá 45 ngày');
    expect(answer.citations[0].label).toBe('Khoản 1 Điều 20 Luật Thanh tra số 84/2025/QH15');
    // The provision's text changes (a re-ingest of an amended text): the item is flagged and no longer served as verified.
    const item = await app.store.getItem(draft.id);
    if (!item) throw new Error('missing');
    await app.store.updateItem(item.id, { legalBasis: item.legalBasis.map((entry) => ({ ...entry, textHash: 'older-text' })) }, item.version, 'system');
    await app.service.serving.swapCorpus(knowledge);
    const stale = await json(await app.fetch('/api/knowledge/stale', {}, 'trainer'));
    expect(stale.map((s: { id: string }) => s.id)).toContain(draft.id);
    expect(stale.find((s: { id: string }) => s.id === draft.id).staleReason).toMatch(/đã thay đổi/u);
    const after = await json(await post(app, '/api/chat', { message: question }, 'inspector'));
    expect(after.verified).toBeUndefined();
  });

  it('imports a compendium in each format, reporting entries it could not read', async () => {
    const csv = ['năm,lĩnh vực,tiêu đề,tình huống,bài học,căn cứ', `2024,Bưu chính,Bưu gửi chứa hàng cấm,"Phát hiện bưu gửi chứa hàng cấm, không khai báo.",Kiểm tra quy trình chấp nhận bưu gửi.,Điều 15 Nghị định số 174/2026/NĐ-CP`, '2024,Bưu chính,Thiếu tình huống,,Bài học,Điều 15 Nghị định số 174/2026/NĐ-CP'].join('\n');
    const result = await json(await post(app, '/api/knowledge/import', { format: 'csv', content: csv }));
    expect(result.created).toBe(1);
    expect(result.problems).toHaveLength(1);
    const markdown = await (await app.fetch('/api/knowledge/export?year=2025&format=markdown')).text();
    expect(markdown).toContain(`## ${LESSON.title}`);
    const pdf = await app.fetch('/api/knowledge/export?year=2025&format=pdf');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

describe('a lesson survives a restart', () => {
  it('is still found after the service is started again on the same store', async () => {
    const dataDir = fs.mkdtempSync(path.join(directory, 'restart-'));
    const first = await startApp(knowledge, directory, { environment: { DATA_DIR: dataDir } });
    const lesson = await json(await post(first, '/api/lessons', { ...LESSON, title: 'Bài học còn sau khi khởi động lại', status: 'published' }));
    await first.close();
    const second = await startApp(knowledge, directory, { environment: { DATA_DIR: dataDir } });
    try {
      expect((await firstHitFor(second, lesson.title))?.label).toBe(lesson.label);
    } finally {
      await second.close();
    }
  });
});

describe('lessons on PostgreSQL, across two instances', () => {
  let admin: pg.Client;
  const schema = testSchemaName();
  beforeAll(async () => {
    admin = await connectTestDatabase();
    await createSchema(admin, schema);
  });
  afterAll(async () => {
    await dropSchema(admin, schema);
    await admin.end();
  });

  it('published on one instance, found on the other within 2 s; retired there, gone here', async () => {
    const url = urlWithSchema(schema);
    const storeA = await openStore({ databaseUrl: url, dataDir: directory });
    const storeB = await openStore({ databaseUrl: url, dataDir: directory });
    const a = await startApp(knowledge, directory, { store: storeA });
    const b = await startApp(knowledge, directory, { store: storeB });
    try {
      const lesson = await json(await post(a, '/api/lessons', { ...LESSON, title: 'Bài học dùng chung giữa hai máy chủ', status: 'published' }));
      const started = Date.now();
      let found: string | undefined;
      while (Date.now() - started < 2000) {
        found = (await firstHitFor(b, lesson.title))?.label;
        if (found === lesson.label) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(found).toBe(lesson.label);
      expect(Date.now() - started).toBeLessThan(2000);
      // The other instance's trainer retires it; the first instance follows.
      const trainerB = (await storeB.createUser('trainer-b', 'trainer')).token;
      expect((await fetch(`${b.url}/api/lessons/${lesson.id}/retire`, { method: 'POST', headers: { Authorization: `Bearer ${trainerB}` } })).status).toBe(200);
      const retiredAt = Date.now();
      while (Date.now() - retiredAt < 2000 && (await firstHitFor(a, lesson.title))?.label === lesson.label) await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await firstHitFor(a, lesson.title))?.label).not.toBe(lesson.label);
    } finally {
      await a.close();
      await b.close();
      await storeA.close();
      await storeB.close();
    }
  });
});

describe('live units', () => {
  it('cite a lesson by its own label, apart from law', () => {
    const unit = itemUnit({ id: 'x', kind: 'lesson', status: 'published', year: 2024, field: null, title: 'T', body: { situation: 's', lesson: 'l' }, legalBasis: [], author: 'a', reviewer: null, approvedAt: null, staleReason: null, staleAt: null, createdAt: '', updatedAt: '', version: 1 }, 0);
    expect(unit.documentTitle).toBe('Bài học 2024 — T');
    expect(unit.text).toBe('Tình huống: s\nBài học: l');
  });
});

describe('re-ingesting a changed provision', () => {
  const lawText = (clause: string): string =>
    ['QUỐC HỘI', 'Luật số: 01/2030/QH15', 'Hà Nội, ngày 01 tháng 01 năm 2030', 'LUẬT', 'KIỂM TRA THỬ NGHIỆM', '', 'Điều 1. Phạm vi điều chỉnh', 'Luật này quy định việc kiểm tra thử nghiệm.', '', 'Điều 2. Thời hạn kiểm tra', `1. ${clause}`, '2. Thời hạn kiểm tra có thể gia hạn một lần.', '', 'Điều 3. Hiệu lực thi hành', 'Luật này có hiệu lực thi hành kể từ ngày 01 tháng 01 năm 2030.'].join('\n');

  it('flags the lesson and the verified answer that cite it, and the verified answer is no longer served as verified', async () => {
    const { ingest } = await import('../src/knowledge/indexing.js');
    const { embedderForIngest } = await import('../src/knowledge/embedders/index.js');
    const sources = fs.mkdtempSync(path.join(directory, 'law-'));
    const file = path.join(sources, 'luat-thu-nghiem.txt');
    const indexDir = path.join(sources, 'index');
    const build = async () => (await ingest({ sources: [file], indexDir, embedderFor: embedderForIngest({ EMBEDDING_BATCH_SIZE: 8, indexDir }) })).knowledge;
    fs.writeFileSync(file, lawText('Thời hạn kiểm tra không quá 30 ngày.'));
    const first = await build();
    const app = await startApp(first, directory);
    try {
      const lesson = await json(await post(app, '/api/lessons', { year: 2030, field: 'Nghiệp vụ thanh tra', title: 'Theo dõi thời hạn kiểm tra', situation: 'Đoàn kiểm tra kéo dài quá hạn.', lesson: 'Lập lịch ngay khi có quyết định.', legalBasis: ['Khoản 1 Điều 2 Luật 01/2030/QH15'], status: 'published' }));
      const question = 'Thời hạn kiểm tra thử nghiệm tối đa bao nhiêu ngày?';
      const verified = await json(await post(app, '/api/verified-answers', { question, answer: 'Không quá 30 ngày, gia hạn được một lần.', legalBasis: ['Điều 2 Luật 01/2030/QH15'], status: 'review' }, 'legal'));
      await post(app, `/api/verified-answers/${verified.id}/status`, { status: 'published' });
      expect((await json(await post(app, '/api/chat', { message: question, asOf: '2030-06-01' }, 'inspector'))).verified).toBeDefined();
      // The law is amended on disk and ingested again; the service takes the new index.
      fs.writeFileSync(file, lawText('Thời hạn kiểm tra không quá 45 ngày.'));
      const second = await build();
      expect(second.manifest.buildId).not.toBe(first.manifest.buildId);
      await app.service.serving.swapCorpus(second);
      const stale = await json(await app.fetch('/api/knowledge/stale', {}, 'trainer'));
      expect(stale.map((s: { id: string }) => s.id).sort()).toEqual([lesson.id, verified.id].sort());
      for (const item of stale) expect(item.staleReason).toMatch(/Điều 2 Luật/u);
      expect((await json(await post(app, '/api/chat', { message: question, asOf: '2030-06-01' }, 'inspector'))).verified).toBeUndefined();
      // Re-approved on today's text, it is served as verified again.
      await post(app, `/api/verified-answers/${verified.id}/status`, { status: 'review' }, 'legal');
      expect((await post(app, `/api/verified-answers/${verified.id}/status`, { status: 'published' })).status).toBe(200);
      expect((await json(await post(app, '/api/chat', { message: question, asOf: '2030-06-01' }, 'inspector'))).verified).toBeDefined();
    } finally {
      await app.close();
    }
  });
});
