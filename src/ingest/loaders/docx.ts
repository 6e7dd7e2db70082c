import mammoth from 'mammoth';
import { LoadError } from '../../errors.js';
import { normalizeText } from '../../text/vietnamese.js';
import type { LoadedDocument } from '../types.js';
import { assertZipWithinLimit } from './zip.js';

/**
 * Word documents: mammoth gives one line per paragraph, which is the structure we need. The archive is
 * checked first (complete, has word/document.xml, unpacks to at most `maxUnpackedBytes`), so that a
 * damaged file or a "zip bomb" is refused before mammoth inflates it in memory.
 */
export async function loadDocx(bytes: Buffer, file: string, maxUnpackedBytes: number): Promise<LoadedDocument[]> {
  const entries = assertZipWithinLimit(bytes, file, maxUnpackedBytes);
  if (!entries.some((entry) => entry.name === 'word/document.xml')) {
    throw new LoadError('DOCX_CORRUPT', file, 'tệp nén không có word/document.xml (không phải văn bản Word)');
  }
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (cause) {
    throw new LoadError('DOCX_CORRUPT', file, cause instanceof Error ? cause.message : undefined, { cause });
  }
  const text = normalizeText(raw).replace(/\n{3,}/gu, '\n\n');
  return [{ file, format: 'docx', text }];
}
