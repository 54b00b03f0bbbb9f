/**
 * Live token positions over socket.io (namespace `/live`), shared by the server and the web app.
 *
 * A client emits `subscribe` with a {@link LiveSubscribeRequest} and an ack callback; the ack
 * carries a snapshot (or, for a reconnecting instance subscriber, the missed events) and from then
 * on `batch` messages arrive, one per committed step, only after the commit.
 *
 * Sequence numbers: every snapshot and batch has a `seq`, every batch also `from`. A client keeps
 * the last `seq` it has; a batch with `seq <= last` is a duplicate, `from === last + 1` applies,
 * `from > last + 1` is a gap (subscribe again). Instance subscriptions count the instance's own
 * event sequence (`EngineEvent.seq`, dense and in commit order on every database, so `since`
 * survives reconnects and server restarts); batches cover `from..seq` even when none of those
 * events is shown (`events` is then empty). Definition subscriptions count batches (1, 2, 3, ...)
 * per server process: after a reconnect they take a fresh snapshot.
 *
 * Apply the ack inside the ack callback itself: batches may follow it in the same frame, before an
 * awaited `emitWithAck` resumes.
 *
 * `applyLiveBatch` (liveFold.ts) is the one fold of batches into snapshots; the server builds its
 * snapshots with it too, so a snapshot equals an older snapshot plus the batches after it.
 */
import type { InstanceStatus } from './state.ts';

/** socket.io namespace of the live feed. */
export const LIVE_NAMESPACE = '/live';

/** `subscribe` payload: one process instance (optionally resuming after `since`) or one definition. */
export type LiveSubscribeRequest = { instanceId: string; since?: number } | { definitionId: string };

/** `subscribe` ack. */
export type LiveSubscribeReply =
  | { ok: true; subscription: string; mode: 'snapshot'; snapshot: LiveSnapshot }
  /** `since` was honoured: `batch` holds everything after it (empty `events` when nothing was missed). */
  | { ok: true; subscription: string; mode: 'replay'; batch: LiveBatch }
  | { ok: false; error: { type: string; message: string } };

/** `unsubscribe` payload. */
export interface LiveUnsubscribeRequest {
  subscription: string;
}

/** `lost`: the server stopped following a subscription (it could not read the database). */
export interface LiveLost {
  subscription: string;
  message: string;
}

/** Messages a client sends (socket.io event map). */
export interface LiveClientEvents {
  subscribe(request: LiveSubscribeRequest, ack: (reply: LiveSubscribeReply) => void): void;
  unsubscribe(request: LiveUnsubscribeRequest, ack?: (reply: { ok: boolean }) => void): void;
}

/** Messages the server sends (socket.io event map). */
export interface LiveServerEvents {
  batch(batch: LiveBatch): void;
  lost(lost: LiveLost): void;
}

/** An open incident as the live feed shows it. */
export interface LiveIncident {
  id: string;
  key: string;
  elementId: string;
  type: string;
  message: string;
  created: number;
}

/** An open user task as the live feed shows it. */
export interface LiveTask {
  /** Same id as the REST task id. */
  id: string;
  key: string;
  elementId: string;
  name?: string;
  assignee?: string;
  created: number;
}

interface LiveEventBase {
  /** The engine event's sequence number in its instance. */
  seq: number;
  /** Engine time of the event (epoch ms). */
  time: number;
}

/** What the live feed shows of the engine's events (see server/src/live/translate.ts). */
export type LiveEvent = LiveEventBase &
  (
    | {
        type: 'element.activated';
        key: string;
        elementId: string;
        elementType: string;
        parent: string | null;
      }
    | { type: 'element.completed' | 'element.terminated'; key: string; elementId: string }
    | { type: 'flow.taken'; flowId: string; source: string; target: string }
    | { type: 'instance.ended'; status: Exclude<InstanceStatus, 'active'> }
    | { type: 'incident.raised'; incident: LiveIncident }
    | { type: 'incident.resolved'; incidentId: string; key: string; elementId: string }
    | { type: 'task.created'; task: LiveTask }
    /** The user task's element completed (`task.completed`) or was terminated (`task.canceled`). */
    | { type: 'task.completed' | 'task.canceled'; taskId: string; key: string; elementId: string }
  );

/** The kinds of live events. */
export type LiveEventType = LiveEvent['type'];

/** One committed step of one instance, as seen by one subscription. */
export interface LiveBatch {
  subscription: string;
  instanceId: string;
  definitionId: string;
  /** First sequence number this batch covers (see the module comment). */
  from: number;
  /** Last sequence number this batch covers: the subscription's position after it. */
  seq: number;
  /** Server wall clock when the commit was observed (epoch ms with fractions); 0 in replays. */
  committedAt: number;
  events: LiveEvent[];
}

/** One instance: where its tokens are now and the path they took. */
export interface LiveInstanceSnapshot {
  kind: 'instance';
  instanceId: string;
  definitionId: string;
  status: InstanceStatus;
  seq: number;
  /** Live (active or waiting) element instances per element id; the process itself included. */
  active: Record<string, number>;
  /** Completed element instances per element id. */
  completed: Record<string, number>;
  /** Terminated element instances per element id. */
  terminated: Record<string, number>;
  /** Times each sequence flow was taken. */
  flows: Record<string, number>;
  /** Open incidents by id. */
  incidents: Record<string, LiveIncident>;
  /** Open user tasks by id. */
  tasks: Record<string, LiveTask>;
}

/** All active instances of one definition: token, incident and open-task counts per element. */
export interface LiveDefinitionSnapshot {
  kind: 'definition';
  definitionId: string;
  seq: number;
  /** Live element instances per element id; `active[processId]` is the number of running instances. */
  active: Record<string, number>;
  /** Open incidents per element id. */
  incidents: Record<string, number>;
  /** Open user tasks per element id. */
  tasks: Record<string, number>;
}

/** What a `subscribe` ack carries in `snapshot` mode. */
export type LiveSnapshot = LiveInstanceSnapshot | LiveDefinitionSnapshot;
