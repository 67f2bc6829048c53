// Dragonfly (Kim et al., ISCA 2008): g groups of a routers; each router serves p GPUs, links to
// every router of its group (local) and has h global links to other groups, spread evenly over
// group pairs.

import { TIER_INDEX } from '../fabric';
import type { Problem, Scenario } from '../scenario';
import { addScaleUp } from './compute';
import type { Family } from './family';

type Dragonfly = Extract<Scenario['topology'], { kind: 'dragonfly' }>;

export const dragonfly: Family<Dragonfly> = {
  count: (t) => t.a * t.p * t.g,

  fit(t, s, ctx) {
    const problems: Problem[] = [];
    if (t.g > t.a * t.h + 1) {
      problems.push({
        path: 'topology.g',
        message: `a·h + 1 = ${t.a * t.h + 1} groups at most (each group pair needs a global link)`,
      });
      t.g = t.a * t.h + 1;
    }
    const R = ctx.radix(s.switches.leaf, ctx.gbps('global'));
    const ports = t.p + t.a - 1 + t.h;
    if (ports > R)
      problems.push({
        path: 'topology.p',
        message: `a router needs p + a − 1 + h = ${ports} ports; the switch has ${R}`,
      });
    return problems;
  },

  build(t, ctx) {
    const { b, s } = ctx;
    const [leafT, localT, globalT] = [TIER_INDEX.leaf, TIER_INDEX.local, TIER_INDEX.global];
    const routers: number[][] = [];
    const gpus: number[] = [];
    for (let grp = 0; grp < t.g; grp++) {
      ctx.closeRack();
      const mine: number[] = [];
      for (let r = 0; r < t.a; r++) {
        const hosts = ctx.addGpus(t.p, grp);
        gpus.push(...hosts);
        const router = b.addSwitch(leafT, s.switches.leaf, ctx.leafRack(hosts[0], grp), grp);
        for (const h of hosts) b.addLink(h, router, leafT, ctx.gbps('leaf'));
        mine.push(router);
      }
      for (let i = 0; i < t.a; i++)
        for (let j = i + 1; j < t.a; j++) b.addLink(mine[i], mine[j], localT, ctx.gbps('spine'));
      routers.push(mine);
    }
    if (t.g > 1) {
      const perPair = Math.floor((t.a * t.h) / (t.g - 1));
      const used = new Array<number>(t.g).fill(0);
      for (let i = 0; i < t.g; i++)
        for (let j = i + 1; j < t.g; j++)
          for (let m = 0; m < perPair; m++) {
            const ri = routers[i][Math.floor(used[i]++ / t.h)];
            const rj = routers[j][Math.floor(used[j]++ / t.h)];
            b.addLink(ri, rj, globalT, ctx.gbps('global'));
          }
    }
    addScaleUp(ctx, gpus);
  },
};
