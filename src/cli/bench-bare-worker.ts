// Runs in a bare Chromium dedicated worker that bench-worker.ts starts with no app around it: the
// solver modules the app's solve worker bundles, timed where nothing else draws. It answers one
// message, { raw scenario, before, runs }, as the app's worker meets a traffic change: it solves
// the scenario under the pattern `before` (holding the fabric's prepared part, prepared.ts), then
// the scenario itself `runs` times, and posts those runs' wall times and stages. The first of them
// is the app's re-solve; the JIT has not yet seen this pattern's code.

import { build } from '../model/generators';
import { restore } from '../model/restore';
import type { Scenario } from '../model/scenario';
import { solveScenario } from '../solver';
import { PreparedCache } from '../solver/prepared';

export interface BareRun {
  ms: number;
  stageMs: Record<string, number>;
  transfers: number;
  commodities: number;
}

const ctx = self as unknown as {
  postMessage(m: BareRun[] | { error: string }): void;
  onmessage:
    | ((e: MessageEvent<{ raw: unknown; before: Scenario['traffic']['pattern']; runs: number }>) => void)
    | null;
};

ctx.onmessage = ({ data }) => {
  try {
    const { scenario, problems } = restore(data.raw);
    // A scenario restore() had to mend would measure something else: say so instead.
    if (problems.length)
      throw new Error(`scenario: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    const fabric = build(scenario);
    const prepared = new PreparedCache();
    solveScenario(
      fabric,
      { ...scenario, traffic: { ...scenario.traffic, pattern: data.before } },
      { prepared },
    );
    const out: BareRun[] = [];
    for (let i = 0; i < data.runs; i++) {
      const t0 = performance.now();
      const r = solveScenario(fabric, scenario, { prepared });
      out.push({
        ms: performance.now() - t0,
        stageMs: r.stageMs,
        transfers: r.summary.flows,
        commodities: r.summary.commodities,
      });
    }
    ctx.postMessage(out);
  } catch (err) {
    ctx.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
