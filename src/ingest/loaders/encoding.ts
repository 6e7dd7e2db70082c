/** Bytes → text for the text formats: UTF-8 (with or without BOM) and UTF-16; anything else is refused. */
import { LoadError } from '../../errors.js';

export function decodeText(bytes: Buffer, file: string): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.replace(/^\ufeff/u, '');
  } catch (cause) {
    throw new LoadError('ENCODING_UNKNOWN', file, 'tệp không phải UTF-8 hợp lệ (có thể là TCVN3/VNI hoặc Windows-1258)', { cause });
  }
}

/** Legacy Vietnamese font encodings (TCVN3, VNI) decode as Latin-1 gibberish; say so instead of indexing noise. */
export function assertNotLegacyVietnamese(text: string, file: string): void {
  const sample = text.slice(0, 5000);
  const legacyMarks = (sample.match(/[¸µ¶·¹¨®¬ÊËÌÎÏ×ØÙÚÜÝ]/gu) ?? []).length;
  const vietnamese = (sample.match(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/giu) ?? []).length;
  if (legacyMarks > 20 && vietnamese < legacyMarks / 4) {
    throw new LoadError('ENCODING_UNKNOWN', file, 'văn bản dùng bảng mã cũ (TCVN3/VNI); hãy chuyển sang Unicode');
  }
}
