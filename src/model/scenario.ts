// The scenario: everything a user can set, serializable and versioned. One schema (zod);
// restore() in restore.ts is the only way in. Everything else is derived from it.

import { z } from 'zod';
import { GPU_BY_ID, MEDIUM_BY_ID, MEDIUM_FAMILIES, SERVER_BY_ID, SWITCH_BY_ID } from './catalog';
import { TIERS } from './fabric';

export const SCENARIO_VERSION = 1;
/** The tab cannot hold more: restore() refuses larger scenarios and scales them down. */
export const MAX_GPUS = 250_000;
export const MAX_CUSTOM_NODES = 300_000;
export const MAX_CUSTOM_LINKS = 1_000_000;
/** A collective's message size, bytes: at least one byte, at most 1 PB. */
export const MESSAGE_BYTES: readonly [number, number] = [1, 1e15];
/** A custom flow: GPU indices up to FLOW_MAX_GPU, a relative weight in [0, FLOW_MAX_WEIGHT]. */
export const FLOW_MAX_GPU = 1e7;
export const FLOW_MAX_WEIGHT = 1e6;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const num = (min: number, max: number) => z.number().min(min).max(max);
const idOf = (map: ReadonlyMap<string, unknown>, what: string) =>
  z.string().refine((v) => map.has(v), { message: `unknown ${what}; one of: ${[...map.keys()].join(', ')}` });

export const FatTree = z.object({
  kind: z.literal('fat-tree'),
  /** Switch radix k (even): k pods, k³/4 hosts. */
  k: int(2, 128).refine((k) => k % 2 === 0, { message: 'k must be even' }),
});

export const LeafSpine = z.object({
  kind: z.literal('leaf-spine'),
  gpus: int(1, 1_000_000),
  /** Downlinks per leaf (GPU NICs a leaf serves). */
  gpusPerLeaf: int(1, 512),
  /** Downlink : uplink bandwidth ratio (1 = non-blocking). */
  oversubscription: num(1, 64),
  /** Spine count; 0 = the fewest spines that hold every uplink (as the DGX SuperPOD RA sizes them). */
  spines: int(0, 4096),
});

export const Clos3 = z.object({
  kind: z.literal('clos3'),
  gpus: int(1, 1_000_000),
  gpusPerLeaf: int(1, 512),
  leavesPerPod: int(1, 512),
  leafOversubscription: num(1, 64),
  /** Spine (pod) down : up ratio toward the core. */
  spineOversubscription: num(1, 64),
});

export const RailOptimized = z.object({
  kind: z.literal('rail-optimized'),
  /** Scalable units. */
  sus: int(1, 1024),
  /** Server (node) slots per SU. */
  nodesPerSu: int(1, 1024),
  /** Rails per SU; 0 = one per GPU of a server. GPU i of a node joins rail (i mod rails). */
  rails: int(0, 256),
  /** One node slot per SU is taken by the fabric manager's link (DGX SuperPOD RA). */
  fabricManagerSlot: z.boolean(),
});

export const Dragonfly = z.object({
  kind: z.literal('dragonfly'),
  /** Routers per group. */
  a: int(1, 256),
  /** GPUs per router. */
  p: int(1, 256),
  /** Global links per router. */
  h: int(1, 256),
  /** Groups (at most a·h + 1). */
  g: int(1, 4096),
});

export const Torus = z.object({
  kind: z.literal('torus'),
  /** Chips along x, y, z (z = 1 for a 2D torus). */
  dims: z.tuple([int(1, 256), int(1, 256), int(1, 256)]),
  /** Chips per rack along x, y, z (TPU v4: a 4×4×4 cube per rack). */
  rackDims: z.tuple([int(1, 64), int(1, 64), int(1, 64)]),
  /** Which links go through optical circuit switches. */
  ocs: z.enum(['none', 'wraparound', 'inter-rack']),
  /** OCS count; 0 = one per dimension and face position. */
  ocsCount: int(0, 100_000),
});

export const CustomNode = z.object({
  name: z.string().min(1).max(200),
  kind: z.enum(['gpu', 'switch', 'ocs']),
  tier: z.enum(TIERS).optional(),
  rack: int(0, MAX_CUSTOM_NODES).optional(),
  server: int(0, MAX_CUSTOM_NODES).optional(),
  model: z.string().max(100).optional(),
});

export const CustomLink = z.object({
  a: z.union([z.string().max(200), int(0, MAX_CUSTOM_NODES)]),
  b: z.union([z.string().max(200), int(0, MAX_CUSTOM_NODES)]),
  tier: z.enum(TIERS).optional(),
  gbps: num(1, 1_000_000).optional(),
});

export const Custom = z.object({
  kind: z.literal('custom'),
  nodes: z.array(CustomNode).max(MAX_CUSTOM_NODES),
  links: z.array(CustomLink).max(MAX_CUSTOM_LINKS),
});

export const Topology = z.discriminatedUnion('kind', [
  FatTree,
  LeafSpine,
  Clos3,
  RailOptimized,
  Dragonfly,
  Torus,
  Custom,
]);
export type Topology = z.infer<typeof Topology>;
export type TopologyKind = Topology['kind'];
export const TOPOLOGY_KINDS: TopologyKind[] = [
  'fat-tree',
  'leaf-spine',
  'clos3',
  'rail-optimized',
  'dragonfly',
  'torus',
  'custom',
];

export const MediumChoice = z.enum(['auto', ...MEDIUM_FAMILIES]);
export type MediumChoice = z.infer<typeof MediumChoice>;

const mediaShape = Object.fromEntries(TIERS.map((t) => [t, MediumChoice])) as Record<
  (typeof TIERS)[number],
  typeof MediumChoice
>;

const moduleOverride = z
  .object({
    watts: num(0, 10_000),
    reachM: num(0, 100_000),
    latencyNs: num(0, 1e6),
    cost: num(0, 1e9),
    lasers: num(0, 1000),
  })
  .partial();
const deviceOverride = z.object({ watts: num(0, 1e6), latencyNs: num(0, 1e6), cost: num(0, 1e9) }).partial();
const gpuOverride = deviceOverride.extend({ nicGbps: num(1, 1e5), scaleUpGbps: num(1, 1e6) }).partial();
const serverOverride = z.object({ overheadW: num(0, 1e6), cost: num(0, 1e9) }).partial();

export const TRAFFIC_PATTERNS = [
  'ring-allreduce',
  'hierarchical-allreduce',
  'all-gather',
  'reduce-scatter',
  'all-to-all',
  'permutation',
  'pipeline',
  'custom',
] as const;
export const ROUTING_MODES = ['ecmp', 'ecmp-hash', 'shortest'] as const;

/**
 * A comparison: fabric B is this scenario (A) with `overrides` applied as a JSON merge patch
 * (media per tier, scale-up kind, spine switches, link speed, oversubscription, placement…).
 */
export const Compare = z.object({
  /** The question the comparison answers, shown above the delta table. */
  question: z.string().max(400),
  labelA: z.string().min(1).max(60),
  labelB: z.string().min(1).max(60),
  overrides: z.record(z.string(), z.unknown()),
});
export type Compare = z.infer<typeof Compare>;

export const Scenario = z.object({
  version: z.literal(SCENARIO_VERSION),
  name: z.string().max(200),
  description: z.string().max(4000),
  /** Public source the scenario follows (presets name one). */
  source: z.string().max(1000),
  topology: Topology,
  compute: z.object({
    gpu: idOf(GPU_BY_ID, 'GPU model'),
    server: idOf(SERVER_BY_ID, 'server model'),
    gpusPerServer: int(1, 72),
    serversPerRack: int(1, 72),
  }),
  scaleUp: z.object({
    /** none: no scale-up fabric; nvlink: copper NVLink domain; optical: a domain over optics. */
    kind: z.enum(['none', 'nvlink', 'optical']),
    /** GPUs per scale-up domain (8 HGX server, 72 NVL72 rack, more for optical). */
    gpusPerDomain: int(1, 4096),
    /** Scale-up switches per domain (4 NVSwitch on HGX H100, 9 trays in NVL72). */
    switchesPerDomain: int(1, 256),
    switchModel: idOf(SWITCH_BY_ID, 'switch model'),
  }),
  switches: z.object({
    leaf: idOf(SWITCH_BY_ID, 'switch model'),
    spine: idOf(SWITCH_BY_ID, 'switch model'),
    core: idOf(SWITCH_BY_ID, 'switch model'),
    ocs: idOf(SWITCH_BY_ID, 'switch model'),
  }),
  /** Link rate per tier, Gb/s; 0 = the GPU's NIC rate. */
  linkGbps: z.object({ leaf: num(0, 1e5), spine: num(0, 1e5), core: num(0, 1e5), global: num(0, 1e5) }),
  media: z.object(mediaShape),
  /** Families `auto` may choose from, cheapest that reaches wins. */
  autoFamilies: z.array(z.enum(MEDIUM_FAMILIES)).min(1).max(MEDIUM_FAMILIES.length),
  /** What a GPU-side (NIC) end uses when its tier is set to co-packaged optics. */
  cpoNicFamily: z.enum(['dsp-mm', 'dsp-sm', 'lpo']),
  floor: z.object({
    seed: int(0, 2 ** 31 - 1),
    racksPerRow: int(1, 200),
    /** Where leaves go: in the rack of their GPUs, or in network racks at the row's end. */
    leafPlacement: z.enum(['top-of-rack', 'end-of-row']),
    switchesPerRack: int(1, 64),
    /** Racks the user dragged: rack index → floor position in metres. */
    pinned: z.record(z.string().regex(/^\d{1,7}$/), z.tuple([num(-1e5, 1e5), num(-1e5, 1e5)])),
  }),
  traffic: z.object({
    pattern: z.enum(TRAFFIC_PATTERNS),
    routing: z.enum(ROUTING_MODES),
    messageBytes: num(MESSAGE_BYTES[0], MESSAGE_BYTES[1]),
    seed: int(0, 2 ** 31 - 1),
    /** Tensor-parallel group size (inside the scale-up domain); 0 = the domain. */
    tensorParallel: int(0, 4096),
    pipelineStages: int(1, 4096),
    /** Links taken out of service (link indices). */
    failedLinks: z.array(int(0, 100_000_000)).max(10_000),
    /** Flows of the custom pattern: GPU index pairs and relative weight. */
    flows: z
      .array(z.tuple([int(0, FLOW_MAX_GPU), int(0, FLOW_MAX_GPU), num(0, FLOW_MAX_WEIGHT)]))
      .max(100_000),
  }),
  supply: z.object({ modulesPerDay: num(1, 1e9) }),
  catalog: z.object({
    media: z.record(idOf(MEDIUM_BY_ID, 'medium module'), moduleOverride),
    switches: z.record(idOf(SWITCH_BY_ID, 'switch model'), deviceOverride),
    gpus: z.record(idOf(GPU_BY_ID, 'GPU model'), gpuOverride),
    servers: z.record(idOf(SERVER_BY_ID, 'server model'), serverOverride),
  }),
  compare: Compare.nullable(),
});
export type Scenario = z.infer<typeof Scenario>;

export const DEFAULT_TOPOLOGY: { [K in TopologyKind]: Extract<Topology, { kind: K }> } = {
  'fat-tree': { kind: 'fat-tree', k: 8 },
  'leaf-spine': { kind: 'leaf-spine', gpus: 128, gpusPerLeaf: 16, oversubscription: 1, spines: 4 },
  clos3: {
    kind: 'clos3',
    gpus: 4096,
    gpusPerLeaf: 32,
    leavesPerPod: 16,
    leafOversubscription: 1,
    spineOversubscription: 1,
  },
  'rail-optimized': { kind: 'rail-optimized', sus: 4, nodesPerSu: 32, rails: 0, fabricManagerSlot: true },
  dragonfly: { kind: 'dragonfly', a: 4, p: 4, h: 2, g: 9 },
  torus: { kind: 'torus', dims: [8, 8, 8], rackDims: [4, 4, 4], ocs: 'inter-rack', ocsCount: 0 },
  custom: { kind: 'custom', nodes: [], links: [] },
};

export function defaultScenario(): Scenario {
  return {
    version: SCENARIO_VERSION,
    name: 'Demo: 128-GPU leaf-spine',
    description: '',
    source: '',
    topology: { ...DEFAULT_TOPOLOGY['leaf-spine'] },
    compute: { gpu: 'h100-sxm', server: 'dgx-h100', gpusPerServer: 8, serversPerRack: 2 },
    scaleUp: { kind: 'nvlink', gpusPerDomain: 8, switchesPerDomain: 4, switchModel: 'hgx-nvswitch' },
    switches: { leaf: 'qm9700', spine: 'qm9700', core: 'qm9700', ocs: 'ocs-136' },
    linkGbps: { leaf: 0, spine: 0, core: 0, global: 0 },
    media: Object.fromEntries(TIERS.map((t) => [t, 'auto'])) as Scenario['media'],
    autoFamilies: ['nvlink', 'dac', 'acc', 'aec', 'dsp-mm', 'dsp-sm'],
    cpoNicFamily: 'dsp-sm',
    floor: { seed: 1, racksPerRow: 8, leafPlacement: 'top-of-rack', switchesPerRack: 16, pinned: {} },
    traffic: {
      pattern: 'ring-allreduce',
      routing: 'ecmp',
      messageBytes: 1 << 30,
      seed: 1,
      tensorParallel: 0,
      pipelineStages: 1,
      failedLinks: [],
      flows: [],
    },
    supply: { modulesPerDay: 1000 },
    catalog: { media: {}, switches: {}, gpus: {}, servers: {} },
    compare: null,
  };
}

export interface Problem {
  /** Dotted field path, e.g. "topology.k"; "" for the whole input. */
  path: string;
  message: string;
}
