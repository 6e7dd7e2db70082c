/**
 * ISO timestamps that strictly increase within one store object, so that "newest first" has no
 * ties between two writes made in the same millisecond.
 */
export class MonotonicClock {
  private last = 0;

  now(): string {
    const current = Math.max(Date.now(), this.last + 1);
    this.last = current;
    return new Date(current).toISOString();
  }
}
