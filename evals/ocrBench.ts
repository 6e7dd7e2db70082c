/**
 * OCR benchmark (`npm run bench:ocr [-- --json] [--pages N] [--dpi 300] [--no-deskew] [--dump DIR]`).
 *
 * Two born-digital texts are made into scans and read back through the product's own loader:
 * - Luật Thanh tra 84/2025/QH15 (the PDF as published);
 * - Nghị định 217/2025/NĐ-CP (the DOCX, printed to PDF with LibreOffice headless).
 * Every page is rendered at 200 dpi (pdftoppm) and degraded as a scanner would leave it — turned by
 * 0.5–1.5° either way, blurred, a little grain, JPEG at quality 60 — then written into an image-only
 * PDF and loaded with loadFile like any upload. Reported per document: character error rate against
 * the born-digital text (diacritics counted, whitespace normalised; CER = edit distance / reference
 * length), before and after the vocabulary correction; the Điều count against the born-digital
 * ingest; pages per minute on this machine; mean OCR confidence and the pages listed for review;
 * the share of non-syllable tokens.
 *
 * The correction vocabulary is leave-one-out: built from the other clean texts of the shared corpus
 * (those whose non-syllable share is under 0.3%), never from the document being read.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { loadFile } from '../src/ingest/loaders/index.js';
import { imageOnlyPdf } from '../src/ingest/ocr/imagePdf.js';
import { parsePgm } from '../src/ingest/ocr/rasterize.js';
import { parseStructure } from '../src/legal/structure.js';
import { buildOcrVocabulary, correctOcrText, type OcrVocabulary } from '../src/text/ocrCorrection.js';
import { checkSyllables } from '../src/text/syllableCheck.js';

const run = promisify(execFile);
const VAN_BAN = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../shared/corpus/van-ban');

interface Options {
  json: boolean;
  pages: number | undefined;
  dpi: number;
  deskew: boolean;
  /** Folder to write each document's reference, OCR and corrected text into, for reading the errors. */
  dump: string | undefined;
}

function parseArguments(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const pages = value('--pages');
  return { json: argv.includes('--json'), pages: pages ? Number(pages) : undefined, dpi: Number(value('--dpi') ?? 300), deskew: !argv.includes('--no-deskew'), dump: value('--dump') };
}

/** A small deterministic generator, so that every run degrades the pages the same way. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Turned, blurred, grainy, JPEG-compressed: a 200-dpi scan of one page. */
export async function degrade(page: Buffer, random: () => number): Promise<{ image: Buffer; angle: number }> {
  const { pixels, width, height } = parsePgm(page);
  const grainy = Buffer.from(pixels);
  for (let index = 0; index < grainy.length; index++) grainy[index] = Math.max(0, Math.min(255, (grainy[index] ?? 255) + Math.round((random() - 0.5) * 40)));
  const angle = (random() < 0.5 ? -1 : 1) * (0.5 + random());
  const image = await sharp(grainy, { raw: { width, height, channels: 1 } })
    .rotate(angle, { background: '#ffffff' })
    .blur(0.6 + random() * 0.3)
    .jpeg({ quality: 60 })
    .toBuffer();
  return { image, angle };
}

async function renderPages(pdf: string, folder: string, limit: number | undefined): Promise<Buffer[]> {
  const prefix = path.join(folder, 'page');
  await run('pdftoppm', ['-r', '200', '-gray', ...(limit ? ['-l', String(limit)] : []), pdf, prefix]);
  return fs
    .readdirSync(folder)
    .filter((name) => name.startsWith('page') && name.endsWith('.pgm'))
    .sort()
    .map((name) => fs.readFileSync(path.join(folder, name)));
}

/** Levenshtein distance within a band around the diagonal, widened until the result is exact. */
export function editDistance(reference: string, hypothesis: string): number {
  const a = Array.from(reference);
  const b = Array.from(hypothesis);
  let band = Math.max(64, Math.abs(a.length - b.length) + 64);
  for (;;) {
    const distance = bandedDistance(a, b, band);
    if (distance <= band) return distance;
    band *= 2;
  }
}

function bandedDistance(a: readonly string[], b: readonly string[], band: number): number {
  const infinity = a.length + b.length + 1;
  let previous = new Int32Array(b.length + 1).fill(infinity);
  let current = new Int32Array(b.length + 1).fill(infinity);
  for (let j = 0; j <= Math.min(b.length, band); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const low = Math.max(1, i - band);
    const high = Math.min(b.length, i + band);
    current.fill(infinity, Math.max(0, low - 1), Math.min(b.length, high + 1) + 1);
    current[0] = i <= band ? i : infinity;
    for (let j = low; j <= high; j++) {
      const substitution = (previous[j - 1] ?? infinity) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] ?? infinity) + 1, (current[j - 1] ?? infinity) + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? infinity;
}

const normalise = (text: string): string => text.normalize('NFC').replace(/\s+/gu, ' ').trim();

function cer(reference: string, hypothesis: string): number {
  const left = normalise(reference);
  return editDistance(left, normalise(hypothesis)) / Math.max(1, Array.from(left).length);
}

export async function cleanTexts(except: string): Promise<string[]> {
  const texts: string[] = [];
  for (const name of fs.readdirSync(VAN_BAN).sort()) {
    if (name === except || !/\.(?:txt|md|docx|pdf)$/u.test(name)) continue;
    const file = path.join(VAN_BAN, name);
    const [document] = await loadFile(fs.readFileSync(file), file);
    if (document && checkSyllables(document.text).share < 0.003) texts.push(document.text);
  }
  return texts;
}

interface DocumentResult {
  document: string;
  pages: number;
  cerRaw: number;
  cerCorrected: number;
  corrections: number;
  articlesBornDigital: number;
  articlesOcr: number;
  articlesOcrCorrected: number;
  clausesBornDigital: number;
  clausesOcrCorrected: number;
  pagesPerMinute: number;
  ocrSeconds: number;
  meanConfidence: number;
  lowConfidencePages: number[];
  nonSyllableShareRaw: number;
  nonSyllableShareCorrected: number;
}

async function benchDocument(label: string, bornDigitalPdf: string, vocabularySource: string, options: Options, folder: string): Promise<DocumentResult> {
  const [reference] = await loadFile(fs.readFileSync(bornDigitalPdf), bornDigitalPdf);
  if (!reference) throw new Error(`no text in ${bornDigitalPdf}`);
  const random = seededRandom(84_2025 + label.length);
  const rendered = await renderPages(bornDigitalPdf, folder, options.pages);
  const scans: Array<{ image: Buffer; dpi: number }> = [];
  for (const page of rendered) scans.push({ image: (await degrade(page, random)).image, dpi: 200 });
  const scannedPdf = await imageOnlyPdf(scans, 60);
  const vocabulary: OcrVocabulary = buildOcrVocabulary(await cleanTexts(vocabularySource));

  const started = process.hrtime.bigint();
  const [recognised] = await loadFile(scannedPdf, `${label}.scan.pdf`, {
    dpi: options.dpi,
    deskew: options.deskew,
    onProgress: (event) => {
      if (!options.json) process.stderr.write(`\r${label}: OCR ${event.page}/${event.pages}`);
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (!options.json) process.stderr.write('\n');
  if (!recognised?.ocr) throw new Error('the scan was not recognised');
  const corrected = correctOcrText(recognised.text, vocabulary);
  // With --pages the reference is cut to the same share of the text, roughly.
  const referenceText = options.pages ? reference.text.slice(0, Math.round((reference.text.length * scans.length) / Math.max(scans.length, (await pdfPageCount(bornDigitalPdf))))) : reference.text;
  if (options.dump) {
    fs.mkdirSync(options.dump, { recursive: true });
    const stem = path.join(options.dump, label.replace(/[^\p{L}\d]+/gu, '-'));
    fs.writeFileSync(`${stem}.reference.txt`, referenceText);
    fs.writeFileSync(`${stem}.ocr.txt`, recognised.text);
    fs.writeFileSync(`${stem}.corrected.txt`, corrected.text);
    fs.writeFileSync(`${stem}.corrections.json`, JSON.stringify(corrected.corrections, null, 1));
  }
  return {
    document: label,
    pages: scans.length,
    cerRaw: cer(referenceText, recognised.text),
    cerCorrected: cer(referenceText, corrected.text),
    corrections: corrected.corrections.length,
    articlesBornDigital: parseStructure(referenceText).articles.length,
    articlesOcr: parseStructure(recognised.text).articles.length,
    articlesOcrCorrected: parseStructure(corrected.text).articles.length,
    clausesBornDigital: clauseCount(referenceText),
    clausesOcrCorrected: clauseCount(corrected.text),
    pagesPerMinute: (scans.length / seconds) * 60,
    ocrSeconds: seconds,
    meanConfidence: recognised.ocr.meanConfidence,
    lowConfidencePages: recognised.ocr.lowConfidencePages,
    nonSyllableShareRaw: checkSyllables(recognised.text).share,
    nonSyllableShareCorrected: checkSyllables(corrected.text).share,
  };
}

function clauseCount(text: string): number {
  return parseStructure(text).articles.reduce((sum, article) => sum + article.clauses.length, 0);
}

async function pdfPageCount(pdf: string): Promise<number> {
  const { stdout } = await run('pdfinfo', [pdf]);
  return Number(/^Pages:\s+(\d+)/mu.exec(stdout)?.[1] ?? 1);
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ocr-bench-'));
  try {
    const law = 'luat-thanh-tra-84-2025-qh15.pdf';
    const decree = 'nghi-dinh-217-2025-nd-cp-kiem-tra-chuyen-nganh.docx';
    const printed = path.join(folder, 'printed');
    fs.mkdirSync(printed);
    await run('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${path.join(folder, 'lo-profile')}`, '--convert-to', 'pdf', '--outdir', printed, path.join(VAN_BAN, decree)], { timeout: 180_000 });
    const decreePdf = path.join(printed, decree.replace(/\.docx$/u, '.pdf'));
    const results: DocumentResult[] = [];
    for (const [label, pdf, source] of [
      ['84/2025/QH15 (PDF)', path.join(VAN_BAN, law), law],
      ['217/2025/NĐ-CP (DOCX → PDF)', decreePdf, decree],
    ] as const) {
      const pageFolder = fs.mkdtempSync(path.join(folder, 'pages-'));
      results.push(await benchDocument(label, pdf, source, options, pageFolder));
    }
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os.loadavg()[0]?.toFixed(2) ?? '?'}`;
    const summary = { machine, dpi: options.dpi, deskew: options.deskew, results };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    const percent = (value: number): string => `${(value * 100).toFixed(2)}%`;
    console.log(`OCR benchmark — ${machine}; rendering ${options.dpi} dpi, deskew ${options.deskew ? 'on' : 'off'}`);
    for (const result of results) {
      console.log(`\n${result.document}: ${result.pages} pages`);
      console.log(`  CER raw ${percent(result.cerRaw)}, after vocabulary correction ${percent(result.cerCorrected)} (${result.corrections} tokens changed)`);
      console.log(`  Điều: born-digital ${result.articlesBornDigital}, OCR ${result.articlesOcr}, OCR corrected ${result.articlesOcrCorrected}; Khoản: born-digital ${result.clausesBornDigital}, OCR corrected ${result.clausesOcrCorrected}`);
      console.log(`  speed ${result.pagesPerMinute.toFixed(1)} pages/min (${result.ocrSeconds.toFixed(1)} s), mean confidence ${result.meanConfidence}, pages to review: ${result.lowConfidencePages.join(', ') || 'none'}`);
      console.log(`  non-syllable tokens: raw ${percent(result.nonSyllableShareRaw)}, corrected ${percent(result.nonSyllableShareCorrected)}`);
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
