/**
 * The contract every format loader passes, through `loadFile` as the ingest calls it: the same small
 * law, written in the loader's format, comes back as NFC text in which the structure parser finds the
 * same Điều, Khoản and Điểm; the format and the file are recorded; a file with nothing in it is
 * refused with FILE_EMPTY. Each format's test calls `runLoaderContract` with a writer of its files.
 */
import { describe, expect, it } from 'vitest';
import { LoadError } from '../../errors.js';
import { parseStructure } from '../../legal/structure.js';
import { lawText } from '../fixtures/files.js';
import type { SourceFormat } from '../types.js';
import { loadFile } from './index.js';

/** The small law every format carries: two Điều, two Khoản each, two Điểm in Khoản 2 of Điều 1. */
export const CONTRACT_LAW_LINES: readonly string[] = lawText('99/2030/QH16', [
  'Điều 1. Phạm vi điều chỉnh',
  '1. Luật này quy định về thanh tra chuyên ngành thông tin và truyền thông.',
  '2. Luật này áp dụng đối với cơ quan, tổ chức sau đây:',
  'a) Cơ quan quản lý nhà nước về bưu chính, viễn thông;',
  'b) Doanh nghiệp cung cấp dịch vụ viễn thông.',
  'Điều 2. Thời hạn thanh tra',
  '1. Thời hạn thanh tra không quá 45 ngày.',
  '2. Trường hợp phức tạp, người ra quyết định được gia hạn một lần.',
]).split('\n');

export interface LoaderContractOptions {
  /** File extension, with its dot (".docx"). */
  extension: string;
  /** What the loader records as the document's format. */
  format: SourceFormat;
  /** A file of this format holding these lines, one paragraph each. */
  write(lines: readonly string[]): Buffer | Promise<Buffer>;
  /** A file of this format that holds no text; omitted where reading it costs seconds (a PDF page without text goes to OCR). */
  emptyDocument?: () => Buffer | Promise<Buffer>;
}

async function loadFailure(bytes: Buffer, file: string): Promise<LoadError> {
  const failure = await loadFile(bytes, file).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (failure instanceof LoadError) return failure;
  throw new Error(`${file}: expected a LoadError, got ${String(failure)}`);
}

export function runLoaderContract(options: LoaderContractOptions): void {
  const file = `luat-thu-nghiem${options.extension}`;

  describe(`loader contract: ${options.format} (${options.extension})`, () => {
    it('records one document with its file and its format', async () => {
      const documents = await loadFile(await options.write(CONTRACT_LAW_LINES), file);
      expect(documents).toHaveLength(1);
      expect(documents[0]?.file).toBe(file);
      expect(documents[0]?.format).toBe(options.format);
    });

    it('gives NFC text in which the structure parser finds the same Điều, Khoản and Điểm', async () => {
      const [document] = await loadFile(await options.write(CONTRACT_LAW_LINES), file);
      const text = document?.text ?? '';
      expect(text).toBe(text.normalize('NFC'));
      const { articles } = parseStructure(text);
      expect(articles.map((article) => [article.number, article.title])).toEqual([
        ['1', 'Phạm vi điều chỉnh'],
        ['2', 'Thời hạn thanh tra'],
      ]);
      expect(articles.map((article) => article.clauses.map((clause) => clause.number))).toEqual([
        ['1', '2'],
        ['1', '2'],
      ]);
      expect(articles[0]?.clauses[1]?.points.map((point) => point.letter)).toEqual(['a', 'b']);
      // Each Khoản and Điểm keeps its words, on a line of its own.
      for (const line of CONTRACT_LAW_LINES.filter((l) => /^(?:\d\.|[a-z]\))\s/u.test(l))) {
        expect(text.split('\n').map((l) => l.trim())).toContain(line);
      }
    });

    it('refuses a file of no bytes with FILE_EMPTY', async () => {
      const failure = await loadFailure(Buffer.alloc(0), file);
      expect(failure.code).toBe('FILE_EMPTY');
      expect(failure.file).toBe(file);
    });

    const { emptyDocument } = options;
    if (emptyDocument) {
      it('refuses a file of this format with no text in it with FILE_EMPTY', async () => {
        const failure = await loadFailure(await emptyDocument(), file);
        expect(failure.code).toBe('FILE_EMPTY');
      });
    }
  });
}
