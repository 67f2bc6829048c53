// The solve worker's client: one worker per side (A, and B of a comparison). A new request
// supersedes the running one: the solve inside the worker is synchronous, so a busy worker is
// terminated and a fresh one started (a stale solve never gets to post its result), and any
// message whose id is not the latest request is dropped.

import type { Fabric } from '../model/fabric';
import type { Scenario } from '../model/scenario';
import { solveRequest, type FromWorker, type ResultMessage } from '../solver/protocol';

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
  }

  solve(key: string, scenario: Scenario, fabric: Fabric, lengthM: Float32Array): void {
    // A running solve cannot see a newer message until it ends: replace the worker instead.
    if (this.busy) {
      this.stop();
      this.restarts++;
    }
    const id = this.nextId++;
    this.latest = id;
    this.latestKey = key;
    this.busy = true;
    const { message, transfer } = solveRequest(id, scenario, fabric, { lengthM });
    this.start().postMessage(message, transfer);
  }

  /** Forgets the running request (its result will be dropped). */
  cancel(): void {
    if (this.busy) this.stop();
    this.latest = -1;
  }

  private receive(w: Worker, msg: FromWorker) {
    if (w !== this.worker || msg.id !== this.latest) return;
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
