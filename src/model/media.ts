// Which medium each link uses, from its tier's choice and its cable length, and what sits at
// each end: a pluggable transceiver, an active copper end, a co-packaged engine or nothing.

import { MEDIUM_FAMILIES, isOptical, type MediumFamily, type MediumModule } from './catalog';
import { NODE_GPU, NODE_OCS, TIERS, type Fabric } from './fabric';
import type { ResolvedCatalog } from './resolved';
import type { Scenario } from './scenario';

export const FAMILY_INDEX: Record<MediumFamily, number> = Object.fromEntries(
  MEDIUM_FAMILIES.map((f, i) => [f, i]),
) as Record<MediumFamily, number>;

/** What one end of a link carries, as a share of a module (0.5 = half a twin-port module). */
export interface EndModule {
  module: MediumModule;
  share: number;
}

/** A medium applied to one kind of link: both ends and what the whole costs and reaches. */
export interface LinkMedium {
  family: MediumFamily;
  ends: [EndModule | null, EndModule | null];
  reachM: number;
  /** Cost of modules (optics) or of the cable (copper), without fibre length. */
  cost: number;
  latencyNs: number;
}

export interface MediaAssignment {
  /** Family index (MEDIUM_FAMILIES) per link. */
  linkFamily: Uint8Array;
  /** 1 where the chosen medium cannot reach the link's length. */
  linkInfeasible: Uint8Array;
  infeasibleCount: number;
  /** The medium per distinct link kind; linkKind indexes into it. */
  kinds: LinkMedium[];
  linkKind: Uint32Array;
}

/** Latency each link's modules add (retimers, DSPs), ns per link: what a path crosses besides its cables and switches. */
export function moduleLatencyNs(m: MediaAssignment): Float32Array {
  const byKind = m.kinds.map((k) => k.latencyNs);
  const out = new Float32Array(m.linkKind.length);
  for (let l = 0; l < out.length; l++) out[l] = byKind[m.linkKind[l]];
  return out;
}

/** The module of a family that fits a cage: same rate if there is one, else the smallest that carries the link. */
function moduleFor(
  cat: ResolvedCatalog,
  family: MediumFamily,
  cageGbps: number,
  linkGbps: number,
): MediumModule {
  const mods = cat.media.filter((m) => m.family === family).sort((a, b) => a.rateGbps - b.rateGbps);
  return (
    mods.find((m) => m.rateGbps === cageGbps) ??
    mods.find((m) => m.rateGbps >= linkGbps) ??
    mods[mods.length - 1]
  );
}

/** An end of a link: a GPU's NIC, a switch's cage, or a passive OCS port (no module). */
interface EndKind {
  passive: boolean;
  nic: boolean;
  cageGbps: number;
}

export function linkMedium(
  cat: ResolvedCatalog,
  s: Scenario,
  family: MediumFamily,
  gbps: number,
  a: EndKind,
  b: EndKind,
): LinkMedium {
  const copper = !isOptical(family);
  const end = (e: EndKind): EndModule | null => {
    if (e.passive) return null;
    // NICs have no co-packaged optics: their end keeps a pluggable.
    const fam = family === 'cpo' && e.nic ? s.cpoNicFamily : family;
    const m = moduleFor(cat, fam, e.nic ? gbps : e.cageGbps || gbps, gbps);
    return { module: m, share: Math.max(gbps / m.rateGbps, 1 / m.ports) };
  };
  const ends: [EndModule | null, EndModule | null] = [end(a), end(b)];
  const present = ends.filter((e): e is EndModule => e !== null);
  // Copper is one cable: its cost once; optics: a module (share) at each powered end.
  const cost = copper
    ? Math.max(...present.map((e) => e.module.cost * Math.max(1, gbps / e.module.rateGbps)), 0)
    : present.reduce((c, e) => c + e.module.cost * e.share, 0);
  // A copper cable is one product: with unequal ends it is a splitter, rated by its lower-rate leg.
  const lowest = present.reduce<EndModule | null>(
    (lo, e) => (!lo || e.module.rateGbps < lo.module.rateGbps ? e : lo),
    null,
  );
  const reachM =
    copper && lowest ? lowest.module.reachM : Math.min(...present.map((e) => e.module.reachM), Infinity);
  return {
    family,
    ends,
    reachM,
    cost,
    latencyNs: present.reduce((t, e) => t + e.module.latencyNs, 0),
  };
}

/**
 * Families a tier may use: the forced one, or the scenario's auto list (NVLink only in scale-up,
 * optics only where an end is a passive optical circuit switch).
 */
function candidates(s: Scenario, tier: number, toOcs: boolean): MediumFamily[] {
  const name = TIERS[tier];
  const choice = s.media[name];
  if (choice !== 'auto') return [choice];
  const scaleUp = name === 'scale-up';
  return s.autoFamilies.filter((f) => {
    if (toOcs) return isOptical(f);
    if (f === 'nvlink') return scaleUp && s.scaleUp.kind === 'nvlink';
    if (scaleUp && s.scaleUp.kind === 'optical') return isOptical(f);
    return true;
  });
}

/**
 * Assigns a medium to every link. `auto` takes the cheapest candidate whose reach covers the
 * cable; if none reaches, the longest-reaching one, marked infeasible. A forced medium that
 * cannot reach is kept and marked infeasible: counted and reported, never silently accepted.
 */
export function assignMedia(
  f: Fabric,
  lengthM: Float32Array,
  s: Scenario,
  cat: ResolvedCatalog,
): MediaAssignment {
  const linkFamily = new Uint8Array(f.linkCount);
  const linkInfeasible = new Uint8Array(f.linkCount);
  const linkKind = new Uint32Array(f.linkCount);
  const kinds: LinkMedium[] = [];
  // Links that share tier, rate and end kinds share their candidate list, sorted by cost.
  const cache = new Map<number, number[]>();
  const endKind = (n: number): EndKind => {
    const kind = f.nodeKind[n];
    if (kind === NODE_GPU) return { passive: false, nic: true, cageGbps: 0 };
    const m = cat.switchModel(f.switchModels[f.nodeModel[n]]);
    return { passive: kind === NODE_OCS || m.passive, nic: false, cageGbps: m.cageGbps };
  };
  // A small integer per end kind: 0 for a GPU, else 1 + kind·256 + model.
  const endKey = (n: number) => (f.nodeKind[n] === NODE_GPU ? 0 : 1 + f.nodeKind[n] * 256 + f.nodeModel[n]);
  const rates: number[] = [];
  let infeasibleCount = 0;
  for (let l = 0; l < f.linkCount; l++) {
    const a = f.linkA[l];
    const b = f.linkB[l];
    const tier = f.linkTier[l];
    const gbps = f.linkGbps[l];
    let rate = rates.indexOf(gbps);
    if (rate < 0) rate = rates.push(gbps) - 1;
    const key = ((tier * 256 + rate) * 1024 + endKey(a)) * 1024 + endKey(b);
    let list = cache.get(key);
    if (!list) {
      const ea = endKind(a);
      const eb = endKind(b);
      const options = candidates(s, tier, ea.passive || eb.passive).map((fam) =>
        linkMedium(cat, s, fam, gbps, ea, eb),
      );
      if (!options.length) options.push(linkMedium(cat, s, 'dsp-sm', gbps, ea, eb));
      options.sort((x, y) => x.cost - y.cost);
      list = options.map((o) => kinds.push(o) - 1);
      cache.set(key, list);
    }
    const len = lengthM[l];
    let pick = -1;
    for (const k of list)
      if (kinds[k].reachM >= len) {
        pick = k;
        break;
      }
    if (pick < 0) {
      pick = list.reduce((best, k) => (kinds[k].reachM > kinds[best].reachM ? k : best), list[0]);
      linkInfeasible[l] = 1;
      infeasibleCount++;
    }
    linkKind[l] = pick;
    linkFamily[l] = FAMILY_INDEX[kinds[pick].family];
  }
  return { linkFamily, linkInfeasible, infeasibleCount, kinds, linkKind };
}
