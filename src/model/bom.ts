// Bill of materials, power, cost, latency per hop and transceiver supply of a placed fabric.

import {
  CABLE_COST_PER_M,
  MEDIUM_FAMILIES,
  PROPAGATION_NS_PER_M,
  isOptical,
  type MediumFamily,
} from './catalog';
import { NODE_GPU, NODE_OCS, TIERS, type Fabric, type Tier } from './fabric';
import type { MediaAssignment } from './media';
import type { ResolvedCatalog } from './resolved';
import type { Scenario } from './scenario';

export interface Power {
  totalW: number;
  gpuW: number;
  /** Servers beyond their GPUs (CPUs, memory, fans, NICs without optics). */
  serverW: number;
  /** Switches and OCS, without optics. */
  switchW: number;
  /** Optical modules and co-packaged engines. */
  opticsW: number;
  /** Active copper ends (ACC, AEC). */
  activeCopperW: number;
  /** Switches + optics + active copper. */
  networkW: number;
  opticsShare: number;
}

export interface Bom {
  gpus: number;
  servers: number;
  racks: number;
  switches: { total: number; byTier: Partial<Record<Tier, number>> };
  links: { total: number; byTier: Partial<Record<Tier, number>> };
  cables: { byMedium: Partial<Record<MediumFamily, number>>; totalLengthM: number; opticalLengthM: number };
  /** Pluggable optical modules (twin-port modules count once). */
  transceivers: number;
  /** Co-packaged optical engines (one per CPO port group). */
  cpoPorts: number;
  lasers: number;
  infeasibleLinks: number;
  power: Power;
  cost: { total: number; gpus: number; servers: number; switches: number; optics: number; cables: number };
  /** Average latency of one hop per link tier: link (propagation + module) plus the upper switch. */
  hopLatencyNs: Partial<Record<Tier, number>>;
  /** Days of transceiver production at the scenario's rate. */
  supplyDays: number;
}

export function computeBom(
  f: Fabric,
  lengthM: Float32Array,
  media: MediaAssignment,
  s: Scenario,
  cat: ResolvedCatalog,
): Bom {
  const switchesByTier: Partial<Record<Tier, number>> = {};
  let switchW = 0;
  let switchCost = 0;
  let switches = 0;
  for (let n = 0; n < f.nodeCount; n++) {
    if (f.nodeKind[n] === NODE_GPU) continue;
    const m = cat.switchModel(f.switchModels[f.nodeModel[n]]);
    const tier = TIERS[f.nodeTier[n]];
    switchesByTier[tier] = (switchesByTier[tier] ?? 0) + 1;
    switches++;
    switchW += m.watts;
    switchCost += m.cost;
  }

  // Module shares accumulate per node and family, so twin-port modules are counted whole per switch.
  const nOptical = MEDIUM_FAMILIES.length;
  const shares = new Float32Array(f.nodeCount * nOptical);
  const linksPerTier = new Uint32Array(TIERS.length);
  const cablesPerFamily = new Float64Array(MEDIUM_FAMILIES.length);
  const latencySum = new Float64Array(TIERS.length);
  const latencyCount = new Uint32Array(TIERS.length);
  let opticsW = 0;
  let activeCopperW = 0;
  let lasers = 0;
  let opticsCost = 0;
  let cableCost = 0;
  let totalLength = 0;
  let opticalLength = 0;
  for (let l = 0; l < f.linkCount; l++) {
    linksPerTier[f.linkTier[l]]++;
    const lm = media.kinds[media.linkKind[l]];
    const optical = isOptical(lm.family);
    const len = lengthM[l];
    const cables = optical
      ? 1
      : Math.max(1, Math.ceil(f.linkGbps[l] / (lm.ends[0] ?? lm.ends[1])!.module.rateGbps));
    cablesPerFamily[media.linkFamily[l]] += cables;
    totalLength += len;
    if (optical) {
      opticalLength += len;
      cableCost += len * CABLE_COST_PER_M;
      opticsCost += lm.cost;
    } else cableCost += lm.cost;
    const ends = [f.linkA[l], f.linkB[l]];
    lm.ends.forEach((e, i) => {
      if (!e) return;
      const w = e.module.watts * e.share;
      if (optical) {
        opticsW += w;
        lasers += e.module.lasers * e.share;
        shares[ends[i] * nOptical + MEDIUM_FAMILIES.indexOf(e.module.family)] += e.share;
      } else activeCopperW += w * cables;
    });
    // One hop on this tier: propagation, module latency, and the switch at the upper end.
    const upper = f.nodeKind[f.linkB[l]] === NODE_GPU ? f.linkA[l] : f.linkB[l];
    const sw =
      f.nodeKind[upper] === NODE_GPU ? 0 : cat.switchModel(f.switchModels[f.nodeModel[upper]]).latencyNs;
    latencySum[f.linkTier[l]] +=
      len * PROPAGATION_NS_PER_M + lm.latencyNs + (f.nodeKind[upper] === NODE_OCS ? 0 : sw);
    latencyCount[f.linkTier[l]]++;
  }
  let transceivers = 0;
  let cpoPorts = 0;
  const cpo = MEDIUM_FAMILIES.indexOf('cpo');
  for (let i = 0; i < shares.length; i++) {
    if (!shares[i]) continue;
    const whole = Math.ceil(shares[i] - 1e-6);
    if (i % nOptical === cpo) cpoPorts += whole;
    else transceivers += whole;
  }

  const gpuW = f.gpuCount * cat.gpu.watts;
  const serverW = f.serverCount * cat.server.overheadW;
  const networkW = switchW + opticsW + activeCopperW;
  const totalW = gpuW + serverW + networkW;
  const linksByTier: Partial<Record<Tier, number>> = {};
  TIERS.forEach((t, i) => {
    if (linksPerTier[i]) linksByTier[t] = linksPerTier[i];
  });
  const cablesByMedium: Partial<Record<MediumFamily, number>> = {};
  MEDIUM_FAMILIES.forEach((m, i) => {
    if (cablesPerFamily[i]) cablesByMedium[m] = cablesPerFamily[i];
  });
  const hopLatencyNs: Partial<Record<Tier, number>> = {};
  TIERS.forEach((t, i) => {
    if (latencyCount[i]) hopLatencyNs[t] = latencySum[i] / latencyCount[i];
  });
  const cost = {
    gpus: f.gpuCount * cat.gpu.cost,
    servers: f.serverCount * cat.server.cost,
    switches: switchCost,
    optics: opticsCost,
    cables: cableCost,
    total: 0,
  };
  cost.total = cost.gpus + cost.servers + cost.switches + cost.optics + cost.cables;
  return {
    gpus: f.gpuCount,
    servers: f.serverCount,
    racks: f.rackCount,
    switches: { total: switches, byTier: switchesByTier },
    links: { total: f.linkCount, byTier: linksByTier },
    cables: { byMedium: cablesByMedium, totalLengthM: totalLength, opticalLengthM: opticalLength },
    transceivers,
    cpoPorts,
    lasers: Math.round(lasers),
    infeasibleLinks: media.infeasibleCount,
    power: {
      totalW,
      gpuW,
      serverW,
      switchW,
      opticsW,
      activeCopperW,
      networkW,
      opticsShare: totalW > 0 ? opticsW / totalW : 0,
    },
    cost,
    hopLatencyNs,
    supplyDays: (transceivers + cpoPorts) / s.supply.modulesPerDay,
  };
}
