import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED, VAN_BAN } from '../../test/paths.js';
import { buildDocuments } from '../ingest/build.js';
import { loadFile } from '../ingest/loaders/index.js';

interface Entry {
  number: string;
  type: string;
  title: string;
  issuer: string;
  issued: string;
  effective?: string;
  file: string;
}

const manifest = JSON.parse(fs.readFileSync(path.join(SHARED, 'corpus/manifest.json'), 'utf8')) as { documents: Entry[] };

describe('header metadata from the text alone, with the manifest as the answer key', () => {
  it.each(manifest.documents.map((entry) => [path.basename(entry.file), entry] as const))('%s', async (file, entry) => {
    const [loaded] = await loadFile(fs.readFileSync(path.join(VAN_BAN, file)), file);
    if (!loaded) throw new Error('not loaded');
    // No manifest is passed: what we read is the text's own.
    const [document] = buildDocuments(loaded).documents;
    expect(document?.number).toBe(entry.number);
    expect(document?.type).toBe(entry.type);
    expect(document?.issued).toBe(entry.issued);
    expect(document?.issuer).toBe(entry.issuer);
    expect(document?.fromManifest).toEqual([]);
  });

  it('reads the effective date from the article on entry into force', async () => {
    const entries = manifest.documents.filter((e) => e.effective && !e.file.endsWith('.txt'));
    const wrong: string[] = [];
    for (const entry of entries) {
      const [loaded] = await loadFile(fs.readFileSync(path.join(SHARED, 'corpus', entry.file)), entry.file);
      const effective = loaded ? buildDocuments(loaded).documents[0]?.effective : undefined;
      if (effective !== entry.effective) wrong.push(`${entry.number}: ${effective}`);
    }
    expect(wrong).toEqual([]);
  });

  it('reads titles (trích yếu) as the manifest writes them for the sound texts', async () => {
    // 237/2026 is the damaged OCR; the manifest paraphrases the title of 156/2026 ("hướng dẫn Luật Tố cáo").
    for (const entry of manifest.documents.filter((e) => !e.number.startsWith('237/') && !e.number.startsWith('156/'))) {
      const [loaded] = await loadFile(fs.readFileSync(path.join(SHARED, 'corpus', entry.file)), entry.file);
      const title = loaded ? buildDocuments(loaded).documents[0]?.title : undefined;
      expect(title?.toLocaleLowerCase('vi')).toBe(entry.title.toLocaleLowerCase('vi'));
    }
  });
});
