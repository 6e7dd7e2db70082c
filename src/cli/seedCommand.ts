/**
 * `npm run seed` (part of `npm run setup`): the inspection-method guides the team writes in
 * corpus/methods and the sample lessons in corpus/lessons go into the knowledge store, published, by
 * the team's own account ("nhom-bien-soan"), each reference resolved against the index. Items already
 * there (same kind and title) are left as they are, so running it again changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { embedderForIndex } from '../knowledge/embedders/index.js';
import { openIndex } from '../knowledge/openIndex.js';
import { lessonBodyOf, parseGuideMarkdown, parseMarkdown } from '../lessons/compendium.js';
import { KnowledgeService } from '../lessons/service.js';
import { Retriever } from '../retrieval/retriever.js';
import { openStore } from '../store/index.js';

const TEAM = 'nhom-bien-soan';

export async function seedKnowledge(config: Config, directory: string): Promise<void> {
  const corpus = await openIndex(config.indexDir, embedderForIndex(config));
  const retriever = new Retriever(corpus);
  const store = await openStore({ ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}), dataDir: config.dataDir, listen: false });
  try {
    const team = (await store.findUserByName(TEAM)) ?? (await store.createUser(TEAM, 'trainer')).user;
    const service = new KnowledgeService(store, () => retriever);
    const existing = new Set((await store.exportItems()).map((item) => `${item.kind}|${item.title}`));
    const markdownFiles = (folder: string): string[] => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.md') && name.toLowerCase() !== 'readme.md').sort().map((name) => path.join(folder, name)) : []);
    let created = 0;
    const problems: string[] = [];
    for (const file of markdownFiles(path.join(directory, 'methods'))) {
      const guide = parseGuideMarkdown(fs.readFileSync(file, 'utf8'));
      if (existing.has(`guide|${guide.title}`)) continue;
      try {
        await service.create({ kind: 'guide', title: guide.title, ...(guide.field ? { field: guide.field } : {}), body: { ...(guide.summary ? { summary: guide.summary } : {}), steps: guide.steps, ...(guide.sample ? { sample: true } : {}) }, legalBasis: [] }, team.id, 'published');
        created++;
      } catch (error) {
        problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const file of markdownFiles(path.join(directory, 'lessons'))) {
      const parsed = parseMarkdown(fs.readFileSync(file, 'utf8'));
      problems.push(...parsed.problems.map((p) => `${file} mục ${p.entry}: ${p.reason}`));
      for (const lesson of parsed.lessons) {
        if (existing.has(`lesson|${lesson.title}`)) continue;
        try {
          await service.create({ kind: 'lesson', title: lesson.title, ...(lesson.year !== undefined ? { year: lesson.year } : {}), ...(lesson.field ? { field: lesson.field } : {}), body: lessonBodyOf(lesson), legalBasis: lesson.legalBasis }, team.id, 'published');
          created++;
        } catch (error) {
          problems.push(`${file} "${lesson.title}": ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    process.stdout.write(`Kho tri thức: thêm ${created} mục từ ${directory}/methods và ${directory}/lessons.\n`);
    for (const problem of problems) process.stdout.write(`  - ${problem}\n`);
    if (problems.length > 0) process.exitCode = 2;
  } finally {
    await store.close();
  }
}
