/**
 * Waiting subscriptions and start events of the latest versions, by message or signal name: the
 * index both the message and the signal delivery of the in-memory engine look things up in.
 */
export interface StartRef {
  processKey: string;
  startEventId: string;
}

export class NameIndex<Ref extends { instanceId: string; subscriptionId: string }> {
  private readonly subscriptions = new Map<string, Map<string, Ref>>();
  private readonly starts = new Map<string, StartRef[]>();

  add(name: string, ref: Ref): void {
    let byId = this.subscriptions.get(name);
    if (!byId) this.subscriptions.set(name, (byId = new Map()));
    byId.set(`${ref.instanceId}/${ref.subscriptionId}`, ref);
  }

  remove(instanceId: string, subscriptionId: string): void {
    for (const byId of this.subscriptions.values()) byId.delete(`${instanceId}/${subscriptionId}`);
  }

  /** A new latest version of `processKey` replaces the start events of the old one. */
  setStarts(processKey: string, starts: { name: string; startEventId: string }[]): void {
    for (const [name, refs] of this.starts) {
      this.starts.set(
        name,
        refs.filter((r) => r.processKey !== processKey),
      );
    }
    for (const { name, startEventId } of starts) {
      const refs = this.starts.get(name) ?? [];
      refs.push({ processKey, startEventId });
      this.starts.set(name, refs);
    }
  }

  /** The subscriptions waiting for `name` now (a copy). */
  waiting(name: string): Ref[] {
    return [...(this.subscriptions.get(name)?.values() ?? [])];
  }

  /** The start events listening for `name` now (a copy). */
  startsFor(name: string): StartRef[] {
    return [...(this.starts.get(name) ?? [])];
  }
}
