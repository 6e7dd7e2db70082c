/**
 * What the service answers from, swapped whole and never changed in place: the corpus index with the
 * published lessons, guides and verified answers live beside it, and the retriever, look-up and
 * answerer over that view. A request takes the current state once and keeps it to the end, so a
 * swap (a new index written by an ingest, a lesson published here or on another instance) never
 * fails a request in flight. After every corpus swap the items whose cited provisions changed are
 * flagged for review.
 */
import type { Logger } from 'pino';
import type { Answerer } from '../answer/types.js';
import type { PublishedKnowledge } from '../answer/extractive.js';
import type { KnowledgeBase } from '../knowledge/knowledgeBase.js';
import { itemLabel, KnowledgeLibrary, liveUnitId, staleReasonOf } from '../lessons/library.js';
import { BODY_SCHEMAS } from '../lessons/types.js';
import { Lookup } from '../retrieval/lookup.js';
import { RegistryView } from '../retrieval/registryView.js';
import type { Retriever } from '../retrieval/retriever.js';
import type { KnowledgeItem, Store } from '../store/types.js';

export interface ServingState {
  /** The corpus with the published items live. */
  knowledge: KnowledgeBase;
  /** The corpus alone (what the index on disk holds). */
  corpus: KnowledgeBase;
  retriever: Retriever;
  lookup: Lookup;
  registry: RegistryView;
  answerer: Answerer;
  /** When this state was made, and how many items are live. */
  since: string;
  liveItems: number;
}

export interface ServingOptions {
  store: Store;
  logger: Logger;
  retrieverFor: (knowledge: KnowledgeBase) => Retriever;
  answererFor: (retriever: Retriever, published: (unitId: string) => PublishedKnowledge | undefined) => Answerer | Promise<Answerer>;
}

/** Every item of a kind in a status, page by page. */
export async function allItems(store: Store, status: KnowledgeItem['status']): Promise<KnowledgeItem[]> {
  const items: KnowledgeItem[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await store.listItems({ status, limit: 500, offset });
    items.push(...page.items);
    if (page.items.length < 500 || items.length >= page.total) return items;
  }
}

export class ServingIndex {
  private state: ServingState | undefined;
  private readonly options: ServingOptions;
  private readonly library = new KnowledgeLibrary();
  /** Changes run one after another: a refresh never races another. */
  private queue: Promise<void> = Promise.resolve();

  constructor(options: ServingOptions) {
    this.options = options;
  }

  get current(): ServingState {
    if (!this.state) throw new Error('ServingIndex used before start()');
    return this.state;
  }

  /** Builds the first state from this corpus. */
  async start(corpus: KnowledgeBase): Promise<ServingState> {
    await this.build(corpus);
    await this.flagStale(corpus);
    return this.current;
  }

  /** Publishes the store's current items (after a change here or on another instance). */
  refresh(): Promise<void> {
    return this.enqueue(async () => {
      await this.build(this.current.corpus);
    });
  }

  /** A newly written index takes over: live items are laid over it, stale items flagged. */
  swapCorpus(corpus: KnowledgeBase): Promise<void> {
    return this.enqueue(async () => {
      await this.build(corpus);
      await this.flagStale(corpus);
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch((error: unknown) => this.options.logger.error({ err: error }, 'không cập nhật được tri thức đang phục vụ'));
    return run;
  }

  private async build(corpus: KnowledgeBase): Promise<void> {
    const { store } = this.options;
    const published = await allItems(store, 'published');
    const names = new Map((await store.listUsers()).map((user) => [user.id, user.name]));
    // A verified answer whose cited provisions changed is not served as verified until it is approved again.
    const servable = published.filter((item) => !(item.kind === 'verified' && item.staleReason));
    const knowledge = await this.library.view(corpus, servable);
    const byUnit = new Map<string, PublishedKnowledge>();
    for (const item of servable) byUnit.set(liveUnitId(item), publishedOf(item, names));
    const retriever = this.options.retrieverFor(knowledge);
    this.state = {
      knowledge,
      corpus,
      retriever,
      lookup: new Lookup(retriever),
      registry: new RegistryView(knowledge),
      answerer: await this.options.answererFor(retriever, (unitId) => byUnit.get(unitId)),
      since: new Date().toISOString(),
      liveItems: servable.length,
    };
  }

  /** Items (in review or published) whose cited provisions changed, vanished or left force, flagged for review. */
  private async flagStale(corpus: KnowledgeBase): Promise<void> {
    const { store, logger } = this.options;
    const retriever = this.options.retrieverFor(corpus);
    const candidates = [...(await allItems(store, 'published')), ...(await allItems(store, 'review'))];
    let flagged = 0;
    for (const item of candidates) {
      if (item.staleReason) continue;
      const reason = staleReasonOf(corpus, item, undefined, (unit, asOf) => retriever.validityOf(unit, asOf));
      if (!reason) continue;
      await store.markItemStale(item.id, reason, null);
      flagged++;
    }
    if (flagged > 0) {
      logger.warn({ flagged }, 'có nội dung tri thức cần rà soát lại vì căn cứ pháp lý đã thay đổi');
      await this.build(corpus);
    }
  }
}

function publishedOf(item: KnowledgeItem, names: ReadonlyMap<string, string>): PublishedKnowledge {
  const base = { kind: item.kind, label: itemLabel(item), basisUnitIds: item.legalBasis.map((entry) => entry.unitId) };
  if (item.kind !== 'verified') return base;
  const body = BODY_SCHEMAS.verified.parse(item.body);
  return {
    ...base,
    verified: {
      question: body.question,
      answer: body.answer,
      approvedBy: (item.reviewer && names.get(item.reviewer)) || 'người duyệt',
      approvedAt: item.approvedAt ?? item.updatedAt,
    },
  };
}
