/**
 * A `manifest.json` beside the documents may state what a text does not (replacements, repeals,
 * dates); where both speak, the manifest wins. A manifest that cannot be read, or that does not have
 * the expected shape, is reported by name with the reason (the documents beside it are still read,
 * without it); an entry naming a file outside its folder is reported and dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DOCUMENT_TYPES } from '../legal/types.js';
import type { SkippedFile } from './types.js';

const ManifestEntry = z.object({
  number: z.string(),
  type: z.enum(DOCUMENT_TYPES).optional(),
  title: z.string().optional(),
  issuer: z.string().optional(),
  issued: z.string().optional(),
  effective: z.string().optional(),
  expired: z.string().optional(),
  replaces: z.array(z.string()).optional(),
  replaced_by: z.string().optional(),
  amends: z.array(z.string()).optional(),
  repeals_in_part: z.array(z.string()).optional(),
  file: z.string(),
});
const ManifestFile = z.object({ documents: z.array(ManifestEntry) });
export type ManifestEntry = z.infer<typeof ManifestEntry>;

export interface Manifest {
  /** Absolute path of the manifest. */
  path: string;
  /** Entries by absolute path of the file they describe. */
  byFile: Map<string, ManifestEntry>;
  content: string;
}

export interface ManifestRead {
  manifest?: Manifest;
  /** Why the manifest, or some of its entries, could not be used. */
  problems: SkippedFile[];
}

/** True when `child` is `parent` or lies inside it (both absolute). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** The Vietnamese reason a JSON text does not parse, with the place JSON.parse names. */
function jsonSyntaxReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const place = /line (\d+) column (\d+)/u.exec(message);
  if (place) return `JSON sai cú pháp ở dòng ${place[1]}, cột ${place[2]}`;
  const position = /position (\d+)/u.exec(message);
  return position ? `JSON sai cú pháp ở ký tự thứ ${position[1]}` : `JSON sai cú pháp (${message})`;
}

/**
 * Reads `directory/manifest.json` when there is one. `root` is the real path of the source folder:
 * a manifest that is a link out of it is not read, and entries must name files inside `directory`.
 */
export function readManifest(directory: string, root: string, display: (file: string) => string): ManifestRead {
  const file = path.join(directory, 'manifest.json');
  const problem = (code: string, reason: string): ManifestRead => ({ problems: [{ file: display(file), code, reason }] });
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return { problems: [] };
  }
  if (stat.isSymbolicLink()) {
    let real: string;
    try {
      real = fs.realpathSync(file);
    } catch {
      return problem('SYMLINK_BROKEN', 'manifest.json là liên kết hỏng; các văn bản cạnh nó được nạp mà không có thông tin bổ sung');
    }
    if (!isInside(real, root)) return problem('OUTSIDE_SOURCE', `manifest.json là liên kết trỏ ra ngoài thư mục nguồn (${real}); không đọc`);
  }
  let content: string;
  let json: unknown;
  try {
    content = fs.readFileSync(file, 'utf8');
    json = JSON.parse(content);
  } catch (error) {
    const reason = error instanceof SyntaxError ? jsonSyntaxReason(error) : `không đọc được (${error instanceof Error ? error.message : String(error)})`;
    return problem('MANIFEST_INVALID', `${reason}; các văn bản cạnh nó được nạp mà không có thông tin bổ sung`);
  }
  const parsed = ManifestFile.safeParse(json, { error: z.locales.vi().localeError });
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(gốc)'}: ${issue.message}`);
    const more = parsed.error.issues.length > 3 ? ` và ${parsed.error.issues.length - 3} lỗi khác` : '';
    return problem('MANIFEST_INVALID', `sai cấu trúc {documents: [{number, file, ...}]} — ${issues.join('; ')}${more}; các văn bản cạnh nó được nạp mà không có thông tin bổ sung`);
  }
  const problems: SkippedFile[] = [];
  const byFile = new Map<string, ManifestEntry>();
  for (const entry of parsed.data.documents) {
    const target = path.resolve(directory, entry.file);
    if (!isInside(target, directory)) {
      problems.push({ file: display(file), code: 'OUTSIDE_SOURCE', reason: `mục của văn bản ${entry.number} trỏ ra ngoài thư mục ("${entry.file}"); bỏ qua mục này` });
      continue;
    }
    byFile.set(target, entry);
  }
  return { manifest: { path: file, byFile, content }, problems };
}
