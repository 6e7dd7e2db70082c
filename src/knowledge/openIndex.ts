/**
 * Opening the index for a service or a command: a save that was stopped half way is recovered and
 * leftovers removed (unless an ingest is writing right now), every file is verified against its
 * checksum, and a damaged current index falls back to the previous good one with a warning — or, with
 * the fall-back refused or impossible, the caller gets INDEX_CORRUPT naming the damaged file (a
 * service should then refuse to start). `readBuildId` tells cheaply whether a newer index was written.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, IndexCorruptError } from '../errors.js';
import { previousIndexDir, recoverIndexFolder, tryLockIndex, type IndexLogger } from './indexFolder.js';
import { KnowledgeBase, type IndexEmbedder, type IndexManifest } from './knowledgeBase.js';

export interface OpenIndexOptions {
  /** Load `<indexDir>.prev` when the current index is damaged. Default: true. */
  fallback?: boolean;
  /** Called when the previous index was loaded instead of the current one, with why. */
  onFallback?: (event: { error: IndexCorruptError; directory: string; buildId: string }) => void;
  /** Recoveries and removed leftovers. */
  log?: IndexLogger;
}

/**
 * The index at `indexDir`, whole. Throws INDEX_MISSING when there is none, INDEX_CORRUPT (an
 * `IndexCorruptError` whose `file` names the damaged file) when the current index is damaged and no
 * good previous one may or can be used, and the loader's own errors (INDEX_INCOMPATIBLE ...) as they are.
 */
export async function openIndex(
  indexDir: string,
  embedderFor: (manifest: IndexManifest, directory: string) => IndexEmbedder,
  options: OpenIndexOptions = {},
): Promise<KnowledgeBase> {
  const current = path.resolve(indexDir);
  const previous = previousIndexDir(current);
  let lock: ReturnType<typeof tryLockIndex>;
  try {
    lock = tryLockIndex(current);
  } catch (error) {
    // A read-only installation cannot take the lock: open what is there, without recovery.
    options.log?.({ level: 'info', code: 'INDEX_READ_ONLY', file: current, message: `không ghi được khoá chỉ mục (${(error as { code?: string }).code ?? String(error)}); mở mà không phục hồi` });
    lock = undefined;
  }
  if (lock) {
    // No ingest is writing: safe to finish what a killed one left.
    try {
      recoverIndexFolder(current, (folder) => KnowledgeBase.damage(folder) === undefined, options.log);
    } finally {
      lock.release();
    }
  } else if (fs.existsSync(`${current}.lock`)) await waitForCurrent(current);
  let failure: IndexCorruptError;
  try {
    return await KnowledgeBase.load(current, embedderFor);
  } catch (error) {
    if (!(error instanceof IndexCorruptError)) {
      if (error instanceof AppError && error.code === 'INDEX_MISSING' && fs.existsSync(previous) && options.fallback !== false) {
        return loadPrevious(previous, embedderFor, new IndexCorruptError(path.join(current, 'manifest.json'), 'không có chỉ mục hiện hành'), options);
      }
      throw error;
    }
    failure = error;
  }
  if (options.fallback === false || !fs.existsSync(previous)) throw failure;
  return loadPrevious(previous, embedderFor, failure, options);
}

async function loadPrevious(
  previous: string,
  embedderFor: (manifest: IndexManifest, directory: string) => IndexEmbedder,
  failure: IndexCorruptError,
  options: OpenIndexOptions,
): Promise<KnowledgeBase> {
  let knowledge: KnowledgeBase;
  try {
    knowledge = await KnowledgeBase.load(previous, embedderFor);
  } catch (error) {
    throw new IndexCorruptError(failure.file, `${failure.detail ?? failure.message}; chỉ mục trước đó (${previous}) cũng không dùng được: ${error instanceof Error ? error.message : String(error)}`, {
      cause: failure,
    });
  }
  options.onFallback?.({ error: failure, directory: previous, buildId: knowledge.manifest.buildId });
  options.log?.({ level: 'warn', code: 'INDEX_FALLBACK', file: failure.file, message: `chỉ mục hiện hành hỏng (${failure.message}); đang dùng chỉ mục trước đó ${previous}` });
  return knowledge;
}

/** An ingest renaming folders leaves the current index missing for a moment: wait a little for it. */
async function waitForCurrent(current: string): Promise<void> {
  for (let attempt = 0; attempt < 50 && !fs.existsSync(path.join(current, 'manifest.json')); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const BuildFile = z.object({ buildId: z.string() });

/**
 * The build id of the complete index now at `indexDir` (a 100-byte read), or undefined when there is
 * none. A service polls it and, when it differs from `knowledge.manifest.buildId`, opens the new index
 * with `openIndex` and swaps it in.
 */
export function readBuildId(indexDir: string): string | undefined {
  try {
    const parsed = BuildFile.safeParse(JSON.parse(fs.readFileSync(path.join(path.resolve(indexDir), 'build.json'), 'utf8')));
    return parsed.success ? parsed.data.buildId : undefined;
  } catch {
    return undefined;
  }
}
