// k-ary fat tree (Al-Fares et al., SIGCOMM 2008): k pods of k/2 edge (leaf) and k/2 aggregation
// (spine) switches, (k/2)² core switches; each edge switch serves k/2 hosts (GPUs).

import { TIER_INDEX } from '../fabric';
import type { Scenario } from '../scenario';
import { addScaleUp } from './compute';
import type { Family } from './family';

type FatTree = Extract<Scenario['topology'], { kind: 'fat-tree' }>;

export const fatTree: Family<FatTree> = {
  count: (t) => t.k ** 3 / 4,

  fit(t, s, ctx) {
    const radix = Math.min(
      ctx.radix(s.switches.leaf, ctx.gbps('leaf')),
      ctx.radix(s.switches.spine, ctx.gbps('spine')),
      ctx.radix(s.switches.core, ctx.gbps('core')),
    );
    if (t.k <= radix) return [];
    const k = radix - (radix % 2);
    const message = `k = ${t.k} needs ${t.k}-port switches; the chosen switches have ${radix} ports at this speed, so k = ${k}`;
    t.k = k;
    return [{ path: 'topology.k', message }];
  },

  build(t, ctx) {
    const { b, s } = ctx;
    const half = t.k / 2;
    const [leafT, spineT, coreT] = [TIER_INDEX.leaf, TIER_INDEX.spine, TIER_INDEX.core];
    const coreGroup = t.k;
    const cores: number[] = [];
    const allGpus: number[] = [];
    const podAggs: number[][] = [];
    for (let pod = 0; pod < t.k; pod++) {
      ctx.closeRack();
      const edges: number[] = [];
      for (let e = 0; e < half; e++) {
        const gpus = ctx.addGpus(half, pod);
        allGpus.push(...gpus);
        const edge = b.addSwitch(leafT, s.switches.leaf, ctx.leafRack(gpus[0], pod), pod);
        for (const g of gpus) b.addLink(g, edge, leafT, ctx.gbps('leaf'));
        edges.push(edge);
      }
      const aggs: number[] = [];
      for (let a = 0; a < half; a++)
        aggs.push(b.addSwitch(spineT, s.switches.spine, ctx.networkRack(pod), pod));
      for (const e of edges) for (const a of aggs) b.addLink(e, a, spineT, ctx.gbps('spine'));
      podAggs.push(aggs);
    }
    for (let c = 0; c < half * half; c++)
      cores.push(b.addSwitch(coreT, s.switches.core, ctx.networkRack(coreGroup), coreGroup));
    // Aggregation switch a of every pod connects to cores a·k/2 … a·k/2 + k/2 − 1.
    for (const aggs of podAggs)
      aggs.forEach((agg, a) => {
        for (let j = 0; j < half; j++) b.addLink(agg, cores[a * half + j], coreT, ctx.gbps('core'));
      });
    addScaleUp(ctx, allGpus);
  },
};
