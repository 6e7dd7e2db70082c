/** Picks the loader for a file by its extension (and, for JSON, by its shape). */
import path from 'node:path';
import { LoadError } from '../../errors.js';
import type { LoadedDocument } from '../types.js';
import { isAlqacJson, loadAlqac } from './alqac.js';
import { loadDocx } from './docx.js';
import { loadHtml } from './html.js';
import { IMAGE_EXTENSIONS, loadImage } from './image.js';
import { assertCompletePdf } from './integrity.js';
import { loadMarkdown } from './markdown.js';
import { loadPdf } from './pdf.js';
import type { LoadOptions } from './options.js';
import { loadPlainText } from './text.js';

export type { LoadOptions } from './options.js';
export type { LoadProgress } from '../ocr/types.js';

/** Byte limits of the loaders (see INGEST_MAX_UNPACKED_MB in src/config.ts). */
export interface LoadLimits {
  maxUnpackedBytes: number;
}

export const DEFAULT_LOAD_LIMITS: LoadLimits = { maxUnpackedBytes: 100 * 1024 * 1024 };

export const SUPPORTED_EXTENSIONS = ['.pdf', '.docx', '.html', '.htm', '.md', '.markdown', '.txt', '.json', ...IMAGE_EXTENSIONS] as const;

/**
 * Loads one file by its extension. `options` matter to scans (PDF pages without a text layer,
 * images: `onProgress` is called after each recognised page, { stage: 'ocr', page, pages }) and to
 * archives (`limits`: the most a DOCX may unpack to).
 */
export async function loadFile(bytes: Buffer, file: string, options: LoadOptions & { limits?: LoadLimits } = {}): Promise<LoadedDocument[]> {
  const limits = options.limits ?? DEFAULT_LOAD_LIMITS;
  if (bytes.length === 0) throw new LoadError('FILE_EMPTY', file);
  const extension = path.extname(file).toLowerCase();
  let documents: LoadedDocument[];
  switch (extension) {
    case '.pdf':
      assertCompletePdf(bytes, file);
      documents = await loadPdf(bytes, file, options);
      break;
    case '.png':
    case '.jpg':
    case '.jpeg':
    case '.tif':
    case '.tiff':
    case '.webp':
      documents = await loadImage(bytes, file, options);
      break;
    case '.docx':
      documents = await loadDocx(bytes, file, limits.maxUnpackedBytes);
      break;
    case '.html':
    case '.htm':
      documents = loadHtml(bytes, file);
      break;
    case '.md':
    case '.markdown':
      documents = loadMarkdown(bytes, file);
      break;
    case '.txt':
      documents = loadPlainText(bytes, file);
      break;
    case '.json': {
      const head = bytes.subarray(0, 200).toString('utf8');
      if (!isAlqacJson(head)) throw new LoadError('FORMAT_UNKNOWN', file, 'JSON không theo định dạng ALQAC');
      documents = loadAlqac(bytes, file);
      break;
    }
    default:
      throw new LoadError('FORMAT_UNKNOWN', file, `phần mở rộng "${extension || '(không có)'}"; hỗ trợ: ${SUPPORTED_EXTENSIONS.join(', ')}`);
  }
  for (const document of documents) {
    if (document.text.replace(/[^\p{L}]/gu, '').length < 20) throw new LoadError('FILE_EMPTY', file);
  }
  return documents;
}
