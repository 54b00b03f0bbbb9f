/**
 * The interface both engines are driven through, so every scenario runs the same code path for
 * Baton and bpmn-engine and only the adapter (baton.ts, peer.ts) differs.
 */

/** A model compiled once by an engine, ready to start instances of. */
export interface PreparedModel<W> {
  /** Starts one instance and resolves when it has ended (the model must not wait). */
  run(): Promise<void>;
  /** Runs one instance like `run`, recording the ids of the elements it completed (a sanity check). */
  trace(): Promise<string[]>;
  /** Starts one instance that stops in the user task; resolves with a handle to it. */
  startWaiting(): Promise<W>;
  /** Completes the user task of a waiting instance and resolves when the instance has ended. */
  complete(waiting: W): Promise<void>;
  /** Snapshots a waiting instance through JSON and restores it elsewhere, ready to continue. */
  snapshotRestore(waiting: W): Promise<void>;
}

/** One engine under test. `W` is its handle to a waiting instance. */
export interface Driver<W = unknown> {
  readonly name: string;
  /** Compiles (deploys) `xml`, whose executable process is `processId`. */
  prepare(xml: string, processId: string): Promise<PreparedModel<W>>;
  /**
   * Sets up what compiling needs (an engine) and returns a function that compiles `xml` from
   * scratch the way the engine does before its first run (timed by compile-1000).
   */
  compiler(): Promise<(xml: string) => Promise<void>>;
}
