/** The subscribers of one store object to knowledge changes. */
import type { KnowledgeChange, KnowledgeChangeListener } from '../types.js';

export class ChangeListeners {
  private readonly listeners = new Set<KnowledgeChangeListener>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  add(listener: KnowledgeChangeListener): () => void {
    // A wrapper per subscription, so the same function subscribed twice is called twice and unsubscribed once each.
    const subscription: KnowledgeChangeListener = (change) => listener(change);
    this.listeners.add(subscription);
    return () => {
      this.listeners.delete(subscription);
    };
  }

  /** Calls every listener; one that throws neither stops the others nor the write that caused it. */
  emit(change: KnowledgeChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }

  get size(): number {
    return this.listeners.size;
  }
}
