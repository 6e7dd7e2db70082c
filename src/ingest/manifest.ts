/**
 * A `manifest.json` beside the documents may state what a text does not (replacements, repeals,
 * dates); where both speak, the manifest wins.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DOCUMENT_TYPES } from '../legal/types.js';

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

export function readManifest(directory: string): Manifest | undefined {
  const file = path.join(directory, 'manifest.json');
  if (!fs.existsSync(file)) return undefined;
  const content = fs.readFileSync(file, 'utf8');
  const parsed = ManifestFile.safeParse(JSON.parse(content));
  if (!parsed.success) return undefined;
  const byFile = new Map<string, ManifestEntry>();
  for (const entry of parsed.data.documents) byFile.set(path.resolve(directory, entry.file), entry);
  return { path: file, byFile, content };
}
