import mammoth from 'mammoth';
import { LoadError } from '../../errors.js';
import { normalizeText } from '../../text/vietnamese.js';
import type { LoadedDocument } from '../types.js';

/** Word documents: mammoth gives one line per paragraph, which is the structure we need. */
export async function loadDocx(bytes: Buffer, file: string): Promise<LoadedDocument[]> {
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: bytes })).value;
  } catch (cause) {
    throw new LoadError('FILE_UNREADABLE', file, 'tệp DOCX bị hỏng hoặc không phải DOCX', { cause });
  }
  const text = normalizeText(raw).replace(/\n{3,}/gu, '\n\n');
  return [{ file, format: 'docx', text }];
}
