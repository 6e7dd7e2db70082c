/**
 * Which files an ingest reads: the folders and files given, walked in a stable order, each with the
 * manifest.json beside it; and the hash that says whether a file must be read again.
 *
 * Nothing outside a source folder is read: a symbolic link is followed only when it resolves inside
 * the folder it was found in; a link out of it, a dangling link, a loop of links and anything that is
 * not a regular file (a device, a pipe) are reported by name with the reason and skipped.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LoadError } from '../errors.js';
import { isInside, readManifest, type Manifest } from './manifest.js';
import type { SkippedFile } from './types.js';

const IGNORED_NAMES = new Set(['manifest.json', 'readme.md', 'package.json']);

export interface SourceFile {
  /** Absolute path as reached from the source (through links that stay inside it). */
  path: string;
  /** The path as reports and units name it: relative to the working directory. */
  display: string;
  size: number;
  manifest?: Manifest;
}

export interface CollectedFiles {
  files: SourceFile[];
  /** Entries that are not read, and manifests that could not be used, with the reason. */
  problems: SkippedFile[];
}

export function displayPath(absolute: string): string {
  return path.relative(process.cwd(), absolute) || absolute;
}

function linkProblem(error: unknown, file: string): SkippedFile {
  const code = (error as { code?: string }).code;
  if (code === 'ELOOP') return { file, code: 'SYMLINK_LOOP', reason: 'liên kết tượng trưng vòng lặp (trỏ về chính nó)' };
  if (code === 'ENOENT') return { file, code: 'SYMLINK_BROKEN', reason: 'liên kết tượng trưng trỏ tới tệp không tồn tại' };
  return { file, code: 'FILE_UNREADABLE', reason: `không đọc được (${code ?? (error instanceof Error ? error.message : String(error))})` };
}

/**
 * The files of the given sources, skipping `excluded` paths (absolute) and anything outside each
 * source's folder. A file reached twice (through a link, or from two sources) is listed once.
 */
export function collectFiles(sources: readonly string[], options: { excluded?: readonly string[] } = {}): CollectedFiles {
  const files: SourceFile[] = [];
  const problems: SkippedFile[] = [];
  const seenFiles = new Set<string>();
  const excluded = (options.excluded ?? []).map((entry) => path.resolve(entry));
  // An exclusion applies inside the sources that contain it; a source named inside an exclusion is read.
  let activeExclusions: string[] = [];
  const isExcluded = (absolute: string): boolean => activeExclusions.some((entry) => isInside(absolute, entry));

  const addFile = (absolute: string, real: string, stat: fs.Stats, manifest: Manifest | undefined): void => {
    if (IGNORED_NAMES.has(path.basename(absolute).toLowerCase()) || seenFiles.has(real)) return;
    seenFiles.add(real);
    files.push({ path: absolute, display: displayPath(absolute), size: stat.size, ...(manifest ? { manifest } : {}) });
  };

  const walk = (directory: string, directoryReal: string, root: string, inherited: Manifest | undefined, ancestors: ReadonlySet<string>): void => {
    const own = readManifest(directory, root, displayPath);
    problems.push(...own.problems);
    const manifest = own.manifest ?? inherited;
    let names: string[];
    try {
      names = fs.readdirSync(directory).sort();
    } catch (error) {
      problems.push({ file: displayPath(directory), code: 'FILE_UNREADABLE', reason: `không đọc được thư mục (${(error as { code?: string }).code ?? String(error)})` });
      return;
    }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const entry = path.join(directory, name);
      if (isExcluded(entry)) continue;
      const display = displayPath(entry);
      let stat: fs.Stats;
      let real: string;
      try {
        stat = fs.lstatSync(entry);
        if (stat.isSymbolicLink()) {
          real = fs.realpathSync(entry);
          if (!isInside(real, root)) {
            problems.push({ file: display, code: 'OUTSIDE_SOURCE', reason: `liên kết tượng trưng trỏ ra ngoài thư mục nguồn (tới ${real}); không đọc` });
            continue;
          }
          stat = fs.statSync(real);
        } else real = path.join(directoryReal, name);
      } catch (error) {
        problems.push(linkProblem(error, display));
        continue;
      }
      if (stat.isDirectory()) {
        if (ancestors.has(real)) {
          problems.push({ file: display, code: 'SYMLINK_LOOP', reason: 'liên kết tượng trưng trỏ về một thư mục cha (vòng lặp); không đọc' });
          continue;
        }
        walk(entry, real, root, manifest, new Set([...ancestors, real]));
      } else if (stat.isFile()) addFile(entry, real, stat, manifest);
      else problems.push({ file: display, code: 'NOT_A_FILE', reason: 'không phải tệp thông thường (thiết bị, ống dẫn hoặc socket); không đọc' });
    }
  };

  for (const source of sources) {
    const absolute = path.resolve(source);
    activeExclusions = excluded.filter((entry) => !isInside(absolute, entry));
    let real: string;
    let stat: fs.Stats;
    try {
      real = fs.realpathSync(absolute);
      stat = fs.statSync(real);
    } catch (error) {
      const code = (error as { code?: string }).code;
      problems.push(
        code === 'ENOENT' && !isSymlink(absolute)
          ? { file: displayPath(absolute), code: 'SOURCE_NOT_FOUND', reason: 'không tìm thấy thư mục hoặc tệp nguồn' }
          : linkProblem(error, displayPath(absolute)),
      );
      continue;
    }
    if (stat.isDirectory()) walk(absolute, real, real, undefined, new Set([real]));
    else if (stat.isFile()) {
      const directory = path.dirname(absolute);
      const beside = readManifest(directory, fs.realpathSync(directory), displayPath);
      problems.push(...beside.problems);
      addFile(absolute, real, stat, beside.manifest);
    } else problems.push({ file: displayPath(absolute), code: 'NOT_A_FILE', reason: 'không phải tệp thông thường; không đọc' });
  }
  return { files, problems };
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The bytes of a source file, refused with FILE_TOO_LARGE before anything is read when it is larger
 * than `maxBytes` (also when it grew since it was listed).
 */
export function readSourceBytes(source: SourceFile, maxBytes: number): Buffer {
  const tooLarge = (size: number): LoadError =>
    new LoadError('FILE_TOO_LARGE', source.display, `${(size / 1024 / 1024).toFixed(1)} MB, giới hạn ${(maxBytes / 1024 / 1024).toFixed(0)} MB`);
  if (source.size > maxBytes) throw tooLarge(source.size);
  let descriptor: number;
  try {
    descriptor = fs.openSync(source.path, 'r');
  } catch (cause) {
    throw new LoadError('FILE_UNREADABLE', source.display, `không mở được (${(cause as { code?: string }).code ?? String(cause)})`, { cause });
  }
  try {
    const size = fs.fstatSync(descriptor).size;
    if (size > maxBytes) throw tooLarge(size);
    const bytes = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const count = fs.readSync(descriptor, bytes, read, size - read, read);
      if (count === 0) break;
      read += count;
    }
    return read === size ? bytes : bytes.subarray(0, read);
  } finally {
    fs.closeSync(descriptor);
  }
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
    const files = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.includes('fixtures'))
      .sort();
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
