/**
 * Documents added from the web, through the real service on a real (small) index on disk: a text law
 * and a scanned page become searchable without a restart while every other unit stays as it was; a
 * file too large, of no usable type, or of a type its name denies is refused and leaves nothing
 * behind; a file the ingest cannot use fails with its reason and the index is untouched; only admins
 * may upload; a hostile name stays inside the uploads folder.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuildId } from '../src/knowledge/openIndex.js';
import { circularLines, scannedPage, startUploadApp, type UploadApp } from './uploadApp.js';

let app: UploadApp;

beforeAll(async () => {
  app = await startUploadApp({ UPLOAD_MAX_MB: '0.25' });
});
afterAll(async () => {
  await app?.close();
});

const uploadsDir = (): string => path.join(app.config.dataDir, 'uploads');
const unitTexts = (): Map<string, string> => new Map(app.service.serving.current.corpus.units.map((unit) => [unit.id, unit.text]));

async function search(query: string): Promise<Array<{ ref: { document: string }; label: string; text: string }>> {
  return (await (await app.fetch(`/api/search?q=${encodeURIComponent(query)}&k=5`, {}, 'inspector')).json()) as Array<{ ref: { document: string }; label: string; text: string }>;
}

/** The index as served and as on disk, to show a refusal changed neither. */
function indexState(): { served: string; onDisk: string | undefined; folders: string[] } {
  return { served: app.service.serving.current.corpus.manifest.buildId, onDisk: readBuildId(app.config.indexDir), folders: fs.existsSync(uploadsDir()) ? fs.readdirSync(uploadsDir()) : [] };
}

describe('uploading documents from the web', () => {
  it('adds a text law, queued behind another upload, searchable at once; every other unit unchanged; a hostile name stays in the uploads folder', async () => {
    const before = unitTexts();
    const buildBefore = app.service.serving.current.corpus.manifest.buildId;
    const first = await app.upload(Buffer.from(circularLines('41/2026/TT-BTTTT', 'thử nghiệm').join('\n')), 'thông tư 41.txt');
    const second = await app.upload(Buffer.from(circularLines('43/2026/TT-BTTTT', 'vệ tinh').join('\n')), '../../etc/passwd.txt');
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    const firstBody = (await first.json()) as { id: string };
    const secondBody = (await second.json()) as { id: string; position: number };
    expect(secondBody.position).toBe(1);

    const firstEvents = await app.events(firstBody.id);
    const stages = firstEvents.filter((e) => e.event === 'stage').map((e) => e.data['stage']);
    expect(stages).toEqual(expect.arrayContaining(['checking', 'parsing', 'indexing', 'done']));
    expect(firstEvents.at(-1)?.event).toBe('done');
    expect(firstEvents.at(-1)?.data).toMatchObject({ documents: [{ number: '41/2026/TT-BTTTT', units: 3 }] });

    const secondEvents = await app.events(secondBody.id);
    expect(secondEvents.find((e) => e.data['stage'] === 'queued')?.data).toMatchObject({ position: 1, message: 'Đang chờ: còn 1 tệp nạp trước' });
    expect(secondEvents.at(-1)).toMatchObject({ event: 'done', data: { documents: [{ number: '43/2026/TT-BTTTT', units: 3 }] } });

    // Searchable now, without a restart, from the index on disk swapped in.
    expect((await search('trạm phát sóng thử nghiệm được kiểm tra bao lâu'))[0]?.ref.document).toBe('41/2026/TT-BTTTT');
    expect((await search('trạm phát sóng vệ tinh'))[0]?.ref.document).toBe('43/2026/TT-BTTTT');
    const after = unitTexts();
    expect(after.size).toBe(before.size + 6);
    for (const [id, text] of before) expect(after.get(id)).toBe(text);
    expect(app.service.serving.current.corpus.manifest.buildId).not.toBe(buildBefore);
    expect(readBuildId(app.config.indexDir)).toBe(app.service.serving.current.corpus.manifest.buildId);

    // The hostile name became a plain file name in the upload's own folder; nothing was written above it.
    const status = (await (await app.fetch(`/api/documents/uploads/${secondBody.id}`)).json()) as { state: string; source: string; fileName: string };
    expect(status).toMatchObject({ state: 'done', fileName: '../../etc/passwd.txt' });
    expect(path.resolve(status.source)).toBe(path.join(uploadsDir(), secondBody.id, 'passwd.txt'));
    expect(fs.readdirSync(app.config.dataDir).sort()).toEqual(expect.not.arrayContaining(['etc']));
    expect(fs.existsSync(path.join(app.directory, 'etc'))).toBe(false);
    expect(fs.readdirSync(path.join(uploadsDir(), secondBody.id))).toEqual(['passwd.txt']);
  });

  it('reads a scanned page by OCR, with the manifest fields given in the form, and makes it searchable', async () => {
    const scan = await scannedPage(circularLines('42/2026/TT-BTTTT', 'lưu động'));
    const response = await app.upload(scan, 'ban-quet.png', { number: '42/2026/tt-btttt', effective: '2026-09-01', replaces: ['12/2019/TT-BTTTT'] });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    const events = await app.events(id);
    expect(events.find((e) => e.data['stage'] === 'checking')?.data['message']).toContain('ảnh PNG');
    expect(events.find((e) => e.data['stage'] === 'ocr')?.data).toMatchObject({ page: 1, pages: 1, message: 'Nhận dạng chữ (OCR): trang 1/1' });
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { documents: [{ number: '42/2026/TT-BTTTT', units: 3 }] } });

    const hits = await search('trạm phát sóng lưu động được kiểm tra ít nhất sáu tháng một lần');
    expect(hits[0]?.ref.document).toBe('42/2026/TT-BTTTT');
    expect(hits[0]?.text).toContain('sáu tháng một lần');
    const document = (await (await app.fetch(`/api/documents/${encodeURIComponent('42/2026/TT-BTTTT')}`, {}, 'legal')).json()) as { effective: string; relations: { replaces: Array<{ number: string }> } };
    expect(document.effective).toBe('2026-09-01');
    expect(document.relations.replaces.map((relation) => relation.number)).toEqual(['12/2019/TT-BTTTT']);
    const manifest = JSON.parse(fs.readFileSync(path.join(uploadsDir(), id, 'manifest.json'), 'utf8')) as unknown;
    expect(manifest).toEqual({ documents: [{ number: '42/2026/TT-BTTTT', effective: '2026-09-01', replaces: ['12/2019/TT-BTTTT'], file: 'ban-quet.png' }] });
  });

  it('refuses a file over UPLOAD_MAX_MB with 413, whether its size is declared or only found while it streams, keeping nothing', async () => {
    const before = indexState();
    const declared = await app.upload(Buffer.alloc(400 * 1024, 0x41), 'lon.txt');
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'UPLOAD_TOO_LARGE', message: expect.stringContaining('tối đa 256 KB') });
    // No Content-Length: 12.5 MB in chunks, refused past the limit; the rest is read and dropped, never stored.
    const chunk = Buffer.alloc(64 * 1024, 0x42);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 200) controller.close();
        else {
          sent++;
          controller.enqueue(new Uint8Array(chunk));
        }
      },
    });
    const streamed = await app.fetch('/api/documents/uploads', { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': 'dai.txt' }, body, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(((await streamed.json()) as { error: { code: string } }).error.code).toBe('UPLOAD_TOO_LARGE');
    expect(indexState()).toEqual(before);
  });

  it('decides the type from the content: random bytes named .pdf and a text named .pdf are refused with 415 and a Vietnamese reason', async () => {
    const before = indexState();
    const random = await app.upload(crypto.randomBytes(5000), 'nghi-dinh.pdf');
    expect(random.status).toBe(415);
    expect(((await random.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'UPLOAD_TYPE_UNKNOWN',
      message: expect.stringMatching(/^Không nhận ra loại tệp từ nội dung.*: nội dung không phải PDF, DOCX, ảnh quét/u),
    });
    const disguised = await app.upload(Buffer.from(circularLines('44/2026/TT-BTTTT', 'cố định').join('\n')), 'thong-tu.pdf');
    expect(disguised.status).toBe(415);
    expect(((await disguised.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'UPLOAD_TYPE_MISMATCH', message: expect.stringContaining('tên tệp có đuôi ".pdf" nhưng nội dung là văn bản thuần') });
    expect(indexState()).toEqual(before);
  });

  it('fails an upload the ingest cannot use with its reason, and leaves the index and the uploads folder as they were', async () => {
    const before = indexState();
    const letter = 'BỘ THÔNG TIN VÀ TRUYỀN THÔNG\nSố: 4074/BTTTT-TTra\nV/v góp ý dự thảo\nKính gửi các đơn vị thuộc Bộ. Đề nghị các đơn vị góp ý dự thảo trước ngày 15 tháng 7.\n';
    const noArticles = await app.upload(Buffer.from(letter), 'cong-van.md');
    const { id } = (await noArticles.json()) as { id: string };
    const events = await app.events(id);
    expect(events.at(-1)).toMatchObject({ event: 'failed', data: { code: 'UPLOAD_NO_UNITS', message: expect.stringMatching(/^Không tìm thấy điều, khoản nào/u) } });
    expect(events.filter((e) => e.event === 'stage').at(-1)?.data['stage']).toBe('failed');
    const again = await app.upload(Buffer.from(circularLines('41/2026/TT-BTTTT', 'thử nghiệm').join('\n')), 'ban-sao.txt');
    const duplicate = await app.events(((await again.json()) as { id: string }).id);
    expect(duplicate.at(-1)).toMatchObject({ event: 'failed', data: { code: 'UPLOAD_DUPLICATE', message: expect.stringContaining('số hiệu 41/2026/TT-BTTTT đã được nạp từ tệp') } });
    expect(indexState()).toEqual(before);
    expect(((await (await app.fetch(`/api/documents/uploads/${id}`)).json()) as { state: string }).state).toBe('failed');
  });

  it('is for admins only, and checks the form fields', async () => {
    const text = Buffer.from(circularLines('45/2026/TT-BTTTT', 'di động').join('\n'));
    expect((await app.upload(text, 'a.txt', undefined, 'legal')).status).toBe(403);
    expect((await app.upload(text, 'a.txt', undefined, 'inspector')).status).toBe(403);
    expect((await app.upload(text, 'a.txt', undefined, null)).status).toBe(401);
    expect((await app.fetch('/api/documents/uploads/queue', {}, 'trainer')).status).toBe(403);
    const noNumber = await app.upload(text, 'a.txt', { replaces: ['15/2020/NĐ-CP'] });
    expect(noNumber.status).toBe(400);
    expect(((await noNumber.json()) as { error: { message: string } }).error.message).toContain('cần số hiệu của văn bản tải lên');
    const badDate = await app.upload(text, 'a.txt', { number: '45/2026/TT-BTTTT', effective: '2026-02-30' });
    expect(badDate.status).toBe(400);
    const queue = (await (await app.fetch('/api/documents/uploads/queue')).json()) as { maxBytes: number; uploads: unknown[] };
    expect(queue.maxBytes).toBe(Math.floor(0.25 * 1024 * 1024));
    expect((await app.fetch('/api/documents/uploads/20260101-000000-abcdef')).status).toBe(404);
  });
});
