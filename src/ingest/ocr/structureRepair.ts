/**
 * Repairs of recognised text lines that the structure parser depends on and no vocabulary can
 * make: the marks that open a Khoản ("2.") or a Điểm ("g)") are tiny, and a degraded scan turns them
 * into look-alikes ("2." → "ay", "2S", "1:"; "g)" → "ø)", "i)" → "¡)"). Within an article the
 * numbering is known — Khoản run 1, 2, 3 and Điểm a, b, c ... — so a line that opens where the next
 * number or letter is due, with a look-alike in its place, gets the number or letter back.
 * Works on the text one printed line a line, before hard-wrapped lines are joined.
 */

const POINT_LETTERS = 'abcdđeghiklmnopqrstuvxy';
const ARTICLE_HEADING = /^(?:Điều|ĐIỀU)\s+\d{1,3}[a-zđ]?\s*[.:]/u;
const CLAUSE = /^(\d{1,3})\.\s/u;
const POINT = /^([a-zđ])\)\s/u;
/** What a Điểm letter is misread as: another letter, a digit, or a symbol of its shape. */
const POINT_LOOKALIKE = /^([^\s\d)]|\d)\)\s/u;
/** A short token where a Khoản number belongs: "ay", "si", "rÃ", "2S". */
const CLAUSE_LOOKALIKE = /^(\S{1,3})\s+(?=\p{Lu})/u;
/** A Khoản number with the wrong stop: "1: Giúp", "1).cơ quan", "2, Khi". */
const CLAUSE_WRONG_STOP = /^(\d{1,2})\s?(?:[):,;]|\)\.|\.,)\s*(?=\p{L})/u;

function nextLetter(letter: string | undefined): string | undefined {
  if (letter === undefined) return 'a';
  const index = POINT_LETTERS.indexOf(letter);
  return index >= 0 ? POINT_LETTERS[index + 1] : undefined;
}

/** A Điểm follows a line ending in ";", "." or ":"; a Khoản after the first follows a full stop. */
function endsSentence(line: string | undefined, marks = '.:;'): boolean {
  return line !== undefined && new RegExp(`[${marks}]["”]?$`, 'u').test(line.trim());
}

/** Puts back misread Khoản numbers and Điểm letters where the numbering says they belong. */
export function repairClauseMarkers(text: string): string {
  const lines = text.split('\n');
  let expectedClause = 1;
  let lastPoint: string | undefined;
  let previous: string | undefined;
  const output = lines.map((raw) => {
    let line = raw;
    const trimmed = line.trim();
    if (trimmed === '') return line;
    if (ARTICLE_HEADING.test(trimmed)) {
      expectedClause = 1;
      lastPoint = undefined;
    } else if (CLAUSE.test(trimmed)) {
      expectedClause = Number(CLAUSE.exec(trimmed)?.[1] ?? 0) + 1;
      lastPoint = undefined;
    } else if (POINT.test(trimmed)) {
      lastPoint = POINT.exec(trimmed)?.[1];
    } else if (lastPoint !== undefined && POINT_LOOKALIKE.test(trimmed) && endsSentence(previous)) {
      const due = nextLetter(lastPoint);
      if (due) {
        line = trimmed.replace(POINT_LOOKALIKE, `${due}) `);
        lastPoint = due;
      }
    } else if (CLAUSE_WRONG_STOP.test(trimmed) && (endsSentence(previous, '.') || isHeading(previous)) && isDue(Number(CLAUSE_WRONG_STOP.exec(trimmed)?.[1]), expectedClause)) {
      const number = Number(CLAUSE_WRONG_STOP.exec(trimmed)?.[1]);
      line = `${number}. ${trimmed.replace(CLAUSE_WRONG_STOP, '')}`;
      expectedClause = number + 1;
      lastPoint = undefined;
    } else {
      const candidate = CLAUSE_LOOKALIKE.exec(trimmed)?.[1];
      const digit = candidate !== undefined && /^\d/u.test(candidate) ? Number(candidate[0]) : undefined;
      if (candidate !== undefined && digit !== undefined && isDue(digit, expectedClause) && (endsSentence(previous, '.') || isHeading(previous)) && /^\d\P{N}{1,2}$/u.test(candidate)) {
        // "2S Trường hợp": the number is there, its stop misread (and the Khoản before may be lost).
        line = `${digit}. ${trimmed.slice(candidate.length).trimStart()}`;
        expectedClause = digit + 1;
        lastPoint = undefined;
      } else if (candidate !== undefined && expectedClause >= 2 && endsSentence(previous, '.') && looksLikeClauseNumber(candidate, expectedClause)) {
        line = `${expectedClause}. ${trimmed.slice(candidate.length).trimStart()}`;
        expectedClause++;
        lastPoint = undefined;
      }
    }
    previous = line;
    return line;
  });
  return output.join('\n');
}

function isHeading(line: string | undefined): boolean {
  return line !== undefined && ARTICLE_HEADING.test(line.trim());
}

/** The number due, or the one after it when a whole Khoản number was lost. */
function isDue(number: number, expected: number): boolean {
  return number === expected || number === expected + 1;
}

/**
 * Whether a line-opening token is a misread Khoản number rather than a word: it holds the number due
 * with junk around it ("2S", "1:"), or it is not a word that can open a Vietnamese sentence — it
 * starts in lower case ("ay", "si") or with a symbol.
 */
function looksLikeClauseNumber(token: string, expected: number): boolean {
  if (token.startsWith(String(expected)) && !/^\d+\.$/u.test(token) && !/^\d{2,}/u.test(token.replace(String(expected), ''))) return true;
  const first = token[0] ?? '';
  if (/\d/u.test(first)) return false;
  if (first === first.toLowerCase() && first !== first.toUpperCase()) return true;
  return !/[\p{L}\d]/u.test(first) && !/^["“(]/u.test(token);
}

/**
 * A full stop at the end of a line followed by a line that goes on in lower case is a speck read as
 * a stop ("quyền.\nvà"), unless it ends an abbreviation ("v.v.", "TP.").
 */
export function removeStrayFullStops(text: string): string {
  return text.replace(/(\p{Ll}{2,})\.\n(?=\p{Ll})/gu, '$1\n');
}

/** A run of four or more tokens, most of them symbols only ("ˆ^ z 2 # z ^ ` ~“ ` ^ ` ~"): stacked marks read as text. */
export function dropSymbolRuns(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const tokens = line.split(' ');
      const keep = tokens.map(() => true);
      for (let start = 0; start < tokens.length; start++) {
        let end = start;
        let symbols = 0;
        // Extend while the run stays mostly symbols and its tokens short.
        while (end < tokens.length && [...(tokens[end] ?? '')].length <= 2) {
          if (!/[\p{Ll}\p{Lu}\p{Lt}\p{Lo}\p{N}]/u.test(tokens[end] ?? '')) symbols++;
          end++;
        }
        // The run starts and ends on a symbol: "mà" before it and "có" after it are words.
        const isWord = (index: number): boolean => /[\p{Ll}\p{Lu}\p{Lt}\p{Lo}\p{N}]/u.test(tokens[index] ?? '');
        let first = start;
        let last = end;
        while (first < last && isWord(first)) first++;
        while (last > first && isWord(last - 1)) last--;
        const length = last - first;
        if (length >= 4 && symbols >= length * 0.6) for (let index = first; index < last; index++) keep[index] = false;
        start = Math.max(start, end - 1);
      }
      return tokens.filter((_, index) => keep[index]).join(' ');
    })
    .join('\n');
}

/**
 * A quotation mark the scan made up: an opening mark in mid-line that nothing closes on that line
 * and that does not follow a colon (where a quoted amendment may begin), or a mark glued to a stop.
 * Left in, it would open a quotation in which the structure parser reads no Khoản.
 */
export function dropStrayQuotes(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/^["“”](?=[.,;:])[.,;:]?\s*/u, '')
        .replace(/(?<=\S\s?)(?<!:\s?)["“](?=[^"“”]*$)/gu, (mark, offset: number) => (offset === 0 ? mark : '')),
    )
    .join('\n');
}
