// The scene worker's client: one request in flight per scenario hash; results for a scenario
// that is no longer current are dropped by the store.
//
// The worker leaves the fabric out of a reply when the request said the client already holds it
// (a placement change keeps the fabric: no 100k-link copy). Replies can overtake what the client
// said it held: A → B → A sends B's request, then A's naming A's fabric; B's reply brings B's
// fabric before A's reply arrives without one. So a fabric named in a request stays held until
// that request is answered, not only while it is the latest.

import type { SceneReply, SceneRequest } from '../layout/fabric.worker';
import type { Scenario } from '../model/scenario';
import type { SceneResult } from '../layout/pipeline';

export type Delivered = { ok: true; result: SceneResult } | { ok: false; hash: string; message: string };

export class SceneClient {
  private worker: Worker | null = null;
  private nextId = 1;
  /** Key of the latest fabric received. */
  private latest: string | null = null;
  /** The latest fabric and every fabric a request in flight said the client holds. */
  private held = new Map<string, SceneResult['fabric']>();
  /** Request id → its scenario hash and the fabric key it said the client holds. */
  private inFlight = new Map<number, { hash: string; have: string | null }>();

  constructor(private deliver: (d: Delivered) => void) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('../layout/fabric.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<SceneReply>) => this.receive(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      const hashes = [...this.inFlight.values()].map((r) => r.hash);
      this.inFlight.clear();
      this.prune();
      // A crashed worker is replaced on the next request.
      this.worker?.terminate();
      this.worker = null;
      for (const hash of hashes.length ? hashes : ['']) {
        this.deliver({
          ok: false,
          hash,
          message: `the scene worker failed: ${e.message || 'unknown error'}`,
        });
      }
    };
    this.worker = w;
    return w;
  }

  request(hash: string, scenario: Scenario): void {
    const id = this.nextId++;
    this.inFlight.set(id, { hash, have: this.latest });
    const req: SceneRequest = { id, hash, scenario, haveFabric: this.latest };
    this.start().postMessage(req);
  }

  private receive(msg: SceneReply) {
    const asked = this.inFlight.get(msg.id);
    // The worker answers in order and skips requests a newer one replaced: those older than this
    // reply will never be answered.
    for (const id of this.inFlight.keys()) if (id <= msg.id) this.inFlight.delete(id);
    if (msg.type === 'error') {
      this.prune();
      this.deliver({ ok: false, hash: msg.hash, message: msg.message });
      return;
    }
    const r = msg.result;
    let fabric = r.fabric;
    if (fabric) {
      this.held.set(r.fabricKey, fabric);
      this.latest = r.fabricKey;
    } else {
      fabric = this.held.get(r.fabricKey) ?? null;
      if (asked?.have === r.fabricKey) this.latest = r.fabricKey;
    }
    this.prune();
    if (!fabric) {
      this.deliver({ ok: false, hash: r.hash, message: 'the scene worker sent no fabric' });
      return;
    }
    this.deliver({ ok: true, result: { ...r, fabric } });
  }

  /** Drops fabrics neither latest nor named by a request in flight. */
  private prune(): void {
    const keep = new Set<string | null>([this.latest, ...[...this.inFlight.values()].map((r) => r.have)]);
    for (const key of this.held.keys()) if (!keep.has(key)) this.held.delete(key);
  }
}
