// The solve worker's client decides when a worker must be replaced: a solve or a prepare inside
// the worker cannot be interrupted, so a request for another scenario starts a new worker, while
// a solve of the scenario being prepared waits for it (it needs that work). The worker is
// scripted here; what it computes is not the subject.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Fabric } from '../../src/model/fabric';
import type { Scenario } from '../../src/model/scenario';
import type { FromWorker, ToWorker } from '../../src/solver/protocol';
import { SolveClient } from '../../src/state/solveClient';

class ScriptedWorker {
  static all: ScriptedWorker[] = [];
  onmessage: ((e: { data: FromWorker }) => void) | null = null;
  onerror: unknown = null;
  sent: ToWorker[] = [];
  terminated = false;
  constructor() {
    ScriptedWorker.all.push(this);
  }
  postMessage(m: ToWorker) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  reply(data: FromWorker) {
    this.onmessage!({ data });
  }
}

const scenario = {} as Scenario;
const fabric = { linkCount: 0 } as unknown as Fabric;
const lengths = new Float32Array(0);
const modules = new Float32Array(0);
const realWorker = globalThis.Worker;

describe('solve client', () => {
  let client: SolveClient;
  const kinds = (w: ScriptedWorker) =>
    w.sent.map((m) => (m.type === 'prepare' ? `prepare ${m.key}` : m.type));

  beforeEach(() => {
    ScriptedWorker.all = [];
    (globalThis as unknown as { Worker: unknown }).Worker = ScriptedWorker;
    client = new SolveClient({ progress() {}, result() {}, error() {} });
  });
  afterEach(() => {
    (globalThis as unknown as { Worker: unknown }).Worker = realWorker;
  });

  it('lets a prepare finish for the solve of the same scenario', () => {
    client.prepare('a', scenario);
    client.solve('a', scenario, fabric, lengths, modules);
    expect(ScriptedWorker.all).toHaveLength(1);
    expect(kinds(ScriptedWorker.all[0])).toEqual(['prepare a', 'solve']);
    expect(client.restarts).toBe(0);
  });

  it('replaces a worker still preparing a scenario the user has left', () => {
    client.prepare('colossus', scenario);
    client.prepare('demo', scenario);
    expect(ScriptedWorker.all).toHaveLength(2);
    expect(ScriptedWorker.all[0].terminated).toBe(true);
    expect(kinds(ScriptedWorker.all[1])).toEqual(['prepare demo']);
    // So does a solve of another scenario.
    client.solve('other', scenario, fabric, lengths, modules);
    expect(ScriptedWorker.all).toHaveLength(3);
    expect(client.restarts).toBe(2);
  });

  it('keeps the worker once its prepare is done', () => {
    client.prepare('a', scenario);
    ScriptedWorker.all[0].reply({ type: 'prepared', key: 'a' });
    client.prepare('b', scenario);
    expect(ScriptedWorker.all).toHaveLength(1);
    expect(kinds(ScriptedWorker.all[0])).toEqual(['prepare a', 'prepare b']);
    // A late reply about 'a' does not end the prepare of 'b': 'c' still needs a new worker.
    ScriptedWorker.all[0].reply({ type: 'prepared', key: 'a' });
    client.prepare('c', scenario);
    expect(ScriptedWorker.all).toHaveLength(2);
    expect(client.restarts).toBe(1);
  });

  it('replaces a worker that is solving when the next scenario is prepared', () => {
    client.solve('a', scenario, fabric, lengths, modules);
    client.prepare('b', scenario);
    expect(ScriptedWorker.all).toHaveLength(2);
    expect(ScriptedWorker.all[0].terminated).toBe(true);
  });
});
