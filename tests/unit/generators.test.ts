import { describe, expect, it } from 'vitest';
import { NODE_GPU, NODE_OCS, TIER_INDEX, nodeDegrees } from '../../src/model/fabric';
import { build } from '../../src/model/generators';
import {
  fabricOf,
  linksByTier,
  neighbours,
  portOverruns,
  presetRaw,
  PRESET_IDS,
  switchesByTier,
} from './helpers';

const noScaleUp = { kind: 'none', gpusPerDomain: 1, switchesPerDomain: 1, switchModel: 'hgx-nvswitch' };

describe('fat tree (Al-Fares et al.)', () => {
  it.each([4, 6, 8, 16])('k = %i has k³/4 hosts, k²/2 edge and aggregation, (k/2)² core switches', (k) => {
    const { f } = fabricOf({
      topology: { kind: 'fat-tree', k },
      scaleUp: noScaleUp,
      compute: { gpusPerServer: 1, serversPerRack: 8 },
    });
    expect(f.gpuCount).toBe(k ** 3 / 4);
    expect(switchesByTier(f)).toEqual({ leaf: k ** 2 / 2, spine: k ** 2 / 2, core: (k / 2) ** 2 });
    // Every tier carries k³/4 links: hosts, edge-agg (k pods × (k/2)²), agg-core (k²/2 × k/2).
    expect(linksByTier(f)).toEqual({ leaf: k ** 3 / 4, spine: k ** 3 / 4, core: k ** 3 / 4 });
    const deg = nodeDegrees(f);
    for (let n = 0; n < f.nodeCount; n++) {
      if (f.nodeKind[n] === NODE_GPU) expect(deg[n]).toBe(1);
      // Core switches have k ports, one per pod; edge and aggregation k/2 down and k/2 up.
      else expect(deg[n]).toBe(k);
    }
  });

  it('connects each core switch to every pod exactly once', () => {
    const { f } = fabricOf({ topology: { kind: 'fat-tree', k: 8 }, scaleUp: noScaleUp });
    for (let n = 0; n < f.nodeCount; n++) {
      if (f.nodeTier[n] !== TIER_INDEX.core) continue;
      const pods = neighbours(f, n).map((m) => f.nodeGroup[m]);
      expect(new Set(pods).size).toBe(8);
    }
  });

  it('refuses a k larger than the switch radix and names the field', async () => {
    const { restore } = await import('../../src/model/restore');
    const { scenario, problems } = restore({ topology: { kind: 'fat-tree', k: 100 } });
    expect(problems.map((p) => p.path)).toContain('topology.k');
    expect(scenario.topology).toMatchObject({ kind: 'fat-tree', k: 64 }); // QM9700: 64 × 400G
  });
});

describe('leaf-spine', () => {
  it('derives uplinks from the oversubscription ratio and spreads them evenly', () => {
    const { f } = fabricOf({
      topology: { kind: 'leaf-spine', gpus: 48 * 8, gpusPerLeaf: 48, oversubscription: 3, spines: 0 },
      scaleUp: noScaleUp,
    });
    // 48 down at 3:1 → 16 up; 8 × 16 = 128 uplinks fill two 64-port spines, 8 links per leaf-spine pair.
    expect(switchesByTier(f)).toEqual({ leaf: 8, spine: 2 });
    expect(linksByTier(f).spine).toBe(8 * 16);
    for (let n = 0; n < f.nodeCount; n++)
      if (f.nodeTier[n] === TIER_INDEX.spine) {
        const nb = neighbours(f, n);
        expect(nb).toHaveLength(64);
        expect(new Set(nb).size).toBe(8);
      }
  });

  it('takes an explicit spine count and spreads each leaf evenly over it', () => {
    const { f } = fabricOf({
      topology: { kind: 'leaf-spine', gpus: 48 * 8, gpusPerLeaf: 48, oversubscription: 3, spines: 16 },
      scaleUp: noScaleUp,
    });
    expect(switchesByTier(f)).toEqual({ leaf: 8, spine: 16 });
    for (let n = 0; n < f.nodeCount; n++)
      if (f.nodeTier[n] === TIER_INDEX.spine)
        expect(neighbours(f, n).sort()).toEqual([...new Set(neighbours(f, n))].sort());
  });

  it('caps two tiers at what the spine radix connects', async () => {
    const { restore } = await import('../../src/model/restore');
    const { scenario, problems } = restore({
      topology: { kind: 'leaf-spine', gpus: 10000, gpusPerLeaf: 32, oversubscription: 1, spines: 0 },
    });
    expect(problems[0].path).toBe('topology.gpus');
    expect(scenario.topology).toMatchObject({ gpus: 64 * 32 });
  });
});

describe('DGX SuperPOD, rail-optimized', () => {
  it('4 SU: 8 rail leaves per SU, 16 spines, no core; GPU i of a node on leaf i of its SU', () => {
    const { f } = fabricOf(presetRaw('dgx-h100-superpod-4su'));
    const tiers = switchesByTier(f);
    expect(tiers.leaf).toBe(4 * 8);
    expect(tiers.spine).toBe(16); // 32 leaves × 32 uplinks / 64 ports
    expect(tiers.core).toBeUndefined();
    // 31 nodes per SU (one slot for the fabric manager) × 8 GPUs.
    expect(f.gpuCount).toBe(4 * 31 * 8);
    for (let l = 0; l < f.linkCount; l++) {
      if (f.linkTier[l] !== TIER_INDEX.leaf) continue;
      const gpu = f.nodeKind[f.linkA[l]] === NODE_GPU ? f.linkA[l] : f.linkB[l];
      const leaf = gpu === f.linkA[l] ? f.linkB[l] : f.linkA[l];
      const server = f.nodeServer[gpu];
      const local = gpu - f.serverFirstGpu[server];
      expect(f.nodeGroup[leaf]).toBe(f.nodeGroup[gpu]); // same SU
      expect(f.nodeOrdinal[leaf] % 8).toBe(local); // rail = GPU index in its node
    }
  });

  it('each leaf: 31 GPUs down (one slot reserved), 32 uplinks', () => {
    const { f } = fabricOf(presetRaw('dgx-h100-superpod-4su'));
    for (let n = 0; n < f.nodeCount; n++) {
      if (f.nodeTier[n] !== TIER_INDEX.leaf) continue;
      const nb = neighbours(f, n);
      expect(nb.filter((m) => f.nodeKind[m] === NODE_GPU)).toHaveLength(31);
      expect(nb.filter((m) => f.nodeTier[m] === TIER_INDEX.spine)).toHaveLength(32);
    }
  });

  it('16 SU adds a core tier: pods of 4 SU, 32 spines per pod, cores by radix', () => {
    const { f } = fabricOf(presetRaw('dgx-h100-superpod-16su'));
    const tiers = switchesByTier(f);
    expect(tiers.leaf).toBe(128);
    expect(tiers.spine).toBe(4 * 32);
    // 32 planes; each gets 4 pods × 32 uplinks = 128 links over 64-port cores → 2 per plane.
    expect(tiers.core).toBe(64);
  });

  it('GB200 NVL72: a 72-GPU NVLink domain per rack over 9 switch trays, 576 GPUs per SU', () => {
    const { f } = fabricOf(presetRaw('gb200-nvl72-superpod'));
    expect(f.gpuCount).toBe(4 * 576);
    expect(switchesByTier(f)['scale-up']).toBe(4 * 8 * 9);
    for (let n = 0; n < f.nodeCount; n++) {
      if (f.nodeKind[n] !== NODE_GPU) continue;
      const ups = neighbours(f, n).filter((m) => f.nodeTier[m] === TIER_INDEX['scale-up']);
      expect(ups).toHaveLength(9);
      expect(ups.every((m) => f.nodeRack[m] === f.nodeRack[n])).toBe(true);
    }
  });
});

describe('three-tier Clos', () => {
  it('Meta-style: 8 pods of 3,072 GPUs, non-blocking in the pod, 7:1 above', () => {
    const { f, s } = fabricOf(presetRaw('meta-24k-clos'));
    expect(f.gpuCount).toBe(24576);
    expect(new Set(Array.from(f.nodeGroup).filter((g) => g >= 0 && g < 8)).size).toBe(8);
    let down = 0;
    let up = 0;
    for (let l = 0; l < f.linkCount; l++) {
      if (f.linkTier[l] === TIER_INDEX.spine) down += f.linkGbps[l];
      if (f.linkTier[l] === TIER_INDEX.core) up += f.linkGbps[l];
    }
    expect(down / up).toBeGreaterThan(6.5);
    expect(down / up).toBeLessThanOrEqual(7);
    expect(s.topology.kind).toBe('clos3');
  });
});

describe('core planes', () => {
  it.each(['colossus-100k', 'meta-24k-clos', 'dgx-h100-superpod-16su'])(
    '%s: every spine spreads its uplinks evenly over its plane (equal links per spine-core pair)',
    (id) => {
      const { f } = fabricOf(presetRaw(id));
      const pairs = new Map<number, Map<number, number>>();
      for (let l = 0; l < f.linkCount; l++) {
        if (f.linkTier[l] !== TIER_INDEX.core) continue;
        const [sp, co] =
          f.nodeTier[f.linkA[l]] === TIER_INDEX.spine ? [f.linkA[l], f.linkB[l]] : [f.linkB[l], f.linkA[l]];
        const m = pairs.get(sp) ?? new Map<number, number>();
        m.set(co, (m.get(co) ?? 0) + 1);
        pairs.set(sp, m);
      }
      expect(pairs.size).toBeGreaterThan(0);
      const counts = new Set<number>();
      for (const m of pairs.values()) for (const n of m.values()) counts.add(n);
      expect([...counts]).toHaveLength(1);
    },
  );
});

describe('dragonfly', () => {
  it('a·p·g GPUs, all-to-all routers in a group, every group pair linked', () => {
    const t = { kind: 'dragonfly', a: 4, p: 2, h: 2, g: 9 };
    const { f } = fabricOf({ topology: t, scaleUp: noScaleUp, compute: { gpusPerServer: 2 } });
    expect(f.gpuCount).toBe(4 * 2 * 9);
    expect(linksByTier(f).local).toBe((9 * (4 * 3)) / 2);
    const pairs = new Set<string>();
    for (let l = 0; l < f.linkCount; l++)
      if (f.linkTier[l] === TIER_INDEX.global) {
        const [x, y] = [f.nodeGroup[f.linkA[l]], f.nodeGroup[f.linkB[l]]].sort((a, b) => a - b);
        expect(x).not.toBe(y);
        pairs.add(`${x}-${y}`);
      }
    expect(pairs.size).toBe((9 * 8) / 2);
  });
});

describe('torus with optical circuit switches (TPU v4)', () => {
  it('4,096 chips in 64 cubes; 48 OCS with 128 fibres each; every chip has 6 torus neighbours', () => {
    const { f } = fabricOf(presetRaw('tpu-v4-torus'));
    expect(f.gpuCount).toBe(4096);
    expect(new Set(Array.from(f.nodeRack).filter((_, n) => f.nodeKind[n] === NODE_GPU)).size).toBe(64);
    const deg = nodeDegrees(f);
    let ocs = 0;
    for (let n = 0; n < f.nodeCount; n++) {
      if (f.nodeKind[n] === NODE_OCS) {
        ocs++;
        expect(deg[n]).toBe(128);
      } else if (f.nodeKind[n] === NODE_GPU) expect(deg[n]).toBe(6);
    }
    expect(ocs).toBe(48);
    // 3 × 4,096 torus links; inside a cube 3 × 48 per cube; the rest cross cubes through OCS as two fibres.
    expect(linksByTier(f)['scale-up']).toBe(64 * 144);
    expect(linksByTier(f).ocs).toBe(2 * (3 * 4096 - 64 * 144));
  });

  it('a 2D torus without OCS wires wraparound links directly', () => {
    const { f } = fabricOf({
      topology: { kind: 'torus', dims: [4, 4, 1], rackDims: [2, 2, 1], ocs: 'none', ocsCount: 0 },
      scaleUp: noScaleUp,
      compute: { gpusPerServer: 4, serversPerRack: 1 },
    });
    expect(f.gpuCount).toBe(16);
    expect(f.linkCount).toBe(2 * 16);
    const deg = nodeDegrees(f);
    for (let n = 0; n < f.nodeCount; n++) expect(deg[n]).toBe(4);
  });
});

describe('custom fabrics', () => {
  it('builds named nodes and links and infers the tier from the upper end', () => {
    const { f } = fabricOf({
      topology: {
        kind: 'custom',
        nodes: [
          { name: 'g0', kind: 'gpu' },
          { name: 'g1', kind: 'gpu' },
          { name: 'tor', kind: 'switch', tier: 'leaf' },
        ],
        links: [
          { a: 'g0', b: 'tor' },
          { a: 'g1', b: 'tor', gbps: 800 },
        ],
      },
      scaleUp: noScaleUp,
    });
    expect(f.gpuCount).toBe(2);
    expect(Array.from(f.linkTier)).toEqual([TIER_INDEX.leaf, TIER_INDEX.leaf]);
    expect(Array.from(f.linkGbps)).toEqual([400, 800]);
    expect(f.names).toEqual(['g0', 'g1', 'tor']);
  });
});

describe('every preset', () => {
  it.each(PRESET_IDS)('%s restores without problems and uses no switch beyond its ports', (id) => {
    const { f, s } = fabricOf(presetRaw(id));
    expect(portOverruns(f, s)).toEqual([]);
    // The hierarchy holds: every GPU in a server, every server in a rack.
    for (let n = 0; n < f.nodeCount; n++) {
      expect(f.nodeRack[n]).toBeGreaterThanOrEqual(0);
      if (f.nodeKind[n] === NODE_GPU) expect(f.serverRack[f.nodeServer[n]]).toBe(f.nodeRack[n]);
    }
  });

  it('is deterministic: the same scenario builds the same fabric', () => {
    const { s } = fabricOf(presetRaw('dgx-h100-superpod-4su'));
    const a = build(s);
    const b = build(s);
    expect(Buffer.from(a.linkA.buffer).equals(Buffer.from(b.linkA.buffer))).toBe(true);
  });
});
