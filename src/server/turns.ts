/**
 * Requests take their turn: the API admits at most one request per turn of the event loop, in the
 * order they arrived. Answering is CPU work done in one go (tens of ms); without turns, one turn of the
 * loop answers every request that is ready, so under load a turn lasts seconds, and Node accepts only
 * one new connection per turn — a client that connects during a busy spell waits behind every
 * keep-alive client that is served again and again (seen as 10 s timeouts at 50 clients). With turns,
 * a turn lasts one answer, new connections are accepted at that pace, and everyone is served first
 * come, first served. Work that waits on the network (a language model) does not hold the turn.
 */
export class Turns {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /** How many requests wait for their turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves on a later turn of the event loop: one caller per turn, first come, first served. */
  next(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.waiting.shift()?.();
      // Set during this turn's check phase, so it runs on the next turn, after new I/O is taken in.
      this.schedule();
    });
  }
}
