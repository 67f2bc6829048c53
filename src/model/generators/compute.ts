// What every generator shares: racks of servers of GPUs, network racks for switches, the
// scale-up domain, and the spine and core tiers built by switch radix.

import { FabricBuilder, RACK_COMPUTE, RACK_NETWORK, TIER_INDEX } from '../fabric';
import { radixAt, resolveCatalog, tierGbps, type ResolvedCatalog } from '../resolved';
import type { Scenario } from '../scenario';

export class Ctx {
  readonly b: FabricBuilder;
  readonly cat: ResolvedCatalog;
  private computeRack = -1;
  private serversInRack = 0;
  private netRack = new Map<number, { rack: number; used: number }>();

  constructor(readonly s: Scenario) {
    this.b = new FabricBuilder(s.compute.gpusPerServer);
    this.cat = resolveCatalog(s);
  }

  /** Starts a fresh compute rack at a group (pod, SU) boundary. */
  closeRack(): void {
    this.serversInRack = this.s.compute.serversPerRack;
  }

  /** Adds one server with `gpus` GPUs; returns the GPU node ids. */
  addServer(gpus: number, group: number): number[] {
    if (this.computeRack < 0 || this.serversInRack >= this.s.compute.serversPerRack) {
      this.computeRack = this.b.addRack(RACK_COMPUTE, group);
      this.serversInRack = 0;
    }
    this.serversInRack++;
    const server = this.b.addServer(this.computeRack);
    const ids: number[] = [];
    for (let i = 0; i < gpus; i++) ids.push(this.b.addGpu(server, this.computeRack, group));
    return ids;
  }

  /** Adds `count` GPUs in full servers; returns their node ids. */
  addGpus(count: number, group: number): number[] {
    const out: number[] = [];
    const per = this.s.compute.gpusPerServer;
    for (let left = count; left > 0; left -= per) out.push(...this.addServer(Math.min(per, left), group));
    return out;
  }

  /** A slot for a switch in the group's network racks (switchesPerRack per rack). */
  networkRack(group: number): number {
    let r = this.netRack.get(group);
    if (!r || r.used >= this.s.floor.switchesPerRack) {
      r = { rack: this.b.addRack(RACK_NETWORK, group), used: 0 };
      this.netRack.set(group, r);
    }
    r.used++;
    return r.rack;
  }

  /** The rack a leaf goes into: with its first GPU (top of rack) or in a network rack. */
  leafRack(firstGpu: number, group: number): number {
    return this.s.floor.leafPlacement === 'top-of-rack' && firstGpu >= 0
      ? this.b.rackOf(firstGpu)
      : this.networkRack(group);
  }

  gbps(tier: 'leaf' | 'spine' | 'core' | 'global'): number {
    return tierGbps(this.s, this.cat, tier);
  }

  radix(modelId: string, gbps: number): number {
    return radixAt(this.cat.switchModel(modelId), gbps);
  }
}

/**
 * The scale-up domain: every `gpusPerDomain` consecutive GPUs share `switchesPerDomain` switches,
 * each GPU linked to each switch with an equal share of its scale-up bandwidth. Switches sit in
 * the server (HGX baseboard), in the rack (NVL72 trays) or in a network rack (optical domain).
 */
export function addScaleUp(ctx: Ctx, gpus: number[]): void {
  const { s, b, cat } = ctx;
  const su = s.scaleUp;
  if (su.kind === 'none' || su.gpusPerDomain < 2) return;
  const gbps = cat.gpu.scaleUpGbps / su.switchesPerDomain;
  const tier = TIER_INDEX['scale-up'];
  for (let start = 0; start < gpus.length; start += su.gpusPerDomain) {
    const members = gpus.slice(start, start + su.gpusPerDomain);
    if (members.length < 2) continue;
    const first = members[0];
    const last = members[members.length - 1];
    const oneServer = b.serverOf(first) === b.serverOf(last);
    const oneRack = b.rackOf(first) === b.rackOf(last);
    const group = b.groupOf(first);
    for (let k = 0; k < su.switchesPerDomain; k++) {
      const sw =
        su.kind === 'nvlink' && oneServer
          ? b.addSwitch(tier, su.switchModel, b.rackOf(first), group, b.serverOf(first))
          : su.kind === 'nvlink' && oneRack
            ? b.addSwitch(tier, su.switchModel, b.rackOf(first), group)
            : b.addSwitch(tier, su.switchModel, ctx.networkRack(group), group);
      for (const g of members) b.addLink(g, sw, tier, gbps);
    }
  }
}

/** Leaf uplinks for `down` downlinks at an oversubscription ratio (bandwidth down : up). */
export function uplinksFor(down: number, downGbps: number, upGbps: number, ratio: number): number {
  return Math.max(1, Math.ceil((down * downGbps) / (ratio * upGbps) - 1e-9));
}

/** Smallest divisor of n that is at least `atLeast` (n itself if none smaller). */
export function divisorAtLeast(n: number, atLeast: number): number {
  for (let d = Math.max(1, Math.ceil(atLeast)); d < n; d++) if (n % d === 0) return d;
  return n;
}

export interface UpperTierPlan {
  /** Spines per pod (or in the single spine layer when there is no core). */
  spinesPerPod: number;
  /** Links from one leaf to one of its pod's spines. */
  linksPerLeafSpine: number;
  /** Uplinks per spine toward the core (0 without a core tier). */
  spineUp: number;
  /** Cores per plane (one plane per spine position). */
  coresPerPlane: number;
}

/**
 * Plans spines and cores for pods of leaves with `u` uplinks each. Without a core, all leaves
 * form one pod and its spines take every port downward. With a core, each spine keeps enough
 * ports up for the spine oversubscription ratio, and spine j of every pod joins plane j.
 */
export function planUpperTiers(
  ctx: Ctx,
  podLeaves: number[],
  u: number,
  withCore: boolean,
  spineOversub: number,
  forcedSpines = 0,
): UpperTierPlan {
  const { s } = ctx;
  const gS = ctx.gbps('spine');
  const gC = ctx.gbps('core');
  const Rs = ctx.radix(s.switches.spine, gS);
  const maxPod = Math.max(...podLeaves);
  if (!withCore) {
    const spines = forcedSpines || divisorAtLeast(u, (maxPod * u) / Rs);
    return { spinesPerPod: spines, linksPerLeafSpine: Math.ceil(u / spines), spineUp: 0, coresPerPlane: 0 };
  }
  // Down ports a spine can give while keeping its uplinks within the ratio.
  const spineDownMax = Math.max(1, Math.floor(Rs / (1 + gS / (spineOversub * gC))));
  const spines = divisorAtLeast(u, (maxPod * u) / spineDownMax);
  const linksPerLeafSpine = u / spines;
  const spineDown = maxPod * linksPerLeafSpine;
  const spineUp = uplinksFor(spineDown, gS, gC, spineOversub);
  const Rc = ctx.radix(s.switches.core, gC);
  // Each spine's uplinks spread evenly over its plane's cores (a divisor of spineUp): an uneven
  // spread would give some spine-core pairs an extra link and overload the others under ECMP.
  const coresPerPlane = divisorAtLeast(spineUp, (podLeaves.length * spineUp) / Rc);
  return { spinesPerPod: spines, linksPerLeafSpine, spineUp, coresPerPlane };
}

/**
 * Optical circuit switches in place of a spine (Google Jupiter's direct connect): each OCS
 * gives every leaf `perOcs` ports and joins them as circuits leaf ↔ leaf. Round-robin
 * matchings (the circle method) spread the circuits so every leaf pair gets its share.
 */
function directConnect(
  ctx: Ctx,
  leaves: number[],
  ocs: number[],
  perOcs: number,
  tier: number,
  gbps: number,
): void {
  const n = leaves.length + (leaves.length % 2); // a dummy slot when odd: its partner idles
  if (leaves.length < 2) return;
  let round = 0;
  for (const sw of ocs)
    for (let k = 0; k < perOcs; k++, round++) {
      const r = round % (n - 1);
      // Circle method: slot 0 fixed, the others rotate by r.
      const slot = (i: number) => (i === 0 ? 0 : ((i - 1 + r) % (n - 1)) + 1);
      for (let i = 0; i < n / 2; i++) {
        const x = slot(i);
        const y = slot(n - 1 - i);
        if (x < leaves.length && y < leaves.length) ctx.b.addCircuit(leaves[x], leaves[y], sw, tier, gbps);
      }
    }
}

/** Builds the planned spines (and cores) above pods of leaf node ids. */
export function buildUpperTiers(
  ctx: Ctx,
  pods: number[][],
  u: number,
  plan: UpperTierPlan,
  coreGroup: number,
): void {
  const { s, b } = ctx;
  const gS = ctx.gbps('spine');
  const gC = ctx.gbps('core');
  const spineTier = TIER_INDEX.spine;
  const coreTier = TIER_INDEX.core;
  const passive = ctx.cat.switchModel(s.switches.spine).passive;
  const spinesByPod: number[][] = pods.map((leaves, p) => {
    const group = leaves.length ? b.groupOf(leaves[0]) : p;
    const spines: number[] = [];
    for (let j = 0; j < plan.spinesPerPod; j++) {
      const rack = ctx.networkRack(group);
      spines.push(
        passive
          ? b.addOcs(s.switches.spine, rack, group)
          : b.addSwitch(spineTier, s.switches.spine, rack, group),
      );
    }
    if (passive) directConnect(ctx, leaves, spines, plan.linksPerLeafSpine, spineTier, gS);
    else
      for (const leaf of leaves)
        for (let m = 0; m < u; m++) b.addLink(leaf, spines[m % plan.spinesPerPod], spineTier, gS);
    return spines;
  });
  // Optical circuit switches have no uplinks of their own: pods join only through circuits.
  if (passive) return;
  if (!plan.spineUp) return;
  for (let plane = 0; plane < plan.spinesPerPod; plane++) {
    const cores: number[] = [];
    for (let c = 0; c < plan.coresPerPlane; c++)
      cores.push(b.addSwitch(coreTier, s.switches.core, ctx.networkRack(coreGroup), coreGroup));
    for (const spines of spinesByPod)
      for (let m = 0; m < plan.spineUp; m++) b.addLink(spines[plane], cores[m % cores.length], coreTier, gC);
  }
}
