/**
 * A size-capped map for parsed expressions. Eviction is first-in-first-out rather than LRU: a hit
 * then costs one Map lookup and no bookkeeping, and with a cap far above the number of distinct
 * expressions in the deployed definitions eviction practically never happens. The cap only guards
 * against unbounded growth from ad-hoc evaluations (e.g. expressions typed into a UI).
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  get size(): number {
    return this.entries.size;
  }
}
