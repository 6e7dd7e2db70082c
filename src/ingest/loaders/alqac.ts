/**
 * The ALQAC JSON format of Vietnamese legal datasets: `[{id, articles: [{id, text}]}]`.
 * Each law becomes a document whose text is its articles written out as "Điều {id}. {title}".
 */
import { z } from 'zod';
import { LoadError } from '../../errors.js';
import { normalizeText } from '../../text/vietnamese.js';
import { typeFromNumber } from '../../legal/documentTypes.js';
import type { LoadedDocument } from '../types.js';
import { decodeText } from './encoding.js';

const AlqacLaw = z.object({
  id: z.string().min(1),
  articles: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), text: z.string() })),
});
const AlqacFile = z.array(AlqacLaw);

export function isAlqacJson(text: string): boolean {
  return /^\s*\[\s*\{\s*"(?:id|articles)"/u.test(text.slice(0, 200));
}

/**
 * ALQAC puts the article title on the first line when the source had one. Long titles exist
 * ("Phòng ngừa, xử lý thông tin ... xâm phạm trật tự quản lý kinh tế", 240 characters); a first line
 * that the source merely wrapped is not one: it goes on in lower case, or ends in a Windows line break
 * inside a sentence ("Việc nuôi con nuôi nhằm xác lập\r\nquan hệ cha, mẹ ...").
 */
function isTitleLine(first: string, next: string, wrapped: boolean): boolean {
  const line = first.trim();
  if (line.length === 0 || line.length > 400 || /[.;:,]$/u.test(line) || /^\d+\.\s/u.test(line)) return false;
  if (wrapped || /^\p{Ll}/u.test(next.trim())) return false;
  return true;
}

/** True when the raw first line ends in a single CR LF: a hard wrap of the source, not a paragraph end. */
function hardWrapped(raw: string): boolean {
  return /^[^\r\n]*\r\n(?!\r?\n)/u.test(raw.trimStart());
}

export function loadAlqac(bytes: Buffer, file: string): LoadedDocument[] {
  let parsed: z.infer<typeof AlqacFile>;
  const { text: json, notices } = decodeText(bytes, file);
  try {
    parsed = AlqacFile.parse(JSON.parse(json));
  } catch (cause) {
    throw new LoadError('FILE_UNREADABLE', file, 'JSON không đúng định dạng ALQAC [{id, articles: [{id, text}]}]', { cause });
  }
  return parsed.map((law) => {
    const pieces: string[] = [];
    for (const article of law.articles) {
      const body = normalizeText(article.text).trim();
      const [first = '', ...rest] = body.split('\n');
      const hasTitle = rest.length > 0 && isTitleLine(first, rest.find((line) => line.trim() !== '') ?? '', hardWrapped(article.text));
      const heading = `Điều ${article.id}. ${hasTitle ? first.trim() : ''}`.trimEnd();
      pieces.push(`${heading}\n${(hasTitle ? rest.join('\n') : body).replace(/\n{2,}/gu, '\n').trim()}`);
    }
    const type = typeFromNumber(law.id);
    return {
      file: `${file}#${law.id}`,
      format: 'alqac' as const,
      text: pieces.join('\n\n'),
      preset: { number: law.id, title: law.id, anyArticleNumber: true as const, ...(type ? { type } : {}) },
      ...(notices.length > 0 ? { notices } : {}),
    };
  });
}
