// The solve worker's client: one worker per side (A, and B of a comparison). A new request
// supersedes the running one: the solve inside the worker is synchronous, so a busy worker is
// terminated and a fresh one started (a stale solve never gets to post its result), and any
// message whose id is not the latest request is dropped.

import type { Fabric } from '../model/fabric';
import type { Scenario } from '../model/scenario';
import { solveRequest, type FromWorker, type ResultMessage, type ToWorker } from '../solver/protocol';

export interface SolveCallbacks {
  progress(key: string, fraction: number): void;
  result(key: string, msg: ResultMessage): void;
  error(key: string, message: string): void;
}

export class SolveClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private latest = 0;
  private latestKey = '';
  private busy = false;
  /** The fabric and lengths the current worker holds (it was sent them). */
  private held: { fabric: Fabric; lengthM: Float32Array; moduleNs: Float32Array } | null = null;
  /** Key of the prepare the worker is on (sent, no 'prepared' back yet). */
  private preparing: string | null = null;
  /** Workers started so far (a restart supersedes a stale solve). */
  restarts = 0;

  constructor(private cb: SolveCallbacks) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('../solver/solve.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<FromWorker>) => this.receive(w, e.data);
    w.onerror = (e) => {
      e.preventDefault();
      if (w !== this.worker) return;
      const key = this.latestKey;
      this.stop();
      this.cb.error(key, `the solve worker failed: ${e.message || 'unknown error'}`);
    };
    this.worker = w;
    return w;
  }

  /** Stops the worker (and whatever it is solving). */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.busy = false;
    this.held = null;
    this.preparing = null;
  }

  /** Replaces a worker that is solving, or preparing another scenario: it cannot be interrupted. */
  private supersede(key: string): void {
    if (this.busy || (this.preparing !== null && this.preparing !== key)) {
      this.stop();
      this.restarts++;
    }
  }

  solve(
    key: string,
    scenario: Scenario,
    fabric: Fabric,
    lengthM: Float32Array,
    moduleNs: Float32Array,
  ): void {
    // A running solve cannot see a newer message until it ends: replace the worker instead (a
    // prepare of this very scenario is let finish: the solve needs it).
    this.supersede(key);
    const id = this.nextId++;
    this.latest = id;
    this.latestKey = key;
    this.busy = true;
    const worker = this.start();
    // The worker still holds this fabric: send none, and it reuses its routing graph too.
    const holds =
      this.held?.fabric === fabric && this.held.lengthM === lengthM && this.held.moduleNs === moduleNs;
    const { message, transfer } = solveRequest(id, scenario, holds ? null : fabric, {
      lengthM,
      moduleNs,
      key,
    });
    this.held = { fabric, lengthM, moduleNs };
    worker.postMessage(message, transfer);
  }

  /**
   * Lets the worker build this scenario's fabric and prepare its solve while the scene is placed
   * (call when a new scene is requested; the solve request that follows finds the work done).
   * A solve still running is stale by then, and so is a prepare of another scenario (a preset
   * clicked through): the worker is replaced, as for a new solve.
   */
  prepare(key: string, scenario: Scenario): void {
    this.supersede(key);
    this.preparing = key;
    const message: ToWorker = { type: 'prepare', key, scenario };
    this.start().postMessage(message);
  }

  /** Forgets the running request (its result will be dropped). */
  cancel(): void {
    if (this.busy) this.stop();
    this.latest = -1;
  }

  private receive(w: Worker, msg: FromWorker) {
    if (w !== this.worker) return;
    if (msg.type === 'prepared') {
      if (msg.key === this.preparing) this.preparing = null;
      return;
    }
    if (msg.id !== this.latest) return;
    const key = this.latestKey;
    if (msg.type === 'progress') {
      this.cb.progress(key, msg.fraction);
      return;
    }
    this.busy = false;
    if (msg.type === 'result') this.cb.result(key, msg);
    else if (msg.type === 'error') this.cb.error(key, msg.message);
  }
}
