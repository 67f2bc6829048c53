// Two tiers: leaves serve GPUs and spread their uplinks evenly over the spines.

import { TIER_INDEX } from '../fabric';
import type { Problem, Scenario } from '../scenario';
import { addScaleUp, buildUpperTiers, planUpperTiers, uplinksFor, type Ctx } from './compute';
import type { Family } from './family';

type LeafSpine = Extract<Scenario['topology'], { kind: 'leaf-spine' }>;

/** Shared by the Clos families: shrink downlinks until a leaf's ports and capacity hold them. */
export function fitLeafPorts(
  t: { gpusPerLeaf: number },
  ratio: number,
  s: Scenario,
  ctx: Ctx,
  problems: Problem[],
): number {
  const gL = ctx.gbps('leaf');
  const gS = ctx.gbps('spine');
  const m = ctx.cat.switchModel(s.switches.leaf);
  const fits = (d: number) => {
    const u = uplinksFor(d, gL, gS, ratio);
    return d + u <= m.maxPorts && d * gL + u * gS <= m.capacityGbps + 1e-6;
  };
  if (!fits(t.gpusPerLeaf)) {
    let d = t.gpusPerLeaf;
    while (d > 1 && !fits(d)) d--;
    problems.push({
      path: 'topology.gpusPerLeaf',
      message: `${t.gpusPerLeaf} downlinks plus their uplinks exceed the ${m.label}'s ports; ${d} used`,
    });
    t.gpusPerLeaf = d;
  }
  return uplinksFor(t.gpusPerLeaf, gL, gS, ratio);
}

export const leafSpine: Family<LeafSpine> = {
  count: (t) => t.gpus,

  fit(t, s, ctx) {
    const problems: Problem[] = [];
    const u = fitLeafPorts(t, t.oversubscription, s, ctx, problems);
    if (t.spines > u) {
      problems.push({
        path: 'topology.spines',
        message: `a leaf has ${u} uplinks, so at most ${u} spines; ${u} used`,
      });
      t.spines = u;
    }
    const Rs = ctx.radix(s.switches.spine, ctx.gbps('spine'));
    const linksPerPair = t.spines ? Math.ceil(u / t.spines) : 1;
    const maxLeaves = Math.floor(Rs / linksPerPair);
    const leaves = Math.ceil(t.gpus / t.gpusPerLeaf);
    if (leaves > maxLeaves) {
      const gpus = maxLeaves * t.gpusPerLeaf;
      problems.push({
        path: 'topology.gpus',
        message: `two tiers connect at most ${maxLeaves} leaves (${gpus} GPUs) with ${Rs}-port spines; use clos3 for more`,
      });
      t.gpus = gpus;
    }
    return problems;
  },

  build(t, ctx) {
    const { b, s } = ctx;
    const gL = ctx.gbps('leaf');
    const u = uplinksFor(t.gpusPerLeaf, gL, ctx.gbps('spine'), t.oversubscription);
    const leafT = TIER_INDEX.leaf;
    const leaves: number[] = [];
    const gpus: number[] = [];
    for (let left = t.gpus; left > 0; left -= t.gpusPerLeaf) {
      const mine = ctx.addGpus(Math.min(t.gpusPerLeaf, left), 0);
      gpus.push(...mine);
      const leaf = b.addSwitch(leafT, s.switches.leaf, ctx.leafRack(mine[0], 0), 0);
      for (const g of mine) b.addLink(g, leaf, leafT, gL);
      leaves.push(leaf);
    }
    const plan = planUpperTiers(ctx, [leaves.length], u, false, 1, t.spines);
    buildUpperTiers(ctx, [leaves], u, plan, -1);
    addScaleUp(ctx, gpus);
  },
};
