// The scene worker's client keeps the fabric a reply leaves out. The worker omits the fabric when
// the request said the client holds it, and answers only the newest of the requests queued behind
// a long job. The replies here are scripted in the order the real worker sends them; the worker
// itself (build, place) is not the subject.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SceneReply, SceneRequest } from '../../src/layout/fabric.worker';
import type { Scenario } from '../../src/model/scenario';
import { SceneClient, type Delivered } from '../../src/state/client';

class ScriptedWorker {
  static last: ScriptedWorker | null = null;
  onmessage: ((e: { data: SceneReply }) => void) | null = null;
  onerror: unknown = null;
  sent: SceneRequest[] = [];
  constructor() {
    ScriptedWorker.last = this;
  }
  postMessage(req: SceneRequest) {
    this.sent.push(req);
  }
  terminate() {}
  /** Answers request `id` with a result for fabric `key`, carrying the fabric unless the request said the client has it. */
  answer(id: number, key: string) {
    const req = this.sent.find((r) => r.id === id)!;
    const fabric = req.haveFabric === key ? null : { key };
    const result = { hash: req.hash, fabricKey: key, fabric };
    this.onmessage!({ data: { type: 'result', id, result } as unknown as SceneReply });
  }
}

const scenario = {} as Scenario;
const realWorker = globalThis.Worker;

describe('scene client', () => {
  let delivered: Delivered[];
  let client: SceneClient;
  const worker = () => ScriptedWorker.last!;
  const fabricOf = (d: Delivered) => (d.ok ? (d.result.fabric as unknown as { key: string }).key : d.message);

  beforeEach(() => {
    (globalThis as unknown as { Worker: unknown }).Worker = ScriptedWorker;
    delivered = [];
    client = new SceneClient((d) => delivered.push(d));
  });
  afterEach(() => {
    (globalThis as unknown as { Worker: unknown }).Worker = realWorker;
  });

  it('keeps fabric A while B is answered before the request back to A (A → B → A)', () => {
    client.request('a', scenario);
    worker().answer(1, 'A');
    client.request('b', scenario);
    client.request('a2', scenario);
    expect(worker().sent.map((r) => r.haveFabric)).toEqual([null, 'A', 'A']);
    worker().answer(2, 'B');
    worker().answer(3, 'A'); // the worker leaves A's fabric out: request 3 said the client has it
    expect(delivered.map(fabricOf)).toEqual(['A', 'B', 'A']);
    // The next request names A again: it is the latest fabric.
    client.request('a3', scenario);
    expect(worker().sent[3].haveFabric).toBe('A');
  });

  it('drops the fabrics of requests the worker skipped once a newer one is answered', () => {
    client.request('a', scenario);
    worker().answer(1, 'A');
    client.request('b', scenario); // replaced by request 3 while the worker was busy: never answered
    client.request('c', scenario);
    worker().answer(3, 'C');
    client.request('c2', scenario);
    expect(worker().sent[3].haveFabric).toBe('C');
    // A reply leaving out A's fabric can no longer be served: A was not held for anyone.
    worker().onmessage!({
      data: {
        type: 'result',
        id: 4,
        result: { hash: 'c2', fabricKey: 'A', fabric: null },
      } as unknown as SceneReply,
    });
    expect(fabricOf(delivered[2])).toBe('the scene worker sent no fabric');
  });
});
