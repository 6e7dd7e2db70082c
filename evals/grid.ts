/** Every combination of the values of a parameter grid ({a: [1, 2], b: [3]} → {a: 1, b: 3}, {a: 2, b: 3}). */
export function* combinations(entries: Array<[string, unknown[]]>): Generator<Record<string, unknown>> {
  if (entries.length === 0) {
    yield {};
    return;
  }
  const [[key, values], ...rest] = entries as [[string, unknown[]], ...Array<[string, unknown[]]>];
  for (const value of values) for (const tail of combinations(rest)) yield { [key]: value, ...tail };
}
