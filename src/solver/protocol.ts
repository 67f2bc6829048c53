// Messages between the app and the solve worker (solve.worker.ts).
//
//   app → worker   { type: 'solve', id, scenario, fabric | null, lengthM?, moduleNs?, detailFlows?, cancelFlag? }
//                  { type: 'cancel', id }
//                  { type: 'prepare', key, scenario }   build the fabric and prepare its solve now
//   worker → app   { type: 'progress', id, fraction }          0..1, throttled
//                  { type: 'result', id, summary, linkUtilization, arcLoadGbps, histograms, flows?, solveMs, stageMs, preparedMs? }
//                  { type: 'cancelled', id }
//                  { type: 'error', id, message }
//                  { type: 'prepared', key }             a prepare is done (or skipped)
//
// Ids increase; a newer solve supersedes older ones: requests that queued while the worker was busy
// are skipped in favour of the newest, and the app must drop any message whose id is not the
// latest it sent (so a stale result is never painted). The solve itself is synchronous inside the
// worker, so a 'cancel' message is only seen between solves; to stop a running solve at once, pass
// `cancelFlag` (an Int32Array over a SharedArrayBuffer, where cross-origin isolation allows) and
// set element 0 to a non-zero value, or terminate() the worker and start a new one.
// Typed arrays travel as transferables: solveRequest() copies the fabric's arrays first unless
// told not to, because a transferred array is gone from the sender. A worker keeps the fabric and
// cable lengths of the last request that carried them: `fabric: null` solves on those again, so a
// re-solve of the same fabric (new pattern, failed links) sends no arrays and reuses the routing
// graph. A worker holding none answers such a request with an error. A 'prepare' sent when a new
// scene is requested lets the worker build the fabric, its attachments and routing graph, and
// solve it without cable lengths, while the scene is placed: the solve request that follows
// only computes the latency term. A prepare cannot be
// interrupted, so a client whose scenario moves on before 'prepared' starts a new worker.

import type { Fabric } from '../model/fabric';
import type { Scenario } from '../model/scenario';
import type { FlowDetail, SolveSummary } from './index';
import type { TierHistogram } from './stats';

export interface SolveRequest {
  type: 'solve';
  id: number;
  scenario: Scenario;
  /** null: the fabric, lengths and module latencies the worker holds from an earlier request. */
  fabric: Fabric | null;
  lengthM?: Float32Array;
  /** Latency each link's modules add, ns per link. */
  moduleNs?: Float32Array;
  /** Per-flow detail for the first N commodities (small scenarios). */
  detailFlows?: number;
  cancelFlag?: Int32Array;
  /** The app's name for the scenario (its hash): a prepare with the same key was for this solve. */
  key?: string;
}

export interface CancelRequest {
  type: 'cancel';
  id: number;
}

/** Builds the fabric of a scenario and prepares its solve (prepared.ts) ahead of the request. */
export interface PrepareRequest {
  type: 'prepare';
  key: string;
  scenario: Scenario;
}

export type ToWorker = SolveRequest | CancelRequest | PrepareRequest;

export interface ProgressMessage {
  type: 'progress';
  id: number;
  fraction: number;
}

export interface ResultMessage {
  type: 'result';
  id: number;
  summary: SolveSummary;
  linkUtilization: Float32Array;
  arcLoadGbps: Float32Array;
  histograms: TierHistogram[];
  flows?: FlowDetail[];
  solveMs: number;
  /** Wall-clock ms per stage; no attach and graph stages when the worker reused them. */
  stageMs: Record<string, number>;
  /** When a prepare request did work this solve reused: its ms per stage (build, attach, graph, twins, and the stages of the solve ahead). */
  preparedMs?: Record<string, number>;
}

export interface CancelledMessage {
  type: 'cancelled';
  id: number;
}

export interface ErrorMessage {
  type: 'error';
  id: number;
  message: string;
}

/** A prepare request is done (or was skipped: the worker held it already, or a newer one came). */
export interface PreparedMessage {
  type: 'prepared';
  key: string;
}

export type FromWorker = ProgressMessage | ResultMessage | CancelledMessage | ErrorMessage | PreparedMessage;

/** The ArrayBuffers behind a value's typed arrays (one level deep), for a transfer list. */
export function transferables(...values: unknown[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (v: unknown) => {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) out.add(v.buffer);
  };
  for (const v of values) {
    add(v);
    if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) for (const x of Object.values(v)) add(x);
  }
  return [...out];
}

/**
 * A solve message and its transfer list; the fabric's arrays are copied unless `copy` is false.
 * `fabric` null: solve on what the worker holds.
 */
export function solveRequest(
  id: number,
  scenario: Scenario,
  fabric: Fabric | null,
  opts: {
    lengthM?: Float32Array;
    moduleNs?: Float32Array;
    detailFlows?: number;
    cancelFlag?: Int32Array;
    copy?: boolean;
    key?: string;
  } = {},
): { message: SolveRequest; transfer: ArrayBuffer[] } {
  const copy = opts.copy ?? true;
  if (!fabric) {
    const message: SolveRequest = {
      type: 'solve',
      id,
      scenario,
      fabric: null,
      detailFlows: opts.detailFlows,
      cancelFlag: opts.cancelFlag,
      key: opts.key,
    };
    return { message, transfer: [] };
  }
  const f: Fabric = copy
    ? (Object.fromEntries(
        Object.entries(fabric).map(([k, v]) => [k, ArrayBuffer.isView(v) ? (v as Uint8Array).slice() : v]),
      ) as unknown as Fabric)
    : fabric;
  const lengthM = opts.lengthM && copy ? opts.lengthM.slice() : opts.lengthM;
  const moduleNs = opts.moduleNs && copy ? opts.moduleNs.slice() : opts.moduleNs;
  const message: SolveRequest = {
    type: 'solve',
    id,
    scenario,
    fabric: f,
    lengthM,
    moduleNs,
    detailFlows: opts.detailFlows,
    cancelFlag: opts.cancelFlag,
    key: opts.key,
  };
  return { message, transfer: transferables(f, lengthM, moduleNs) };
}
