/**
 * Layout repair for text that lost its paragraphs: OCR output and PDF text are hard-wrapped
 * in mid-sentence. Wrapped lines are joined back into paragraphs, but a line that opens a new
 * structural element (Chương, Điều, Khoản "2.", Điểm "b)", a dash item, a quotation) is never glued
 * onto the one before.
 */

const STRUCTURAL_START =
  /^(?:#|Phần\s|PHẦN\s|Chương\s|CHƯƠNG\s|Mục\s+\d|MỤC\s+\d|Tiểu mục|Điều\s+\d|ĐIỀU\s+\d|Phụ lục|PHỤ LỤC|Mẫu số|\d{1,3}\.\s|\d{1,3}\.\d+\.?\s|[a-zđ]\)\s|[-–+•*]\s|["“”]|\(|\|)/u;
const HEADING_LINE = /^(?:#+\s|Phần\s|PHẦN\s|Chương\s|CHƯƠNG\s|Mục\s+\d|MỤC\s+\d|Điều\s+\d+[a-zđ]?\.|Phụ lục|PHỤ LỤC)/u;
const TERMINAL = /[.;:!?…]["”)]?$/u;

function isUpperCaseLine(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, '');
  return letters.length >= 3 && letters === letters.toUpperCase();
}

function startsLowerCase(line: string): boolean {
  const first = line.trimStart()[0];
  return first !== undefined && first !== first.toUpperCase() && first === first.toLowerCase();
}

/** Join hard-wrapped lines into paragraphs; blank lines always end a paragraph. */
export function joinHardWrappedLines(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let previous: string | undefined;
  for (const raw of lines) {
    const line = raw.replace(/\s+$/u, '');
    const trimmed = line.trim();
    if (trimmed === '') {
      out.push('');
      previous = undefined;
      continue;
    }
    // An OCR'd heading whose title wrapped past a blank line: "Điều 11. Vi phạm ... không được" / "" / "gửi, chấp nhận ...".
    const beforeBlank = out.at(-2);
    if (previous === undefined && out.at(-1) === '' && beforeBlank !== undefined && /^(?:Điều\s+\d+[a-zđ]?\.|Chương\s|Mục\s+\d)/u.test(beforeBlank) && !TERMINAL.test(beforeBlank) && startsLowerCase(trimmed)) {
      out.pop();
      const joined = `${out.pop() ?? ''} ${trimmed}`;
      out.push(joined);
      previous = joined;
      continue;
    }
    if (previous !== undefined && shouldJoin(previous, trimmed)) {
      const joined = `${out.pop() ?? ''} ${trimmed}`;
      out.push(joined);
      previous = joined;
      continue;
    }
    out.push(trimmed);
    previous = trimmed;
  }
  return out.join('\n');
}

function shouldJoin(previous: string, line: string): boolean {
  if (STRUCTURAL_START.test(line)) return false;
  if (HEADING_LINE.test(previous)) return startsLowerCase(line);
  if (isUpperCaseLine(previous) || isUpperCaseLine(line)) return isUpperCaseLine(previous) && isUpperCaseLine(line) && !HEADING_LINE.test(previous);
  if (!TERMINAL.test(previous)) return true;
  return startsLowerCase(line);
}

/** Remove Markdown marks that are presentation only: heading hashes, emphasis, links, code ticks. */
export function stripMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+(?=\S)/u, '')
        .replace(/^\s{0,3}#{1,6}\s*$/u, '')
        .replace(/^\s{0,3}>\s?/u, '')
        .replace(/\*\*(.+?)\*\*/gu, '$1')
        .replace(/__(.+?)__/gu, '$1')
        .replace(/(^|[\s(])\*(\S.*?\S|\S)\*(?=[\s).,;:]|$)/gu, '$1$2')
        .replace(/!\[([^\]]*)\]\([^)]*\)/gu, '$1')
        .replace(/\[([^\]]+)\]\([^)]*\)/gu, '$1')
        .replace(/`([^`]*)`/gu, '$1')
        .replace(/^\s*(?:\*\*|__)\s*$/u, ''),
    )
    .join('\n');
}
