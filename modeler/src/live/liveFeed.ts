/**
 * Live token positions for the views: one shared socket.io connection to /live, subscriptions that
 * keep a reactive snapshot with the shared fold (`applyLiveBatch`), and resubscribe on a gap or a
 * reconnect so the view ends up exactly right.
 */
import { io, type Socket } from 'socket.io-client';
import { onBeforeUnmount, onMounted, ref, shallowRef, triggerRef, watch, type Ref } from 'vue';
import {
  applyLiveBatch,
  LIVE_NAMESPACE,
  type LiveBatch,
  type LiveClientEvents,
  type LiveServerEvents,
  type LiveSnapshot,
  type LiveSubscribeRequest,
} from '@baton/engine/protocol';
import { definitions } from '../api/resources.ts';
import { debounce } from './debounce.ts';

type LiveSocket = Socket<LiveServerEvents, LiveClientEvents>;

let shared: LiveSocket | undefined;
function socket(): LiveSocket {
  shared ??= io(LIVE_NAMESPACE, { transports: ['websocket'] });
  return shared;
}

export interface LiveView<S extends LiveSnapshot> {
  snapshot: Ref<S | undefined>;
  error: Ref<string | undefined>;
  /** Called after every applied batch with its events (for toasts, refreshing lists). */
  onBatch(listener: (batch: LiveBatch) => void): void;
}

/** Follows one instance or definition while the calling component is mounted. */
export function useLive<S extends LiveSnapshot>(
  request: () => LiveSubscribeRequest | undefined,
): LiveView<S> {
  const snapshot = shallowRef<S | undefined>();
  const error = ref<string | undefined>();
  const listeners: ((batch: LiveBatch) => void)[] = [];
  const s = socket();
  let subscription: string | undefined;
  let current: LiveSubscribeRequest | undefined;

  const subscribe = () => {
    const req = current;
    if (!req) return;
    const since = 'instanceId' in req && snapshot.value ? snapshot.value.seq : undefined;
    s.emit('subscribe', since !== undefined ? { ...req, since } : req, (reply) => {
      if (current !== req) return; // navigated away meanwhile
      if (!reply.ok) {
        error.value = reply.error.message;
        return;
      }
      error.value = undefined;
      subscription = reply.subscription;
      if (reply.mode === 'snapshot') snapshot.value = reply.snapshot as S;
      else if (snapshot.value) {
        applyLiveBatch(snapshot.value, reply.batch);
        triggerRef(snapshot);
      }
    });
  };

  const onBatch = (batch: LiveBatch) => {
    if (batch.subscription !== subscription || !snapshot.value) return;
    const result = applyLiveBatch(snapshot.value, batch);
    if (result === 'gap') return subscribe();
    if (result === 'applied') {
      triggerRef(snapshot);
      for (const l of listeners) l(batch);
    }
  };
  const onLost = (lost: { subscription: string }) => {
    if (lost.subscription === subscription) subscribe();
  };
  const onConnect = () => subscribe(); // reconnects resume (instances) or re-snapshot (definitions)

  s.on('batch', onBatch);
  s.on('lost', onLost);
  s.io.on('reconnect', onConnect);

  const stop = watch(
    () => JSON.stringify(request() ?? null),
    () => {
      if (subscription) s.emit('unsubscribe', { subscription });
      subscription = undefined;
      snapshot.value = undefined;
      current = request();
      subscribe();
    },
    { immediate: true },
  );

  onBeforeUnmount(() => {
    stop();
    current = undefined;
    if (subscription) s.emit('unsubscribe', { subscription });
    s.off('batch', onBatch);
    s.off('lost', onLost);
    s.io.off('reconnect', onConnect);
  });

  return { snapshot, error, onBatch: (l) => void listeners.push(l) };
}

/**
 * Follows the commits of several definitions without keeping their snapshots (the task list and
 * the dashboard only need to know that something changed). Returns the unsubscribe function.
 */
function watchDefinitions(definitionIds: string[], onBatch: (batch: LiveBatch) => void): () => void {
  const s = socket();
  const subscriptions = new Set<string>();
  let stopped = false;
  const subscribeAll = () => {
    for (const definitionId of definitionIds)
      s.emit('subscribe', { definitionId }, (reply) => {
        if (!reply.ok) return;
        if (stopped) s.emit('unsubscribe', { subscription: reply.subscription });
        else subscriptions.add(reply.subscription);
      });
  };
  const handler = (batch: LiveBatch) => {
    if (subscriptions.has(batch.subscription)) onBatch(batch);
  };
  s.on('batch', handler);
  s.io.on('reconnect', subscribeAll);
  subscribeAll();
  return () => {
    stopped = true;
    s.off('batch', handler);
    s.io.off('reconnect', subscribeAll);
    for (const subscription of subscriptions) s.emit('unsubscribe', { subscription });
    subscriptions.clear();
  };
}

/**
 * While the calling component is mounted, calls `onChange` once per burst of commits (quiet for
 * `ms`) in any deployed definition that `relevant` accepts: for lists that refetch rather than fold.
 */
export function useDefinitionsFeed(
  onChange: () => void,
  options: { ms: number; relevant?: (batch: LiveBatch) => boolean },
): void {
  const changed = debounce(onChange, options.ms);
  let stop: (() => void) | undefined;
  let unmounted = false;
  onMounted(async () => {
    const ids = (await definitions.list({ maxResults: 10_000 }).catch(() => [])).map((d) => d.id);
    if (unmounted) return;
    stop = watchDefinitions(ids, (batch) => {
      if (!options.relevant || options.relevant(batch)) changed();
    });
  });
  onBeforeUnmount(() => {
    unmounted = true;
    stop?.();
  });
}
