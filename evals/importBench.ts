/**
 * `npm run bench:import`: how long importing a year's compendium of 200 lessons takes through the
 * service (POST /api/knowledge/import, Markdown, published at once): every reference resolved against
 * the index, every lesson stored with its history, and all of them live in search at the end.
 * Runs the real service on the main index (embeddings/) with a fresh SQLite store.
 */
import { embedderForIndex } from '../src/knowledge/embedders/index.js';
import { openIndex } from '../src/knowledge/openIndex.js';
import { loadConfig } from '../src/config.js';
import { unitLabel } from '../src/legal/units.js';
import { startLocalService } from './localService.js';

const LESSONS = 200;

const config = loadConfig();
const corpus = await openIndex(config.indexDir, embedderForIndex(config));
// Real provisions of the texts to cite: Khoản of the decrees and laws the sector uses most.
const references = corpus.units.filter((u) => u.kind === 'clause' && /^(?:174\/2026|84\/2025|217\/2025|61\/2026)/u.test(u.ref.document)).map((u) => unitLabel(u));
const fields = ['Bưu chính', 'Viễn thông', 'Tần số vô tuyến điện', 'Công nghệ thông tin và an toàn thông tin', 'Nghiệp vụ thanh tra'];
const markdown = [
  '# Bài học kinh nghiệm năm 2025 (bộ đo tốc độ nhập)',
  ...Array.from({ length: LESSONS }, (_, i) => [
    `## Bài học đo tốc độ số ${i + 1}: kiểm tra ${fields[i % fields.length]?.toLowerCase()} tại địa bàn ${i + 1}`,
    '',
    `**Năm:** 2025 · **Lĩnh vực:** ${fields[i % fields.length]} · **Đơn vị:** Thanh tra tỉnh (mẫu đo) · **Mẫu:** có`,
    '',
    `**Tình huống:** Đoàn kiểm tra số ${i + 1} phát hiện hồ sơ không đầy đủ và số liệu báo cáo không khớp với sổ sách.`,
    '',
    '**Bài học:** Đối chiếu số liệu trước khi lập biên bản; ghi rõ căn cứ xử phạt.',
    '',
    `**Căn cứ:** ${references[(i * 7) % references.length]}; ${references[(i * 13 + 5) % references.length]}`,
    '',
  ].join('\n')),
].join('\n');

const local = await startLocalService(corpus);
try {
  const started = performance.now();
  const response = await fetch(`${local.url}/api/knowledge/import`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${local.trainerToken}` },
    body: JSON.stringify({ format: 'markdown', content: markdown, status: 'published' }),
  });
  const result = (await response.json()) as { created: number; problems: unknown[] };
  const seconds = (performance.now() - started) / 1000;
  const search = await fetch(`${local.url}/api/search?q=${encodeURIComponent('Bài học đo tốc độ số 137')}&k=1`, { headers: { Authorization: `Bearer ${local.token}` } });
  const [first] = (await search.json()) as Array<{ label: string }>;
  const report = { lessons: LESSONS, created: result.created, problems: result.problems.length, seconds: Number(seconds.toFixed(2)), lessonsPerSecond: Number((result.created / seconds).toFixed(1)), searchFindsOne: first?.label ?? null, bar: 'under 30 s' };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  await local.close();
}
