import fs from 'node:fs';
import { loadFile } from './src/ingest/loaders/index.js';
import { parseStructure } from './src/legal/structure.js';
const f = process.argv[2]!;
const [d] = await loadFile(fs.readFileSync(f), f);
if (process.argv[3] === 'head') { console.log(d!.text.slice(0, 1500)); process.exit(0); }
const s = parseStructure(d!.text);
for (const l of d!.text.split('\n')) if (/^(Điều|ĐIỀU)\s+\d+[a-zđ]?\s*[.:]/u.test(l)) { const n = /\d+[a-zđ]?/u.exec(l)![0]; if (!s.articles.some(a => d!.text.slice(a.start, a.headingEnd) === l)) console.log('OOS:', l.slice(0, 90)); }
for (const a of s.appendices) console.log('APP:', a.title.slice(0, 80));
console.log(s.articles.map(a => a.number).join(' '));
