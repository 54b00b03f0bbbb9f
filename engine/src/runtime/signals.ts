/** Signal subscriptions and signal start events of the in-memory engine, by signal name. */
export interface SignalSubscriptionRef {
  instanceId: string;
  subscriptionId: string;
}

export class SignalIndex {
  private readonly subscriptions = new Map<string, Map<string, SignalSubscriptionRef>>();
  private readonly starts = new Map<string, { processKey: string; startEventId: string }[]>();

  add(name: string, ref: SignalSubscriptionRef): void {
    let byId = this.subscriptions.get(name);
    if (!byId) this.subscriptions.set(name, (byId = new Map()));
    byId.set(`${ref.instanceId}/${ref.subscriptionId}`, ref);
  }

  remove(instanceId: string, subscriptionId: string): void {
    for (const byId of this.subscriptions.values()) byId.delete(`${instanceId}/${subscriptionId}`);
  }

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

  /** Everything a broadcast of `name` reaches, taken at the moment of the throw. */
  receivers(name: string): {
    waiting: SignalSubscriptionRef[];
    starts: { processKey: string; startEventId: string }[];
  } {
    return {
      waiting: [...(this.subscriptions.get(name)?.values() ?? [])],
      starts: [...(this.starts.get(name) ?? [])],
    };
  }
}
