/**
 * Message correlation for the in-memory engine, in both dialects: Camunda 7's correlate (by
 * business key, instance id, correlation keys matched against process variables; exactly one or
 * all) and Camunda 8's publish (by correlation key, buffered for a time to live when nothing waits).
 */
import { BatonError } from '../protocol/errors.ts';
import { NameIndex, type StartRef } from './nameIndex.ts';
import type { JsonValue } from '../protocol/variables.ts';

export interface MessageSubscriptionRef {
  instanceId: string;
  subscriptionId: string;
  elementId: string;
  correlationKey?: string;
}

export type MessageStartRef = StartRef;

export interface BufferedMessage {
  id: string;
  name: string;
  correlationKey?: string;
  variables: Record<string, JsonValue>;
  expiresAt: number;
}

export interface CorrelateOptions {
  businessKey?: string;
  processInstanceId?: string;
  /** Process variables that must equal these values (Camunda 7 `correlationKeys`). */
  correlationKeys?: Record<string, unknown>;
  /** Camunda 8 correlation key. */
  correlationKey?: string;
  variables?: Record<string, unknown>;
  /** Correlate to every match instead of exactly one. */
  all?: boolean;
}

/** One target a message went to. */
export type CorrelationTarget =
  { kind: 'subscription'; ref: MessageSubscriptionRef } | { kind: 'start'; ref: MessageStartRef };

export class MessageIndex extends NameIndex<MessageSubscriptionRef> {
  readonly buffer: BufferedMessage[] = [];

  /**
   * Where a message goes. Waiting subscriptions come first; start events only when none waits (and
   * no instance id was asked for). `matches` checks business key and variables against an instance.
   */
  targets(
    name: string,
    options: CorrelateOptions,
    matches: (ref: MessageSubscriptionRef) => boolean,
  ): CorrelationTarget[] {
    const waiting = this.waiting(name).filter(
      (ref) =>
        (options.processInstanceId === undefined || ref.instanceId === options.processInstanceId) &&
        (options.correlationKey === undefined || ref.correlationKey === options.correlationKey) &&
        matches(ref),
    );
    const found: CorrelationTarget[] = waiting.map((ref) => ({ kind: 'subscription', ref }));
    if (
      (found.length === 0 || options.all) &&
      options.processInstanceId === undefined &&
      !options.correlationKeys
    ) {
      for (const ref of this.startsFor(name)) found.push({ kind: 'start', ref });
    }
    if (!options.all && found.length !== 1) {
      const filter = describe(options);
      throw new BatonError(
        found.length === 0 ? 'NOT_FOUND' : 'CONFLICT',
        found.length === 0
          ? `Cannot correlate message '${name}'${filter}: no process definition or execution matches`
          : `Cannot correlate message '${name}'${filter}: ${found.length} executions or start events match, expected exactly one`,
      );
    }
    return found;
  }

  /** Buffered messages still alive for `name` and `correlationKey`, oldest first. */
  takeBuffered(name: string, correlationKey: string | undefined, now: number): BufferedMessage | undefined {
    this.expire(now);
    const i = this.buffer.findIndex((m) => m.name === name && m.correlationKey === correlationKey);
    return i < 0 ? undefined : this.buffer.splice(i, 1)[0];
  }

  expire(now: number): void {
    for (let i = this.buffer.length - 1; i >= 0; i--)
      if (this.buffer[i].expiresAt <= now) this.buffer.splice(i, 1);
  }
}

function describe(options: CorrelateOptions): string {
  const parts: string[] = [];
  if (options.businessKey !== undefined) parts.push(`business key '${options.businessKey}'`);
  if (options.processInstanceId !== undefined) parts.push(`process instance '${options.processInstanceId}'`);
  if (options.correlationKey !== undefined) parts.push(`correlation key '${options.correlationKey}'`);
  if (options.correlationKeys) parts.push(`correlation keys ${JSON.stringify(options.correlationKeys)}`);
  return parts.length > 0 ? ` with ${parts.join(', ')}` : '';
}
