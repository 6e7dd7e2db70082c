import { normalizeText } from '../../text/vietnamese.js';
import { joinHardWrappedLines } from '../../text/layout.js';
import type { LoadedDocument } from '../types.js';
import { assertNotLegacyVietnamese, decodeText } from './encoding.js';
import { splitPreamble } from './preamble.js';

/** Plain text: paragraphs are real lines, but copies from PDFs may be wrapped, so the body is repaired too. */
export function loadPlainText(bytes: Buffer, file: string): LoadedDocument[] {
  const decoded = decodeText(bytes, file);
  const text = normalizeText(decoded.text);
  assertNotLegacyVietnamese(text, file);
  const { preamble, body } = splitPreamble(text);
  return [{ file, format: 'text', text: preamble + joinHardWrappedLines(body), ...(decoded.notices.length > 0 ? { notices: decoded.notices } : {}) }];
}
