/**
 * Due timers of the in-memory engine: instance timer subscriptions and timer start events. With a
 * real clock it arms one `setTimeout` for the earliest; with an injected clock tests move time and
 * call `fireDue()`, so nothing ever sleeps.
 */
export interface ScheduledTimer {
  /** `instanceId/subscriptionId`, or `start/processKey/startEventId`. */
  id: string;
  dueAt: number;
  elementId: string;
  instanceId?: string;
  processKey?: string;
}

export class TimerService {
  private readonly timers = new Map<string, ScheduledTimer>();
  private handle: ReturnType<typeof setTimeout> | undefined;
  private armedFor: number | undefined;

  constructor(
    private readonly now: () => number,
    /** Fires one due timer; called by `fireDue`. */
    private readonly fire: (timer: ScheduledTimer) => void,
    private readonly automatic: boolean,
  ) {}

  schedule(timer: ScheduledTimer): void {
    this.timers.set(timer.id, timer);
    this.arm();
  }

  cancel(id: string): void {
    this.timers.delete(id);
    this.arm();
  }

  list(): ScheduledTimer[] {
    return [...this.timers.values()].sort((a, b) => a.dueAt - b.dueAt);
  }

  /** Fires every timer due by now, earliest first (late ones too, after downtime); returns how many. */
  fireDue(): number {
    let fired = 0;
    for (;;) {
      const now = this.now();
      let next: ScheduledTimer | undefined;
      for (const t of this.timers.values()) if (t.dueAt <= now && (!next || t.dueAt < next.dueAt)) next = t;
      if (!next) break;
      this.timers.delete(next.id);
      this.fire(next);
      fired++;
    }
    this.arm();
    return fired;
  }

  /** Stops the real-clock timeout (engine shutdown). */
  stop(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = undefined;
    this.armedFor = undefined;
  }

  private arm(): void {
    if (!this.automatic) return;
    let earliest: number | undefined;
    for (const t of this.timers.values())
      if (earliest === undefined || t.dueAt < earliest) earliest = t.dueAt;
    if (earliest === this.armedFor) return;
    this.stop();
    if (earliest === undefined) return;
    this.armedFor = earliest;
    // setTimeout caps at ~24.8 days; re-arming on wake-up covers longer waits.
    const delay = Math.min(Math.max(0, earliest - this.now()), 2 ** 31 - 1);
    this.handle = setTimeout(() => {
      this.armedFor = undefined;
      this.fireDue();
    }, delay);
    this.handle.unref?.();
  }
}
