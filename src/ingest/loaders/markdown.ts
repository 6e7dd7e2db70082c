import { normalizeText } from '../../text/vietnamese.js';
import { joinHardWrappedLines, stripMarkdown } from '../../text/layout.js';
import type { LoadedDocument } from '../types.js';
import { assertNotLegacyVietnamese, decodeText } from './encoding.js';
import { splitPreamble } from './preamble.js';

/** Remarks of the codification that are not law: "(Điều này có nội dung liên quan đến ...)". */
const CODIFICATION_REMARK = /\((?:Phần|Chương|Mục|Tiểu mục|Điều|Khoản|Điểm) này có nội dung liên quan đến[^()]*(?:\([^()]*\)[^()]*)*\)/gu;
const CODIFICATION_ID_LINE = /^\d{20,}\s*$/gmu;
const CODIFIED_ARTICLE = /^#*\s*Điều\s+\d+\.\d+\.[A-ZĐ]+\.\d/mu;

/** Markdown, including OCR output of signed PDFs and topics of the official codification. */
export function loadMarkdown(bytes: Buffer, file: string): LoadedDocument[] {
  const { text: raw, notices } = decodeText(bytes, file);
  const decoded = normalizeText(raw);
  assertNotLegacyVietnamese(decoded, file);
  const noticed = notices.length > 0 ? { notices } : {};
  const codified = CODIFIED_ARTICLE.test(decoded);
  let text = stripMarkdown(decoded);
  if (codified) {
    // A remark may run straight into the next heading ("...viễn thám)Điều 18.1.LQ.8. Hình thức khiếu nại"): keep the line break.
    text = text.replace(CODIFICATION_REMARK, '\n').replace(CODIFICATION_ID_LINE, '');
    return [{ file, format: 'markdown', text: text.replace(/\n{3,}/gu, '\n\n'), codified: true, ...noticed }];
  }
  const { preamble, body } = splitPreamble(text);
  return [{ file, format: 'markdown', text: preamble + joinHardWrappedLines(body), ...noticed }];
}
