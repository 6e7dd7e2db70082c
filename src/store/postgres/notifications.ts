/**
 * Cross-instance change notification over PostgreSQL LISTEN/NOTIFY.
 *
 * Every knowledge write sends `pg_notify(KNOWLEDGE_CHANNEL, payload)` inside its transaction, so
 * the notice goes out only on commit. Each store object keeps one dedicated connection that
 * LISTENs (a pooled connection cannot: it would be handed to other queries). Notices carry the
 * store-wide sequence; the listener delivers changes strictly in sequence order, and whenever it
 * sees a gap (a notice missed while the connection was down, or one that raced a reconnect) it
 * reads the missing changes from the history table. If the connection drops it reconnects with
 * a growing delay and catches up the same way.
 */
import pg from 'pg';
import { z } from 'zod';
import { KNOWLEDGE_KINDS, KNOWLEDGE_STATUSES, type KnowledgeChange } from '../types.js';

export const KNOWLEDGE_CHANNEL = 'tro_ly_knowledge_change';

const noticeSchema = z.object({
  schema: z.string(),
  itemId: z.string(),
  kind: z.enum(KNOWLEDGE_KINDS),
  status: z.enum(KNOWLEDGE_STATUSES),
  version: z.number().int(),
  sequence: z.number().int(),
});

/** The payload a write sends; the schema lets stores on other schemas of the same database ignore it. */
export function noticePayload(schema: string, change: KnowledgeChange): string {
  return JSON.stringify({ schema, ...change });
}

export interface NotificationListenerOptions {
  /** Connection settings of the dedicated LISTEN client (same database and search_path as the pool). */
  clientConfig: pg.ClientConfig;
  /** The schema whose changes this store follows. */
  schema: string;
  /** Reads committed changes after a sequence, oldest first. */
  changesSince: (afterSequence: number) => Promise<KnowledgeChange[]>;
  deliver: (change: KnowledgeChange) => void;
  onError: (error: unknown) => void;
  /** First reconnect delay; doubles up to `maxReconnectDelayMs`. Default 100. */
  reconnectDelayMs?: number;
  /** Default 5000. */
  maxReconnectDelayMs?: number;
}

export class NotificationListener {
  private client: pg.Client | null = null;
  private lastSequence = 0;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay: number;
  /** Serialises deliveries and catch-ups so listeners hear changes in sequence order. */
  private queue: Promise<void> = Promise.resolve();
  private connections = 0;

  constructor(private readonly options: NotificationListenerOptions) {
    this.reconnectDelay = options.reconnectDelayMs ?? 100;
  }

  /** Connects and LISTENs; changes after `fromSequence` will be delivered. */
  async start(fromSequence: number): Promise<void> {
    this.lastSequence = fromSequence;
    await this.connect();
  }

  /** How many times the LISTEN connection has been (re)established; for tests and health checks. */
  get connectionCount(): number {
    return this.connections;
  }

  /** The backend process id of the LISTEN connection, or null while disconnected. */
  async backendPid(): Promise<number | null> {
    if (!this.client) return null;
    const result = await this.client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return result.rows[0]?.pid ?? null;
  }

  async stop(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
    await this.queue;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(this.options.clientConfig);
    client.on('notification', (message) => {
      if (message.channel === KNOWLEDGE_CHANNEL && message.payload !== undefined) this.onNotice(message.payload);
    });
    client.on('error', (error) => this.onDrop(client, error));
    client.on('end', () => this.onDrop(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${KNOWLEDGE_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.connections += 1;
    this.reconnectDelay = this.options.reconnectDelayMs ?? 100;
    // Whatever was committed while we were not listening.
    this.enqueue(() => this.catchUp());
  }

  private onDrop(client: pg.Client, error: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => undefined);
    if (this.closed) return;
    if (error) this.options.onError(error);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.options.maxReconnectDelayMs ?? 5000);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error: unknown) => {
        this.options.onError(error);
        this.scheduleReconnect();
      });
    }, delay);
    this.reconnectTimer.unref();
  }

  private onNotice(payload: string): void {
    let notice: z.infer<typeof noticeSchema>;
    try {
      notice = noticeSchema.parse(JSON.parse(payload));
    } catch (error) {
      this.options.onError(error);
      return;
    }
    if (notice.schema !== this.options.schema) return;
    const change: KnowledgeChange = {
      itemId: notice.itemId,
      kind: notice.kind,
      status: notice.status,
      version: notice.version,
      sequence: notice.sequence,
    };
    this.enqueue(async () => {
      if (change.sequence <= this.lastSequence) return;
      if (change.sequence === this.lastSequence + 1) this.deliver(change);
      else await this.catchUp();
    });
  }

  private async catchUp(): Promise<void> {
    while (!this.closed) {
      const changes = await this.options.changesSince(this.lastSequence);
      const fresh = changes.filter((change) => change.sequence > this.lastSequence);
      for (const change of fresh) this.deliver(change);
      if (fresh.length === 0) return;
    }
  }

  private deliver(change: KnowledgeChange): void {
    this.lastSequence = change.sequence;
    this.options.deliver(change);
  }

  private enqueue(work: () => Promise<void> | void): void {
    this.queue = this.queue.then(work).catch((error: unknown) => {
      this.options.onError(error);
      // A failed catch-up is retried by the next notice or reconnect; nothing is marked delivered.
    });
  }
}
