/**
 * Tesseract (Debian packages tesseract-ocr + tesseract-ocr-vie) run as a child process: the page
 * image goes in on standard input, the words come back as TSV with their boxes, line structure and
 * confidences. One process per page with OpenMP limited to one thread: on two cores, two such
 * processes side by side read four pages in about 3 s where one process using both threads took 29 s.
 */
import { LoadError } from '../../errors.js';
import { CommandMissingError, runCommand } from './process.js';
import type { OcrEngine, OcrLine } from './types.js';

export interface TesseractOptions {
  /** The executable (default "tesseract" on the PATH). */
  binary?: string;
  /** Tesseract languages (default "vie"). */
  languages?: string;
  /** Page segmentation mode (default 3: automatic layout, no orientation detection). */
  pageSegmentation?: number;
  /** A tessdata folder other than the installed one. */
  tessdataDir?: string;
}

/** What to install, named in every "OCR unavailable" error. */
export const TESSERACT_PACKAGES = 'tesseract-ocr tesseract-ocr-vie';

interface Probe {
  version: string;
  languages: string[];
}

export function createTesseractEngine(options: TesseractOptions = {}): OcrEngine {
  const binary = options.binary ?? 'tesseract';
  const languages = options.languages ?? 'vie';
  const pageSegmentation = options.pageSegmentation ?? 3;
  const dataArgs = options.tessdataDir ? ['--tessdata-dir', options.tessdataDir] : [];
  let probe: Promise<Probe | undefined> | undefined;

  const probeOnce = (): Promise<Probe | undefined> => {
    probe ??= (async () => {
      try {
        const version = await runCommand(binary, ['--version']);
        const listed = await runCommand(binary, [...dataArgs, '--list-langs']);
        const first = `${version.stdout.toString('utf8')}${version.stderr}`.split('\n')[0]?.trim() ?? binary;
        const languagesListed = `${listed.stdout.toString('utf8')}\n${listed.stderr}`
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => /^[a-z_]+$/u.test(line));
        return { version: first, languages: languagesListed };
      } catch (error) {
        if (error instanceof CommandMissingError) return undefined;
        throw error;
      }
    })();
    return probe;
  };

  return {
    async describe() {
      const found = await probeOnce();
      return found ? `${found.version} (${languages})` : `${binary} (không có)`;
    },
    async ensureAvailable(file) {
      const found = await probeOnce();
      if (!found) throw new LoadError('OCR_UNAVAILABLE', file, `không tìm thấy chương trình "${binary}"; cài gói Debian: apt-get install ${TESSERACT_PACKAGES}`);
      const missing = languages.split('+').filter((language) => !found.languages.includes(language));
      if (missing.length > 0) {
        throw new LoadError('OCR_UNAVAILABLE', file, `Tesseract thiếu dữ liệu ngôn ngữ ${missing.join(', ')}; cài gói Debian: apt-get install ${missing.map((language) => `tesseract-ocr-${language}`).join(' ')}`);
      }
    },
    async recognize(image, dpi) {
      const args = [...dataArgs, 'stdin', 'stdout', '-l', languages, '--psm', String(pageSegmentation), '--dpi', String(Math.round(dpi)), 'tsv'];
      const output = await runCommand(binary, args, image, { ...process.env, OMP_THREAD_LIMIT: '1' });
      if (output.code !== 0) throw new Error(`tesseract exited with ${String(output.code)}: ${output.stderr.trim().slice(0, 300)}`);
      return parseTesseractTsv(output.stdout.toString('utf8'));
    },
  };
}

/** Tesseract's TSV (level, page, block, paragraph, line, word, box, confidence, text) → lines of words. */
export function parseTesseractTsv(tsv: string): OcrLine[] {
  const lines: OcrLine[] = [];
  const byKey = new Map<string, OcrLine>();
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells.length < 12 || cells[0] !== '5') continue;
    const [, , block = '0', paragraph = '0', line = '0', , left = '0', top = '0', width = '0', height = '0', confidence = '0', ...rest] = cells;
    const text = rest.join('\t').trim();
    if (text === '') continue;
    const key = `${block}/${paragraph}/${line}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { block: Number(block), paragraph: Number(paragraph), words: [] };
      byKey.set(key, entry);
      lines.push(entry);
    }
    entry.words.push({ text, confidence: Number(confidence), left: Number(left), top: Number(top), width: Number(width), height: Number(height) });
  }
  return lines;
}
