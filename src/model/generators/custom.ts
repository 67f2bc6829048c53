// An explicit fabric: named nodes and links, as imported from a file.

import { NODE_GPU, NO_TIER, RACK_COMPUTE, RACK_NETWORK, TIER_INDEX, TIERS, type Tier } from '../fabric';
import type { Problem, Scenario } from '../scenario';
import type { Family } from './family';
import { SWITCH_BY_ID } from '../catalog';

type Custom = Extract<Scenario['topology'], { kind: 'custom' }>;

const MAX_LISTED = 20;

export const custom: Family<Custom> = {
  count: (t) => t.nodes.reduce((n, node) => n + (node.kind === 'gpu' ? 1 : 0), 0),

  fit(t) {
    const problems: Problem[] = [];
    let dropped = 0;
    const report = (path: string, message: string) => {
      if (++dropped <= MAX_LISTED) problems.push({ path, message });
    };
    const names = new Map<string, number>();
    t.nodes = t.nodes.filter((n, i) => {
      if (names.has(n.name)) {
        report(`topology.nodes[${i}].name`, `duplicate name ${JSON.stringify(n.name)}; node dropped`);
        return false;
      }
      names.set(n.name, names.size);
      return true;
    });
    const resolve = (v: string | number) =>
      typeof v === 'number' ? (v < t.nodes.length ? v : -1) : (names.get(v) ?? -1);
    t.links = t.links.filter((l, i) => {
      const a = resolve(l.a);
      const b = resolve(l.b);
      if (a < 0 || b < 0)
        report(
          `topology.links[${i}].${a < 0 ? 'a' : 'b'}`,
          `unknown node ${JSON.stringify(a < 0 ? l.a : l.b)}; link dropped`,
        );
      else if (a === b) report(`topology.links[${i}]`, 'a link from a node to itself; dropped');
      else return true;
      return false;
    });
    if (dropped > MAX_LISTED)
      problems.push({ path: 'topology', message: `${dropped - MAX_LISTED} more problems like these` });
    return problems;
  },

  build(t, ctx) {
    const { b, s } = ctx;
    const names: string[] = [];
    const index = new Map<string, number>();
    const racks = new Map<number, number>();
    const rackFor = (n: Custom['nodes'][number], isGpu: boolean): number => {
      if (n.rack === undefined) return -1;
      let r = racks.get(n.rack);
      if (r === undefined) racks.set(n.rack, (r = b.addRack(isGpu ? RACK_COMPUTE : RACK_NETWORK, 0)));
      return r;
    };
    let server = -1;
    let inServer = 0;
    let lastServerKey: number | undefined;
    let prevWasGpu = false;
    for (const n of t.nodes) {
      let id: number;
      if (n.kind === 'gpu') {
        const newServer =
          !prevWasGpu ||
          (n.server !== undefined ? n.server !== lastServerKey : inServer >= s.compute.gpusPerServer);
        if (newServer) {
          const rack = rackFor(n, true);
          if (rack < 0) {
            ctx.addServer(0, 0); // fills compute racks in order
            server = b.serverCount - 1;
          } else server = b.addServer(rack);
          inServer = 0;
          lastServerKey = n.server;
        }
        inServer++;
        id = b.addGpu(server, b.rackOfServer(server), 0);
      } else {
        const tier = TIER_INDEX[(n.tier ?? (n.kind === 'ocs' ? 'ocs' : 'leaf')) as Tier];
        let rack = rackFor(n, false);
        if (rack < 0) rack = ctx.networkRack(0);
        const model =
          n.model && SWITCH_BY_ID.has(n.model)
            ? n.model
            : n.kind === 'ocs'
              ? s.switches.ocs
              : s.switches.leaf;
        id = n.kind === 'ocs' ? b.addOcs(model, rack, 0) : b.addSwitch(tier, model, rack, 0);
      }
      prevWasGpu = n.kind === 'gpu';
      names.push(n.name);
      index.set(n.name, id);
    }
    b.names = names;
    const nodeTier = (i: number) => b.tierOf(i);
    for (const l of t.links) {
      const a = typeof l.a === 'number' ? l.a : index.get(l.a)!;
      const c = typeof l.b === 'number' ? l.b : index.get(l.b)!;
      let tier: number;
      if (l.tier) tier = TIER_INDEX[l.tier];
      else {
        const ta = b.kindOf(a) === NODE_GPU ? NO_TIER : nodeTier(a);
        const tc = b.kindOf(c) === NODE_GPU ? NO_TIER : nodeTier(c);
        const known = [ta, tc].filter((x) => x !== NO_TIER);
        tier = known.length ? Math.max(...known) : TIERS.indexOf('leaf');
      }
      b.addLink(a, c, tier, l.gbps ?? ctx.cat.gpu.nicGbps);
    }
  },
};
