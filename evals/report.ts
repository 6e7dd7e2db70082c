/** The `--all` report: a Markdown table and an SVG chart of recall@k, product against baseline. */
import fs from 'node:fs';
import path from 'node:path';
import type { MetricSet } from './metrics.js';
import type { EvalDetails } from './runEval.js';

const KEYS = ['recall@1', 'recall@5', 'recall@10', 'mrr@10', 'ndcg@10'] as const;

function row(name: string, metrics: MetricSet): string {
  return `| ${name} | ${KEYS.map((key) => metrics[key].toFixed(3)).join(' | ')} |`;
}

export function chartSvg(results: ReadonlyArray<{ set: string; details: EvalDetails }>): string {
  const width = 220;
  const height = 180;
  const panels = results.map(({ set, details }, index) => {
    const x0 = index * (width + 20) + 40;
    const ks = [1, 5, 10];
    const point = (value: number, i: number): string => `${x0 + 20 + i * 80},${20 + (1 - value) * (height - 50)}`;
    const line = (metrics: MetricSet, colour: string, dash: string): string =>
      `<polyline fill="none" stroke="${colour}" stroke-width="2" ${dash} points="${ks.map((k, i) => point(metrics[`recall@${k}` as 'recall@1'], i)).join(' ')}"/>`;
    return [
      `<text x="${x0 + 60}" y="14" font-size="12">${set}</text>`,
      `<rect x="${x0}" y="20" width="${width - 20}" height="${height - 50}" fill="none" stroke="#ccc"/>`,
      ...ks.map((k, i) => `<text x="${x0 + 14 + i * 80}" y="${height - 14}" font-size="10">@${k}</text>`),
      line(details.modes.hybrid, '#c0392b', ''),
      line(details.modes.baseline, '#2c3e50', 'stroke-dasharray="4 3"'),
    ].join('\n');
  });
  const total = results.length * (width + 20) + 60;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${total}" height="${height + 20}" font-family="sans-serif">
<text x="4" y="${height / 2}" font-size="10" transform="rotate(-90 10,${height / 2})">recall</text>
${panels.join('\n')}
<text x="40" y="${height + 14}" font-size="11"><tspan fill="#c0392b">━ sản phẩm (hybrid)</tspan>  <tspan fill="#2c3e50">╌ BM25 cơ sở</tspan></text>
</svg>`;
}

export function writeReport(directory: string, results: ReadonlyArray<{ set: string; details: EvalDetails }>): string {
  fs.mkdirSync(directory, { recursive: true });
  const date = new Date().toISOString().slice(0, 10);
  const chart = `${date}.svg`;
  fs.writeFileSync(path.join(directory, chart), chartSvg(results));
  const lines = [`# Đánh giá truy hồi — ${date}`, '', `Lệnh: \`npm run eval -- --all\``, '', `![recall@k](${chart})`, ''];
  for (const { set, details } of results) {
    lines.push(`## ${set} (${details.report.questions} câu hỏi, ${details.report.seconds}s)`, '', `| chế độ | ${KEYS.join(' | ')} |`, `|---|${KEYS.map(() => '---').join('|')}|`);
    lines.push(row('sản phẩm (hybrid)', details.modes.hybrid), row('chỉ từ khoá', details.modes.lexical), row('chỉ véc-tơ', details.modes.vector), row('sản phẩm, hỏi không dấu', details.modes.folded), row('BM25 cơ sở', details.modes.baseline), '');
  }
  const file = path.join(directory, `${date}.md`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}
