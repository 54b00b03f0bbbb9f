/** Signal subscriptions and signal start events of the in-memory engine, by signal name. */
import { NameIndex, type StartRef } from './nameIndex.ts';

export interface SignalSubscriptionRef {
  instanceId: string;
  subscriptionId: string;
}

export class SignalIndex extends NameIndex<SignalSubscriptionRef> {
  /** Everything a broadcast of `name` reaches, taken at the moment of the throw. */
  receivers(name: string): { waiting: SignalSubscriptionRef[]; starts: StartRef[] } {
    return { waiting: this.waiting(name), starts: this.startsFor(name) };
  }
}
