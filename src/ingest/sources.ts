/**
 * Which files an ingest reads: the folders and files given, walked in a stable order, each with the
 * manifest.json beside it; and the hash that says whether a file must be read again.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest, type Manifest } from './manifest.js';

const IGNORED_NAMES = new Set(['manifest.json', 'readme.md', 'package.json']);

export interface SourceFile {
  path: string;
  display: string;
  manifest?: Manifest;
}

export function collectFiles(sources: readonly string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const visit = (entry: string, manifest: Manifest | undefined): void => {
    const stat = fs.statSync(entry);
    if (stat.isDirectory()) {
      const own = readManifest(entry) ?? manifest;
      for (const name of fs.readdirSync(entry).sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        visit(path.join(entry, name), own);
      }
      return;
    }
    const name = path.basename(entry).toLowerCase();
    if (IGNORED_NAMES.has(name)) return;
    files.push({ path: path.resolve(entry), display: path.relative(process.cwd(), path.resolve(entry)) || entry, ...(manifest ? { manifest } : {}) });
  };
  for (const source of sources) {
    if (!fs.existsSync(source)) continue;
    const manifest = fs.statSync(source).isDirectory() ? undefined : readManifest(path.dirname(source));
    visit(source, manifest);
  }
  return files;
}

const CODE_DIRECTORIES = ['../ingest', '../legal', '../text'];
let codeVersion: string | undefined;

/** A digest of the code that turns files into units: when the parser changes, every file is read again. */
export function ingestCodeVersion(): string {
  if (codeVersion) return codeVersion;
  const hash = crypto.createHash('sha256');
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const directory of CODE_DIRECTORIES) {
    const root = path.resolve(here, directory);
    const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts')).sort();
    for (const name of files) hash.update(name).update(fs.readFileSync(path.join(root, name)));
  }
  codeVersion = hash.digest('hex').slice(0, 16);
  return codeVersion;
}

export function sourceHash(bytes: Buffer, manifest?: Manifest): string {
  const hash = crypto.createHash('sha256').update(ingestCodeVersion()).update(bytes);
  if (manifest) hash.update(manifest.content);
  return hash.digest('hex').slice(0, 32);
}

