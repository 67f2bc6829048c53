// The scene worker's client: one request in flight per scenario hash; results for a scenario
// that is no longer current are dropped by the store.

import type { SceneReply, SceneRequest } from '../layout/fabric.worker';
import type { Scenario } from '../model/scenario';
import type { SceneResult } from '../layout/pipeline';

export type Delivered = { ok: true; result: SceneResult } | { ok: false; hash: string; message: string };

export class SceneClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private fabric: { key: string; fabric: SceneResult['fabric'] } | null = null;
  private hashes = new Map<number, string>();

  constructor(private deliver: (d: Delivered) => void) {}

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('../layout/fabric.worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<SceneReply>) => this.receive(e.data);
    w.onerror = (e) => {
      e.preventDefault();
      const hashes = [...this.hashes.values()];
      this.hashes.clear();
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
    this.hashes.set(id, hash);
    const req: SceneRequest = { id, hash, scenario, haveFabric: this.fabric?.key ?? null };
    this.start().postMessage(req);
  }

  private receive(msg: SceneReply) {
    this.hashes.delete(msg.id);
    if (msg.type === 'error') {
      this.deliver({ ok: false, hash: msg.hash, message: msg.message });
      return;
    }
    const r = msg.result;
    let fabric = r.fabric;
    if (fabric) this.fabric = { key: r.fabricKey, fabric };
    else if (this.fabric?.key === r.fabricKey) fabric = this.fabric.fabric;
    if (!fabric) {
      this.deliver({ ok: false, hash: r.hash, message: 'the scene worker sent no fabric' });
      return;
    }
    this.deliver({ ok: true, result: { ...r, fabric } });
  }
}
