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

export function loadAlqac(bytes: Buffer, file: string): LoadedDocument[] {
  let parsed: z.infer<typeof AlqacFile>;
  try {
    parsed = AlqacFile.parse(JSON.parse(decodeText(bytes, file)));
  } catch (cause) {
    throw new LoadError('FILE_UNREADABLE', file, 'JSON không đúng định dạng ALQAC [{id, articles: [{id, text}]}]', { cause });
  }
  return parsed.map((law) => {
    const pieces: string[] = [];
    for (const article of law.articles) {
      const body = normalizeText(article.text).trim();
      const [first = '', ...rest] = body.split('\n');
      // ALQAC puts the article title on the first line when the source had one.
      const hasTitle = rest.length > 0 && first.length < 200 && !/[.;:]$/u.test(first.trim()) && !/^\d+\.\s/u.test(first);
      const heading = `Điều ${article.id}. ${hasTitle ? first.trim() : ''}`.trimEnd();
      pieces.push(`${heading}\n${(hasTitle ? rest.join('\n') : body).replace(/\n{2,}/gu, '\n').trim()}`);
    }
    const type = typeFromNumber(law.id);
    return {
      file: `${file}#${law.id}`,
      format: 'alqac' as const,
      text: pieces.join('\n\n'),
      preset: { number: law.id, title: law.id, anyArticleNumber: true as const, ...(type ? { type } : {}) },
    };
  });
}
