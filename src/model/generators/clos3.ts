// Three tiers: pods of leaves and spines (non-blocking or oversubscribed within the pod), and
// a core layer above the pods, one plane per spine position (Meta's 24k-GPU clusters, xAI scale).

import { TIER_INDEX } from '../fabric';
import type { Problem, Scenario } from '../scenario';
import { addScaleUp, buildUpperTiers, planUpperTiers, uplinksFor } from './compute';
import type { Family } from './family';
import { fitLeafPorts } from './leaf-spine';

type Clos3 = Extract<Scenario['topology'], { kind: 'clos3' }>;

function podSizes(t: Clos3): number[] {
  const leaves = Math.ceil(t.gpus / t.gpusPerLeaf);
  const pods: number[] = [];
  for (let left = leaves; left > 0; left -= t.leavesPerPod) pods.push(Math.min(t.leavesPerPod, left));
  return pods;
}

export const clos3: Family<Clos3> = {
  count: (t) => t.gpus,

  fit(t, s, ctx) {
    const problems: Problem[] = [];
    const u = fitLeafPorts(t, t.leafOversubscription, s, ctx, problems);
    const gS = ctx.gbps('spine');
    const gC = ctx.gbps('core');
    const Rs = ctx.radix(s.switches.spine, gS);
    const spineDownMax = Math.floor(Rs / (1 + gS / (t.spineOversubscription * gC)));
    // Every leaf of a pod reaches every spine of its pod at least once.
    if (t.leavesPerPod > spineDownMax) {
      problems.push({
        path: 'topology.leavesPerPod',
        message: `a ${Rs}-port spine keeps ${spineDownMax} ports down at ${t.spineOversubscription}:1, so at most ${spineDownMax} leaves per pod`,
      });
      t.leavesPerPod = spineDownMax;
    }
    const plan = planUpperTiers(ctx, podSizes(t), u, true, t.spineOversubscription);
    const Rc = ctx.radix(s.switches.core, gC);
    const pods = podSizes(t).length;
    const coreLinks = Math.ceil((pods * plan.spineUp) / plan.coresPerPlane);
    if (coreLinks > Rc) {
      // At best each core takes one link from every pod: at most Rc pods.
      const gpus = Rc * t.leavesPerPod * t.gpusPerLeaf;
      problems.push({
        path: 'topology.gpus',
        message: `${pods} pods need ${coreLinks}-port core switches; the core has ${Rc} ports, so at most ${Rc} pods (${gpus.toLocaleString('en-US')} GPUs)`,
      });
      t.gpus = Math.min(t.gpus, gpus);
    }
    return problems;
  },

  build(t, ctx) {
    const { b, s } = ctx;
    const gL = ctx.gbps('leaf');
    const u = uplinksFor(t.gpusPerLeaf, gL, ctx.gbps('spine'), t.leafOversubscription);
    const sizes = podSizes(t);
    const leafT = TIER_INDEX.leaf;
    const pods: number[][] = [];
    const gpus: number[] = [];
    let left = t.gpus;
    sizes.forEach((size, pod) => {
      ctx.closeRack();
      const leaves: number[] = [];
      for (let i = 0; i < size; i++) {
        const mine = ctx.addGpus(Math.min(t.gpusPerLeaf, left), pod);
        left -= mine.length;
        gpus.push(...mine);
        const leaf = b.addSwitch(leafT, s.switches.leaf, ctx.leafRack(mine[0], pod), pod);
        for (const g of mine) b.addLink(g, leaf, leafT, gL);
        leaves.push(leaf);
      }
      pods.push(leaves);
    });
    const plan = planUpperTiers(ctx, sizes, u, true, t.spineOversubscription);
    buildUpperTiers(ctx, pods, u, plan, sizes.length);
    addScaleUp(ctx, gpus);
  },
};
