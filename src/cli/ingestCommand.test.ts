/** `npm run ingest` as a user runs it: the real command line in a child process, its summary and exit status. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lawText, randomBytes } from '../ingest/fixtures/files.js';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-cli-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
/** tsx's loader by absolute URL: the child runs in a temporary folder, where "tsx" would not resolve. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--import', TSX, MAIN, 'ingest', ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, KB_INDEX_DIR: path.join(work, 'embeddings'), KB_SOURCES: path.join(work, 'corpus') },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run ingest', () => {
  it('exits 0 when every file was read, 2 when some were skipped (named), 1 when it failed; --help says so', () => {
    fs.mkdirSync(path.join(work, 'corpus'));
    fs.writeFileSync(path.join(work, 'corpus', 'a.txt'), lawText('1/2030/QH16', ['Điều 1. Phạm vi', 'Luật này quy định về viễn thông.']));
    const fresh = run([]);
    expect(fresh.status, fresh.stderr).toBe(0);
    expect(fresh.stdout).toMatch(/Nguồn trong chỉ mục: corpus/u);

    fs.mkdirSync(path.join(work, 'them'));
    fs.writeFileSync(path.join(work, 'them', 'b.txt'), lawText('2/2030/QH16', ['Điều 1. Phạm vi', 'Luật này quy định về bưu chính.']));
    fs.writeFileSync(path.join(work, 'them', 'hong.docx'), randomBytes(2048));
    const added = run(['them']);
    expect(added.status, added.stderr).toBe(2);
    expect(added.stdout).toMatch(/- them\/hong\.docx: Tệp DOCX bị hỏng.* \[DOCX_CORRUPT\]/u);
    expect(added.stdout).toMatch(/Nguồn trong chỉ mục: corpus, them/u);
    expect(added.stdout).toMatch(/đơn vị trích dẫn \(trước: 1, \+1\)/u);

    const missing = run(['khong-co']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/Không tìm thấy thư mục hoặc tệp nguồn: khong-co \[SOURCE_NOT_FOUND\]/u);

    const removed = run(['--remove', 'them']);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/Đã gỡ khỏi chỉ mục 2 tệp/u);

    const help = run(['--help']);
    expect(help.stdout).toMatch(/Mã thoát:\n\s+0 .*\n\s+2 .*bỏ qua.*\n\s+1 /u);
    expect(help.stdout).toContain('--remove <path>');
  });
});
