import { convert } from 'html-to-text';
import { normalizeText } from '../../text/vietnamese.js';
import { joinHardWrappedLines } from '../../text/layout.js';
import type { LoadedDocument } from '../types.js';
import { decodeText } from './encoding.js';
import { splitPreamble } from './preamble.js';

/** HTML pages (as saved from legal portals): block elements become lines, scripts and styles go. */
export function loadHtml(bytes: Buffer, file: string): LoadedDocument[] {
  const { text: html, notices } = decodeText(bytes, file);
  const text = normalizeText(
    convert(html, {
      wordwrap: false,
      selectors: [
        { selector: 'a', options: { ignoreHref: true } },
        { selector: 'img', format: 'skip' },
        { selector: 'script', format: 'skip' },
        { selector: 'style', format: 'skip' },
        { selector: 'nav', format: 'skip' },
        { selector: 'h1', options: { uppercase: false } },
        { selector: 'h2', options: { uppercase: false } },
        { selector: 'h3', options: { uppercase: false } },
        { selector: 'table', format: 'dataTable' },
      ],
    }),
  );
  const { preamble, body } = splitPreamble(text);
  return [{ file, format: 'html', text: preamble + joinHardWrappedLines(body), ...(notices.length > 0 ? { notices } : {}) }];
}
