/**
 * The layers of ../shared/DESIGN.md, checked on every import of the production code: a module may
 * import its own layer and the layers below it, never one above; `src/` never imports `evals/` or `test/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.dirname(fileURLToPath(import.meta.url));

/** Rank of each top-level folder of src/, lowest first. Files at the root (config, errors) may be used by all. */
const LAYERS: Readonly<Record<string, number>> = {
  text: 0,
  legal: 1,
  ingest: 2,
  knowledge: 3,
  store: 3,
  retrieval: 4,
  lessons: 5,
  answer: 6,
  server: 7,
  web: 7,
  cli: 8,
};

function productionFiles(directory: string): string[] {
  return fs
    .readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes(`${path.sep}fixtures${path.sep}`))
    .map((name) => path.join(directory, name));
}

function layerOf(file: string): { folder: string; rank: number | undefined } {
  const relative = path.relative(SRC, file);
  const folder = relative.includes(path.sep) ? (relative.split(path.sep)[0] as string) : '';
  return { folder, rank: folder === '' ? -1 : LAYERS[folder] };
}

function importsOf(file: string): string[] {
  const source = fs.readFileSync(file, 'utf8');
  return [...source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gmu)].map((match) => match[1] as string);
}

describe('layers', () => {
  const files = productionFiles(SRC);

  it('knows the layer of every folder of src/', () => {
    const unknown = files.map(layerOf).filter((layer) => layer.rank === undefined).map((layer) => layer.folder);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it('no import runs back up the layers, and src/ never imports evals/ or test/', () => {
    const violations: string[] = [];
    for (const file of files) {
      const own = layerOf(file);
      for (const specifier of importsOf(file)) {
        const target = path.resolve(path.dirname(file), specifier);
        if (!target.startsWith(SRC + path.sep)) {
          violations.push(`${path.relative(SRC, file)} → ${specifier} (outside src/)`);
          continue;
        }
        const other = layerOf(target);
        if (other.rank === undefined || own.rank === undefined) continue;
        if (other.rank > own.rank && other.rank !== -1) violations.push(`${path.relative(SRC, file)} → ${specifier} (${own.folder} may not use ${other.folder})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
