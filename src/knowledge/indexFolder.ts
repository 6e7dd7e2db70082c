/**
 * The index folder on disk and the folders around it:
 *
 *   embeddings/            the current index (complete: its manifest lists a sha256 for every file)
 *   embeddings.prev/       the previous good index, kept for a fall-back when the current one is damaged
 *   embeddings.tmp-<pid>-* a save in progress (the staging folder, renamed into place when complete)
 *   embeddings.old-<pid>-* an index being thrown away
 *   embeddings.lock        held by the one process writing (an ingest), with its pid
 *
 * A save writes the staging folder, manifest last, then: prev → old, current → prev, staging →
 * current, old removed. A process killed at any point leaves a complete current index, or (between
 * the two renames) a complete staging folder and a complete prev; `recoverIndexFolder` puts a complete
 * index back in place and removes the leftovers.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, IndexCorruptError } from '../errors.js';

/** The points of a save, in order; a test hook may stop the save at each (as a kill would). */
export const SAVE_STEPS = ['files-written', 'staging-complete', 'previous-retired', 'current-retired', 'new-in-place', 'done'] as const;
export type SaveStep = (typeof SAVE_STEPS)[number];

/** Something the index code did or met that a person should know: logged, shown in the ingest summary. */
export interface IndexEvent {
  level: 'info' | 'warn' | 'error';
  code: string;
  message: string;
  /** The file or folder concerned (absolute path). */
  file?: string;
}
export type IndexLogger = (event: IndexEvent) => void;

export interface FileChecksum {
  sha256: string;
  bytes: number;
}

export function previousIndexDir(directory: string): string {
  return `${path.resolve(directory)}.prev`;
}

function lockFile(directory: string): string {
  return `${path.resolve(directory)}.lock`;
}

/** The staging (`.tmp-`) and retired (`.old-`) folders beside the index, as absolute paths. */
export function leftoverFolders(directory: string): { staging: string[]; retired: string[] } {
  const absolute = path.resolve(directory);
  const parent = path.dirname(absolute);
  const base = path.basename(absolute);
  let names: string[] = [];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return { staging: [], retired: [] };
  }
  return {
    staging: names.filter((name) => name.startsWith(`${base}.tmp-`)).map((name) => path.join(parent, name)),
    retired: names.filter((name) => name.startsWith(`${base}.old-`)).map((name) => path.join(parent, name)),
  };
}

/** A new, empty staging folder beside the index. */
export function createStagingFolder(directory: string): string {
  const absolute = path.resolve(directory);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  return fs.mkdtempSync(`${absolute}.tmp-${process.pid}-`);
}

export function retiredFolderName(directory: string): string {
  return `${path.resolve(directory)}.old-${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
}

// ---------------------------------------------------------------------------------------------
// Checksums

/** sha256 and size of a file, read in chunks (an index file may be hundreds of MB). */
export function checksumOf(file: string): FileChecksum {
  const hash = crypto.createHash('sha256');
  const chunk = Buffer.alloc(1024 * 1024);
  const descriptor = fs.openSync(file, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const count = fs.readSync(descriptor, chunk, 0, chunk.length, null);
      if (count === 0) break;
      hash.update(chunk.subarray(0, count));
      bytes += count;
    }
  } finally {
    fs.closeSync(descriptor);
  }
  return { sha256: hash.digest('hex'), bytes };
}

function filesUnder(directory: string): string[] {
  return fs
    .readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((name) => fs.statSync(path.join(directory, name)).isFile())
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

/** Every file of a folder but manifest.json, flushed to disk, with its checksum (by path relative to the folder, with "/"). */
export function checksumsOf(directory: string): Record<string, FileChecksum> {
  const checksums: Record<string, FileChecksum> = {};
  for (const name of filesUnder(directory)) {
    if (name === 'manifest.json') continue;
    const file = path.join(directory, name);
    flush(file);
    checksums[name] = checksumOf(file);
  }
  return checksums;
}

/** Checks every listed file against its size and sha256; the first that differs is named in the error. */
export function verifyChecksums(directory: string, checksums: Readonly<Record<string, FileChecksum>>): void {
  for (const [name, expected] of Object.entries(checksums)) {
    const file = path.join(directory, ...name.split('/'));
    let actual: FileChecksum;
    try {
      actual = checksumOf(file);
    } catch (cause) {
      throw new IndexCorruptError(file, 'tệp bị thiếu hoặc không đọc được', { cause });
    }
    if (actual.bytes !== expected.bytes) throw new IndexCorruptError(file, `kích thước ${actual.bytes} byte, manifest ghi ${expected.bytes} byte (tệp bị cắt hoặc ghi dở)`);
    if (actual.sha256 !== expected.sha256) throw new IndexCorruptError(file, 'nội dung khác với mã kiểm tra sha256 ghi trong manifest (tệp bị sửa hoặc hỏng)');
  }
}

/** Writes a file and flushes it to disk before returning. */
export function writeFileDurably(file: string, content: string | Buffer): void {
  const descriptor = fs.openSync(file, 'w');
  try {
    fs.writeFileSync(descriptor, content);
    fs.fsyncSync(descriptor);
  } finally {
    fs.closeSync(descriptor);
  }
}

/** Flushes a file or a folder (its entries) to disk; a file system that cannot is not an error. */
export function flush(target: string): void {
  let descriptor: number | undefined;
  try {
    descriptor = fs.openSync(target, 'r');
    fs.fsyncSync(descriptor);
  } catch {
    // Some file systems refuse fsync on a folder opened read-only; the rename order still holds.
  } finally {
    if (descriptor !== undefined) fs.closeSync(descriptor);
  }
}

// ---------------------------------------------------------------------------------------------
// The writer's lock

export interface IndexLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

function lockHolder(file: string): number | undefined {
  try {
    const pid = Number((JSON.parse(fs.readFileSync(file, 'utf8')) as { pid?: unknown }).pid);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the writer's lock of an index, or returns undefined when a live process holds it. A lock left
 * by a process that is gone (killed mid-ingest) is taken over.
 */
export function tryLockIndex(directory: string): IndexLock | undefined {
  const file = lockFile(directory);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const descriptor = fs.openSync(file, 'wx');
      fs.writeFileSync(descriptor, JSON.stringify({ pid: process.pid, since: new Date().toISOString() }));
      fs.closeSync(descriptor);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          if (lockHolder(file) === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
      const holder = lockHolder(file);
      if (holder !== undefined && isAlive(holder)) return undefined;
      // Written by a process that is gone (or half written): stale.
      fs.rmSync(file, { force: true });
    }
  }
  return undefined;
}

/** Takes the writer's lock or fails with INDEX_BUSY naming the process that holds it. */
export function lockIndex(directory: string): IndexLock {
  const lock = tryLockIndex(directory);
  if (lock) return lock;
  const holder = lockHolder(lockFile(directory));
  throw new AppError(
    'INDEX_BUSY',
    `tiến trình ${holder ?? '?'} đang ghi ${path.resolve(directory)}; chờ nó xong (nếu chắc chắn không còn lần nạp nào đang chạy, xoá ${lockFile(directory)})`,
  );
}

// ---------------------------------------------------------------------------------------------
// Recovery

/**
 * After a process was killed while saving: puts a complete index back in place when the current one is
 * missing (the staging folder a save completed, else the previous index) and removes leftover staging
 * and retired folders. Call it holding the writer's lock. `isComplete` says whether a folder holds a
 * whole index (manifest readable, every checksum right).
 */
export function recoverIndexFolder(directory: string, isComplete: (folder: string) => boolean, log: IndexLogger = () => undefined): void {
  const current = path.resolve(directory);
  const previous = previousIndexDir(directory);
  const { staging, retired } = leftoverFolders(directory);
  if (!fs.existsSync(current)) {
    const complete = staging.filter((folder) => isComplete(folder)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    const newest = complete[0];
    if (newest) {
      fs.renameSync(newest, current);
      flush(path.dirname(current));
      log({ level: 'warn', code: 'INDEX_RECOVERED', file: current, message: `lần lưu chỉ mục trước bị dừng giữa hai bước đổi tên; đã đặt bản mới đã ghi xong (${path.basename(newest)}) vào chỗ` });
    } else if (fs.existsSync(previous) && isComplete(previous)) {
      fs.renameSync(previous, current);
      flush(path.dirname(current));
      log({ level: 'warn', code: 'INDEX_RECOVERED', file: current, message: 'không có chỉ mục hiện hành; đã đặt lại chỉ mục trước đó (.prev) vào chỗ' });
    }
  }
  for (const folder of [...staging, ...retired]) {
    if (!fs.existsSync(folder)) continue;
    fs.rmSync(folder, { recursive: true, force: true });
    log({ level: 'info', code: 'STAGING_REMOVED', file: folder, message: 'đã xoá thư mục tạm của một lần lưu chỉ mục bị dừng' });
  }
}
