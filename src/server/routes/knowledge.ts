/**
 * The trainers' knowledge over HTTP: lessons (/api/lessons), inspection-method guides (/api/guides)
 * and verified answers (/api/verified-answers) — everyone reads; trainers write lessons and guides;
 * trainers and legal staff write verified answers. Every write is checked (body, legal basis), kept
 * with its history, and published to search at once. Also: checking a reference as it is typed,
 * the review queue of stale items, knowledge gaps, and a year's compendium in (CSV, JSON, Markdown)
 * and out (Markdown, PDF).
 */
import type { Request } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { parseCsv, parseJson, parseMarkdown, lessonBodyOf, toMarkdown, toPdf } from '../../lessons/compendium.js';
import { groupGaps, type GapSignal } from '../../lessons/gaps.js';
import { resolveLegalBasis, suggestionsFor } from '../../lessons/legalBasis.js';
import { itemLabel } from '../../lessons/library.js';
import { KNOWLEDGE_FIELDS } from '../../lessons/types.js';
import { LegalBasisError, type ItemDraft } from '../../lessons/service.js';
import { KNOWLEDGE_STATUSES, type KnowledgeItem, type KnowledgeKind, type UserRole } from '../../store/types.js';
import type { AppDependencies } from '../app.js';
import { EVERYONE, userOf, type ApiBuilder } from '../api.js';
import { allItems } from '../serving.js';

const year = z.coerce.number().int().min(1945).max(2200);
const references = z.array(z.string().trim().min(1).max(300)).max(30).default([]);
const creatable = z.enum(['draft', 'review', 'published']).default('draft');

/** What each kind's POST and PATCH take, and how it becomes a draft for the service. */
const KINDS = {
  lesson: {
    path: '/lessons',
    writers: ['trainer'] as readonly UserRole[],
    schema: z.object({
      year,
      field: z.string().trim().min(1).max(200),
      title: z.string().trim().min(1).max(500),
      situation: z.string().trim().min(1).max(20_000),
      lesson: z.string().trim().min(1).max(20_000),
      recommendation: z.string().trim().max(20_000).optional(),
      issuingUnit: z.string().trim().max(300).optional(),
      legalBasis: references,
      status: creatable,
    }),
    draft: (input: Record<string, unknown>): Omit<ItemDraft, 'kind'> => ({
      title: String(input['title']),
      year: input['year'] as number,
      field: input['field'] as string,
      body: { situation: input['situation'], lesson: input['lesson'], ...(input['recommendation'] ? { recommendation: input['recommendation'] } : {}), ...(input['issuingUnit'] ? { issuingUnit: input['issuingUnit'] } : {}) },
      legalBasis: input['legalBasis'] as string[],
    }),
  },
  guide: {
    path: '/guides',
    writers: ['trainer'] as readonly UserRole[],
    schema: z.object({
      title: z.string().trim().min(1).max(500),
      field: z.string().trim().min(1).max(200).optional(),
      year: year.optional(),
      summary: z.string().trim().max(5000).optional(),
      steps: z.array(z.object({ title: z.string().trim().min(1).max(500), text: z.string().trim().min(1).max(10_000), legalBasis: references })).min(1).max(60),
      legalBasis: references,
      status: creatable,
    }),
    draft: (input: Record<string, unknown>): Omit<ItemDraft, 'kind'> => ({
      title: String(input['title']),
      ...(input['year'] !== undefined ? { year: input['year'] as number } : {}),
      ...(input['field'] !== undefined ? { field: input['field'] as string } : {}),
      body: { ...(input['summary'] ? { summary: input['summary'] } : {}), steps: input['steps'] },
      legalBasis: input['legalBasis'] as string[],
    }),
  },
  verified: {
    path: '/verified-answers',
    writers: ['trainer', 'legal'] as readonly UserRole[],
    schema: z.object({
      question: z.string().trim().min(1).max(2000),
      answer: z.string().trim().min(1).max(20_000),
      field: z.string().trim().min(1).max(200).optional(),
      legalBasis: references.refine((list) => list.length > 0, 'câu trả lời chuẩn cần ít nhất một căn cứ pháp lý'),
      status: creatable,
    }),
    draft: (input: Record<string, unknown>): Omit<ItemDraft, 'kind'> => ({
      title: String(input['question']),
      ...(input['field'] !== undefined ? { field: input['field'] as string } : {}),
      body: { question: input['question'], answer: input['answer'] },
      legalBasis: input['legalBasis'] as string[],
    }),
  },
} as const;

const ListQuery = z.object({
  year: year.optional(),
  field: z.string().max(200).optional(),
  status: z.enum(KNOWLEDGE_STATUSES).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const StatusChange = z.object({ status: z.enum(KNOWLEDGE_STATUSES), version: z.number().int().min(1).optional(), direct: z.boolean().default(false) });
const Version = z.object({ version: z.number().int().min(1) });

/** An item as the API shows it: the stored record with its citation label and the names of its author and reviewer. */
async function shown(item: KnowledgeItem, names: (id: string | null) => Promise<string | null>) {
  return { ...item, label: itemLabel(item), authorName: await names(item.author), reviewerName: await names(item.reviewer) };
}

export function knowledgeRoutes(api: ApiBuilder, deps: AppDependencies): void {
  const { store, serving, knowledge, pdfFont } = deps;
  const names = async (id: string | null): Promise<string | null> => (id ? ((await store.getUser(id))?.name ?? null) : null);
  const existing = async (kind: KnowledgeKind, request: Request): Promise<KnowledgeItem> => {
    const item = await store.getItem(String(request.params['id']));
    if (!item || item.kind !== kind) throw new AppError('NOT_FOUND', `mục ${String(request.params['id'])}`);
    return item;
  };
  const changed = async (item: KnowledgeItem, action: string, actor: string): Promise<void> => {
    await store.audit({ action: `${item.kind}.${action}`, userId: actor, detail: { itemId: item.id, status: item.status, version: item.version } });
    await serving.refresh();
  };

  for (const kind of ['lesson', 'guide', 'verified'] as const) {
    const spec = KINDS[kind];
    api.get(spec.path, EVERYONE, async (request, response) => {
      const query = ListQuery.parse(request.query);
      const page = await store.listItems({ kind, ...(query.year ? { year: query.year } : {}), ...(query.field ? { field: query.field } : {}), ...(query.status ? { status: query.status } : {}), ...(query.q ? { text: query.q } : {}), limit: query.limit, offset: query.offset });
      response.json({ items: await Promise.all(page.items.map((item) => shown(item, names))), total: page.total });
    });
    api.post(spec.path, spec.writers, async (request, response) => {
      const input = spec.schema.parse(request.body) as Record<string, unknown> & { status: 'draft' | 'review' | 'published' };
      const user = userOf(response);
      const item = await knowledge.create({ kind, ...spec.draft(input) }, user.id, input.status);
      await changed(item, 'create', user.id);
      response.status(201).json(await shown(item, names));
    });
    api.get(`${spec.path}/:id`, EVERYONE, async (request, response) => {
      response.json(await shown(await existing(kind, request), names));
    });
    api.patch(`${spec.path}/:id`, spec.writers, async (request, response) => {
      const current = await existing(kind, request);
      const { version } = Version.parse(request.body);
      const input = spec.schema.partial().parse(request.body) as Record<string, unknown>;
      const full = { ...currentInput(current), ...input };
      const draft = spec.draft(full);
      const user = userOf(response);
      const item = await knowledge.update(current.id, version, { ...(input['title'] !== undefined || input['question'] !== undefined ? { title: draft.title } : {}), ...(input['year'] !== undefined ? { year: draft.year ?? null } : {}), ...(input['field'] !== undefined ? { field: draft.field ?? null } : {}), ...(Object.keys(input).some((key) => !['title', 'year', 'field', 'legalBasis', 'status', 'version'].includes(key)) ? { body: draft.body } : {}), ...(input['legalBasis'] !== undefined ? { legalBasis: draft.legalBasis } : {}) }, user.id);
      await changed(item, 'update', user.id);
      response.json(await shown(item, names));
    });
    api.post(`${spec.path}/:id/status`, spec.writers, async (request, response) => {
      const current = await existing(kind, request);
      const change = StatusChange.parse(request.body);
      const user = userOf(response);
      const item = await knowledge.setStatus(current.id, change.status, user.id, change.version, change.direct);
      await changed(item, change.status, user.id);
      response.json(await shown(item, names));
    });
    api.post(`${spec.path}/:id/retire`, spec.writers, async (request, response) => {
      const current = await existing(kind, request);
      const user = userOf(response);
      const item = await knowledge.setStatus(current.id, 'retired', user.id);
      await changed(item, 'retired', user.id);
      response.json(await shown(item, names));
    });
    api.get(`${spec.path}/:id/history`, EVERYONE, async (request, response) => {
      const current = await existing(kind, request);
      response.json(await store.itemHistory(current.id));
    });
  }

  api.get('/references/check', EVERYONE, async (request, response) => {
    const { ref } = z.object({ ref: z.string().trim().min(1).max(300) }).parse(request.query);
    const retriever = serving.current.retriever;
    const { entries, unresolved } = await resolveLegalBasis(retriever, [ref]);
    const found = entries[0];
    response.json(found ? { found: true, label: found.label, unitId: found.unitId, suggestions: [] } : { found: false, suggestions: unresolved[0]?.suggestions ?? (await suggestionsFor(retriever, ref)) });
  });

  /** The fields of the sector the pages offer for filing an item (imports may bring others). */
  api.get('/knowledge/fields', EVERYONE, (_request, response) => {
    response.json(KNOWLEDGE_FIELDS);
  });

  api.get('/knowledge/stale', ['trainer', 'legal', 'admin'], async (_request, response) => {
    const items = [...(await allItems(store, 'published')), ...(await allItems(store, 'review'))].filter((item) => item.staleReason);
    response.json(await Promise.all(items.map((item) => shown(item, names))));
  });

  api.get('/knowledge/gaps', ['trainer', 'legal', 'admin'], async (request, response) => {
    const { days } = z.object({ days: z.coerce.number().int().min(1).max(3650).default(90) }).parse(request.query);
    const from = new Date(Date.now() - days * 86_400_000).toISOString();
    const signals: GapSignal[] = [];
    for (const entry of await store.listAudit({ action: 'chat', from, limit: 20_000 })) {
      const outcome = entry.detail.outcome;
      if (entry.question && (outcome === 'likely' || outcome === 'decline')) signals.push({ question: entry.question, reason: outcome, at: entry.at });
    }
    for (const feedback of await store.listFeedback(5000)) {
      if (feedback.rating === 'down' && feedback.createdAt >= from) signals.push({ question: feedback.question, reason: 'thumbs-down', at: feedback.createdAt });
    }
    response.json(groupGaps(signals));
  });

  api.post('/knowledge/import', ['trainer'], async (request, response) => {
    const { format, content, status } = z
      .object({ format: z.enum(['csv', 'json', 'markdown']), content: z.string().min(1).max(20_000_000), status: z.enum(['draft', 'review', 'published']).default('draft') })
      .parse(request.body);
    const parsed = format === 'csv' ? parseCsv(content) : format === 'json' ? parseJson(content) : parseMarkdown(content);
    const user = userOf(response);
    const created: string[] = [];
    const problems = [...parsed.problems.map((p) => ({ entry: p.entry, reason: p.reason, suggestions: [] as string[] }))];
    for (const [index, lesson] of parsed.lessons.entries()) {
      try {
        const item = await knowledge.create({ kind: 'lesson', title: lesson.title, ...(lesson.year !== undefined ? { year: lesson.year } : {}), ...(lesson.field ? { field: lesson.field } : {}), body: lessonBodyOf(lesson), legalBasis: lesson.legalBasis }, user.id, status);
        created.push(item.id);
      } catch (error) {
        if (error instanceof LegalBasisError) problems.push({ entry: index + 1, reason: error.message, suggestions: error.unresolved.flatMap((u) => u.suggestions).slice(0, 5) });
        else if (error instanceof AppError) problems.push({ entry: index + 1, reason: error.message, suggestions: [] });
        else throw error;
      }
    }
    await store.audit({ action: 'lesson.import', userId: user.id, detail: { format, created: created.length, problems: problems.length } });
    await serving.refresh();
    response.status(created.length > 0 ? 201 : 422).json({ created: created.length, ids: created, problems });
  });

  api.get('/knowledge/export', EVERYONE, async (request, response) => {
    const query = z.object({ year: year.optional(), format: z.enum(['markdown', 'pdf']).default('markdown'), status: z.enum(KNOWLEDGE_STATUSES).default('published') }).parse(request.query);
    const items = (await allItems(store, query.status)).filter((item) => item.kind === 'lesson' && (!query.year || item.year === query.year));
    const heading = `Bài học kinh nghiệm${query.year ? ` năm ${query.year}` : ''}`;
    const name = `bai-hoc-kinh-nghiem${query.year ? `-${query.year}` : ''}`;
    if (query.format === 'markdown') {
      response.set('Content-Type', 'text/markdown; charset=utf-8').set('Content-Disposition', `attachment; filename="${name}.md"`).send(toMarkdown(items, heading));
      return;
    }
    response.set('Content-Type', 'application/pdf').set('Content-Disposition', `attachment; filename="${name}.pdf"`).send(await toPdf(items, heading, pdfFont));
  });
}

/** An item back in the shape its POST takes, so a PATCH can change some fields and keep the rest. */
function currentInput(item: KnowledgeItem): Record<string, unknown> {
  return { ...item.body, title: item.title, ...(item.year !== null ? { year: item.year } : {}), ...(item.field !== null ? { field: item.field } : {}), legalBasis: item.legalBasis.map((entry) => entry.label) };
}
