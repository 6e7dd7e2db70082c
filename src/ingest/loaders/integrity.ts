/** Checks on a file's envelope before its loader parses it: a PDF must start and end like one. */
import { LoadError } from '../../errors.js';

/**
 * A PDF starts with "%PDF-" and ends with "%%EOF" (readers look for it in the last kilobyte); a file
 * cut short in a copy or a download lacks the end, and pdf.js would otherwise read what is left of it
 * as if it were the whole document.
 */
export function assertCompletePdf(bytes: Buffer, file: string): void {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new LoadError('PDF_CORRUPT', file, 'không bắt đầu bằng %PDF- (không phải tệp PDF)');
  const tail = bytes.subarray(Math.max(0, bytes.length - 2048)).toString('latin1');
  if (!tail.includes('%%EOF')) throw new LoadError('PDF_CORRUPT', file, 'thiếu dấu kết thúc %%EOF: tệp bị cắt cụt hoặc chưa tải xong');
}
