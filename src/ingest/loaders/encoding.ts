/**
 * Bytes → text for the text formats: UTF-8 (with or without BOM), UTF-16 (LE/BE, with a BOM or
 * recognised without one), and the legacy Vietnamese encodings TCVN3, VNI and Windows-1258 — read
 * from bytes or found inside a UTF-8 file that holds them as Latin-1 characters — converted to
 * Unicode with a notice. Anything else is refused with the reason.
 */
import { LoadError } from '../../errors.js';
import { decodeVietnameseText, ENCODING_LABELS, type TextEncoding } from '../../text/legacyEncoding.js';

export interface DecodedFile {
  text: string;
  encoding: TextEncoding;
  /** What was done to the text on the way, for the ingest summary (a legacy encoding converted). */
  notices: string[];
}

export function decodeText(bytes: Buffer, file: string): DecodedFile {
  const decoded = decodeVietnameseText(bytes);
  if (!decoded) {
    throw new LoadError('ENCODING_UNKNOWN', file, 'không đọc được theo UTF-8, UTF-16, TCVN3, VNI hay Windows-1258');
  }
  const notices = decoded.converted ? [`đã chuyển bảng mã ${ENCODING_LABELS[decoded.encoding]} sang Unicode`] : [];
  return { text: decoded.text.replace(/^\ufeff/u, ''), encoding: decoded.encoding, notices };
}

/** Legacy Vietnamese font encodings that conversion could not repair decode as Latin-1 gibberish; say so instead of indexing noise. */
export function assertNotLegacyVietnamese(text: string, file: string): void {
  const sample = text.slice(0, 5000);
  const legacyMarks = (sample.match(/[¸µ¶·¹¨®¬ÊËÌÎÏ×ØÙÚÜÝ]/gu) ?? []).length;
  const vietnamese = (sample.match(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/giu) ?? []).length;
  if (legacyMarks > 20 && vietnamese < legacyMarks / 4) {
    throw new LoadError('ENCODING_UNKNOWN', file, 'văn bản dùng bảng mã cũ (TCVN3/VNI) mà không chuyển được; hãy chuyển sang Unicode');
  }
}
