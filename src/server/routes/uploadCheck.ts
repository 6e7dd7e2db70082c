/**
 * What an uploaded file is, decided from its bytes and never from its name — PDF, DOCX, a scanned page
 * image (PNG, JPEG, TIFF, WebP), HTML, or plain text / Markdown (UTF-8, UTF-16 or a legacy Vietnamese
 * encoding the text loader converts) — and the plain file name it is stored under: the original name
 * cut to its last segment, with every character that could leave the uploads folder replaced, and the
 * extension of what the content is. A name whose extension says something else is refused.
 */
import path from 'node:path';
import { AppError } from '../../errors.js';
import { readZipDirectory } from '../../ingest/loaders/zip.js';
import { decodeVietnameseText } from '../../text/legacyEncoding.js';

export type UploadKind = 'pdf' | 'docx' | 'png' | 'jpeg' | 'tiff' | 'webp' | 'html' | 'text';

/** How each kind is named to the user, and the extensions a file of it may carry (the first is used when it has none). */
export const UPLOAD_KINDS: Readonly<Record<UploadKind, { label: string; extensions: readonly string[] }>> = {
  pdf: { label: 'PDF', extensions: ['.pdf'] },
  docx: { label: 'Word (DOCX)', extensions: ['.docx'] },
  png: { label: 'ảnh PNG', extensions: ['.png'] },
  jpeg: { label: 'ảnh JPEG', extensions: ['.jpg', '.jpeg'] },
  tiff: { label: 'ảnh TIFF', extensions: ['.tif', '.tiff'] },
  webp: { label: 'ảnh WebP', extensions: ['.webp'] },
  html: { label: 'trang HTML', extensions: ['.html', '.htm'] },
  text: { label: 'văn bản thuần (Markdown hoặc TXT)', extensions: ['.md', '.markdown', '.txt'] },
};

export const UPLOAD_EXTENSIONS: readonly string[] = Object.values(UPLOAD_KINDS).flatMap((kind) => kind.extensions);

/** Text is judged on its first megabyte: enough to tell, and a 50 MB file is not decoded twice. */
const TEXT_SAMPLE_BYTES = 1024 * 1024;

function startsWith(bytes: Buffer, ...signature: number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, index) => bytes[index] === byte);
}

/** The first megabyte decoded, cut back to a whole character when the cut falls inside one. */
function decodedSample(bytes: Buffer): string | undefined {
  if (bytes.length <= TEXT_SAMPLE_BYTES) return decodeVietnameseText(bytes)?.text;
  for (let back = 0; back < 4; back++) {
    const decoded = decodeVietnameseText(bytes.subarray(0, TEXT_SAMPLE_BYTES - back));
    if (decoded) return decoded.text;
  }
  return undefined;
}

/** Control characters other than tab, line breaks and form feed: a text has (almost) none. */
function looksBinary(text: string): boolean {
  const controls = text.match(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/gu)?.length ?? 0;
  return controls > Math.max(2, text.length / 1000);
}

function looksLikeHtml(text: string): boolean {
  const head = text.replace(/^\ufeff/u, '').trimStart().slice(0, 4096).toLowerCase();
  if (/^(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/u.test(head)) return true;
  if (/^<\?xml/u.test(head) && head.includes('<html')) return true;
  // A fragment saved from a portal: starts with a tag and is mostly markup.
  return head.startsWith('<') && (text.slice(0, 65_536).match(/<(?:p|div|br|table|td|tr|span|h[1-6]|b|i|strong)[\s>/]/giu)?.length ?? 0) >= 5;
}

/** The kind of a file from its content, or the Vietnamese reason none fits. */
export function detectKind(bytes: Buffer): { kind: UploadKind } | { reason: string } {
  if (bytes.length === 0) return { reason: 'tệp rỗng' };
  const head = bytes.subarray(0, 1024).toString('latin1');
  if (head.startsWith('%PDF-')) return { kind: 'pdf' };
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return { kind: 'png' };
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return { kind: 'jpeg' };
  if (startsWith(bytes, 0x49, 0x49, 0x2a, 0x00) || startsWith(bytes, 0x4d, 0x4d, 0x00, 0x2a)) return { kind: 'tiff' };
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return { kind: 'webp' };
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) {
    try {
      const names = readZipDirectory(bytes, 'upload').map((entry) => entry.name);
      if (names.includes('word/document.xml')) return { kind: 'docx' };
      return { reason: 'tệp nén ZIP nhưng không phải văn bản Word DOCX (không có word/document.xml)' };
    } catch (error) {
      return { reason: `tệp nén ZIP bị hỏng (${error instanceof AppError ? (error.detail ?? error.message) : 'không đọc được mục lục'})` };
    }
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0)) return { reason: 'tệp Word cũ (.doc) hoặc tài liệu Office có mật khẩu; hãy lưu lại thành .docx không mật khẩu' };
  if (head.startsWith('{\\rtf')) return { reason: 'tệp RTF chưa được hỗ trợ; hãy lưu lại thành .docx' };
  if (head.startsWith('GIF8') || head.startsWith('BM')) return { reason: 'ảnh GIF/BMP chưa được hỗ trợ; hãy lưu bản quét thành PNG, JPEG hoặc TIFF' };
  const text = decodedSample(bytes);
  if (text === undefined || looksBinary(text)) {
    return { reason: 'nội dung không phải PDF, DOCX, ảnh quét (PNG/JPEG/TIFF) hay văn bản (UTF-8/UTF-16, TCVN3, VNI)' };
  }
  return { kind: looksLikeHtml(text) ? 'html' : 'text' };
}

/** Names the ingest passes over when they are given as a file (see src/ingest/sources.ts). */
const IGNORED_NAMES = new Set(['manifest.json', 'readme.md', 'package.json']);
const MAX_STEM_CHARACTERS = 100;

/**
 * The file name to store an upload of this kind under: the last segment of the original name, NFC,
 * every character but letters, digits, spaces and `._()-` replaced by "-", no leading dot, at most 100
 * characters before the extension — so never a path, "..", or a hidden file. With no extension, the
 * kind's own is added; an extension that does not fit the content is refused (415).
 */
export function storedName(original: string, kind: UploadKind): string {
  const info = UPLOAD_KINDS[kind];
  const last = original.normalize('NFC').split(/[/\\]/u).pop() ?? '';
  const extension = path.extname(last).toLowerCase();
  const hasExtension = extension.length > 1 && extension.length <= 10 && /^\.[\p{L}\p{N}]+$/u.test(extension);
  if (hasExtension && !info.extensions.includes(extension)) {
    throw new AppError('UPLOAD_TYPE_MISMATCH', `tên tệp có đuôi "${extension}" nhưng nội dung là ${info.label} (đuôi phù hợp: ${info.extensions.join(', ')})`);
  }
  const stem = (hasExtension ? last.slice(0, -extension.length) : last)
    .replace(/[^\p{L}\p{M}\p{N} ._()-]/gu, '-')
    .replace(/-{2,}/gu, '-')
    .replace(/^[\s.-]+|[\s.-]+$/gu, '');
  const shortened = [...stem].slice(0, MAX_STEM_CHARACTERS).join('').trim() || 'van-ban';
  const name = `${shortened}${hasExtension ? extension : (info.extensions[0] ?? '')}`;
  return IGNORED_NAMES.has(name.toLowerCase()) ? `van-ban-${name}` : name;
}
