// Rail-optimized fabric (NVIDIA DGX SuperPOD reference architectures): a scalable unit (SU) of
// nodes whose GPU i joins rail i, one leaf (or more) per rail per SU, half of each leaf's ports
// down; spines spread every leaf's uplinks evenly; beyond what two tiers connect, pods of SUs
// and a core tier are added the same way. One node slot per SU can be given to the fabric
// manager's link (its leaf ports stay reserved).

import { TIER_INDEX } from '../fabric';
import type { Problem, Scenario } from '../scenario';
import { addScaleUp, buildUpperTiers, planUpperTiers, uplinksFor, type Ctx } from './compute';
import type { Family } from './family';

type Rail = Extract<Scenario['topology'], { kind: 'rail-optimized' }>;

interface RailPlan {
  rails: number;
  computeNodes: number;
  /** Slots (GPUs incl. reserved ones) per rail per SU. */
  slotsPerRail: number;
  leavesPerRail: number;
  /** Downlinks per leaf. */
  leafDown: number;
  uplinks: number;
  /** SUs that share one set of spines (all of them without a core tier). */
  susPerPod: number;
  withCore: boolean;
}

function plan(t: Rail, ctx: Ctx): RailPlan {
  const { s } = ctx;
  const rails = t.rails || s.compute.gpusPerServer;
  const computeNodes = t.nodesPerSu - (t.fabricManagerSlot ? 1 : 0);
  const slotsPerRail = Math.ceil((t.nodesPerSu * s.compute.gpusPerServer) / rails);
  const gL = ctx.gbps('leaf');
  const gS = ctx.gbps('spine');
  const leafModel = ctx.cat.switchModel(s.switches.leaf);
  let dMax = leafModel.maxPorts;
  while (
    dMax > 1 &&
    (dMax + uplinksFor(dMax, gL, gS, 1) > leafModel.maxPorts ||
      dMax * gL + uplinksFor(dMax, gL, gS, 1) * gS > leafModel.capacityGbps)
  )
    dMax--;
  const leavesPerRail = Math.ceil(slotsPerRail / dMax);
  const leafDown = Math.ceil(slotsPerRail / leavesPerRail);
  const uplinks = uplinksFor(leafDown, gL, gS, 1);
  const leavesPerSu = rails * leavesPerRail;
  const Rs = ctx.radix(s.switches.spine, gS);
  const withCore = t.sus * leavesPerSu > Rs;
  const spineDownMax = Math.floor(Rs / (1 + gS / ctx.gbps('core')));
  const susPerPod = withCore ? Math.max(1, Math.floor(spineDownMax / leavesPerSu)) : t.sus;
  return { rails, computeNodes, slotsPerRail, leavesPerRail, leafDown, uplinks, susPerPod, withCore };
}

function podSizes(t: Rail, p: RailPlan): number[] {
  const sizes: number[] = [];
  for (let left = t.sus; left > 0; left -= p.susPerPod)
    sizes.push(Math.min(p.susPerPod, left) * p.rails * p.leavesPerRail);
  return sizes;
}

export const railOptimized: Family<Rail> = {
  count: (t, s) => t.sus * (t.nodesPerSu - (t.fabricManagerSlot ? 1 : 0)) * s.compute.gpusPerServer,

  fit(t, s) {
    const problems: Problem[] = [];
    if (t.fabricManagerSlot && t.nodesPerSu < 2) {
      problems.push({
        path: 'topology.fabricManagerSlot',
        message: 'an SU of one node has no slot to spare; off',
      });
      t.fabricManagerSlot = false;
    }
    const slotGpus = t.nodesPerSu * s.compute.gpusPerServer;
    if (t.rails && slotGpus % t.rails !== 0) {
      problems.push({
        path: 'topology.rails',
        message: `${slotGpus} GPU slots per SU do not divide into ${t.rails} rails; one rail per GPU of a server`,
      });
      t.rails = 0;
    }
    return problems;
  },

  build(t, ctx) {
    const { b, s } = ctx;
    const p = plan(t, ctx);
    const gL = ctx.gbps('leaf');
    const leafT = TIER_INDEX.leaf;
    const pods: number[][] = [];
    const gpus: number[] = [];
    for (let su = 0; su < t.sus; su++) {
      const pod = Math.floor(su / p.susPerPod);
      if (su % p.susPerPod === 0) pods.push([]);
      ctx.closeRack();
      const suGpus = ctx.addGpus(p.computeNodes * s.compute.gpusPerServer, su);
      gpus.push(...suGpus);
      const leaves: number[] = [];
      for (let i = 0; i < p.rails * p.leavesPerRail; i++)
        leaves.push(b.addSwitch(leafT, s.switches.leaf, ctx.leafRack(-1, su), su));
      // GPU k of the SU is on rail k mod rails; within a rail, slots fill leaf after leaf.
      suGpus.forEach((g, k) => {
        const rail = k % p.rails;
        const slot = Math.floor(k / p.rails);
        b.addLink(g, leaves[rail * p.leavesPerRail + Math.floor(slot / p.leafDown)], leafT, gL);
      });
      pods[pod].push(...leaves);
    }
    const sizes = podSizes(t, p);
    const upper = planUpperTiers(ctx, sizes, p.uplinks, p.withCore, 1);
    buildUpperTiers(ctx, pods, p.uplinks, upper, t.sus);
    addScaleUp(ctx, gpus);
  },
};
