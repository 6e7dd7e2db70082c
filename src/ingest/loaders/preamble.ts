/**
 * The header and preamble of a legal text (issuer, number, date, title, "Căn cứ ...") keep their
 * lines as they are, since header fields live one per line; only the body after the first Phần,
 * Chương or Điều heading is joined back into paragraphs.
 */
const FIRST_BODY_LINE = /^(?:Phần\s|PHẦN\s|Chương\s|CHƯƠNG\s|Điều\s+\d+[a-zđ]?\.|Điều\s+\d+\.\d+\.)/mu;

export function splitPreamble(text: string): { preamble: string; body: string } {
  const match = FIRST_BODY_LINE.exec(text);
  if (!match) return { preamble: '', body: text };
  return { preamble: text.slice(0, match.index), body: text.slice(match.index) };
}
