// The catalog as a scenario sees it: defaults with the scenario's overrides applied.

import {
  GPU_BY_ID,
  MEDIA,
  MEDIUM_BY_ID,
  SERVER_BY_ID,
  SWITCH_BY_ID,
  type GpuModel,
  type MediumModule,
  type ServerModel,
  type SwitchModel,
} from './catalog';
import type { Scenario } from './scenario';

export interface ResolvedCatalog {
  gpu: GpuModel;
  server: ServerModel;
  switchModel(id: string): SwitchModel;
  medium(id: string): MediumModule;
  media: MediumModule[];
}

export function resolveCatalog(s: Scenario): ResolvedCatalog {
  const o = s.catalog;
  const gpuBase = GPU_BY_ID.get(s.compute.gpu) ?? GPU_BY_ID.get('h100-sxm')!;
  const serverBase = SERVER_BY_ID.get(s.compute.server) ?? SERVER_BY_ID.get('dgx-h100')!;
  const media = MEDIA.map((m) => ({ ...m, ...o.media[m.id] }));
  const mediaById = new Map(media.map((m) => [m.id, m]));
  const switches = new Map<string, SwitchModel>();
  return {
    gpu: { ...gpuBase, ...o.gpus[gpuBase.id] },
    server: { ...serverBase, ...o.servers[serverBase.id] },
    switchModel(id) {
      let m = switches.get(id);
      if (!m) {
        const base = SWITCH_BY_ID.get(id) ?? SWITCH_BY_ID.get('qm9700')!;
        m = { ...base, ...o.switches[id] };
        switches.set(id, m);
      }
      return m;
    },
    medium: (id) => mediaById.get(id) ?? MEDIUM_BY_ID.get(id)!,
    media,
  };
}

/** Logical ports of a switch at a link speed: capacity-limited and port-split-limited. */
export function radixAt(m: SwitchModel, gbps: number): number {
  return Math.max(1, Math.min(m.maxPorts, Math.floor(m.capacityGbps / gbps)));
}

/** Link rate of a tier: the scenario's value, or the GPU NIC rate where it is 0. */
export function tierGbps(s: Scenario, cat: ResolvedCatalog, tier: keyof Scenario['linkGbps']): number {
  return s.linkGbps[tier] || cat.gpu.nicGbps;
}
