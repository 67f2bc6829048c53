// Force-directed floor placement over coarse units, snapped to rows and aisles.
//
// 1. Racks are grouped into units (the fabric's pods / SUs / groups; big groups are cut into
//    chunks of consecutive racks), and the units are laid out by d3-force, pulled together by
//    the links between them (aggregate link counts as weights).
// 2. Inside each unit, its racks are laid out by a second, small d3-force simulation, pulled by
//    the links between them and nudged toward the units they talk to.
// 3. The rack targets are snapped to the hall's slot grid (rows of `racksPerRow`, aisles between
//    rows, cross-aisles between bays) by sorting: racks sorted by depth fill rows, each row sorted
//    along x. Pinned racks (the user's drags) keep their exact position; a rack whose slot a pinned
//    rack covers moves to the nearest free slot. Nothing else moves when a rack is pinned.
//
// Never simulates every GPU: the biggest preset (100k GPUs) has about 1,800 racks in 26 units.
// Deterministic: d3-force gets a seeded random source and seeded initial positions.

import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';
import type { Fabric } from '../model/fabric';
import type { Scenario } from '../model/scenario';
import { HALL, type RackPlacement } from './floor';

/** The hall's slot grid: `bays` blocks side by side, each `rowsPerBay` rows of `cols` racks. */
export interface HallGrid {
  bays: number;
  rowsPerBay: number;
  cols: number;
  /** Centre x of column 0 of bay 0, and z of row 0 (metres). */
  x0: number;
  z0: number;
  /** Distance between the first columns of two neighbouring bays. */
  bayPitch: number;
  /** Floor extent covered by slots and pinned racks (metres), with the aisle margins. */
  minX: number;
  maxX: number;
  minZ: number;
  maxZ: number;
}

export interface Placement extends RackPlacement {
  hall: HallGrid;
  /** 1 where the rack is pinned by the scenario. */
  pinned: Uint8Array;
}

export interface PlaceOptions {
  /** Ticks of the unit-level simulation (default 300). */
  unitTicks?: number;
  /** Ticks of each rack-level simulation (default 60). */
  rackTicks?: number;
  /** Largest unit before a group is cut into chunks of consecutive racks. */
  maxUnit?: number;
}

/** Cross-aisle between bays, metres. */
export const CROSS_AISLE = 2.4;

/** A small seeded PRNG (mulberry32): the same seed gives the same floor. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Aggregate link counts between distinct racks: keys a·R + b (a < b) → count. */
export function rackPairWeights(f: Fabric): Map<number, number> {
  const w = new Map<number, number>();
  const R = f.rackCount;
  for (let l = 0; l < f.linkCount; l++) {
    const a = f.nodeRack[f.linkA[l]];
    const b = f.nodeRack[f.linkB[l]];
    if (a === b || a < 0 || b < 0) continue;
    const key = a < b ? a * R + b : b * R + a;
    w.set(key, (w.get(key) ?? 0) + 1);
  }
  return w;
}

interface SimNode extends SimulationNodeDatum {
  i: number;
  r: number;
  tx: number;
  ty: number;
}
interface SimLink extends SimulationLinkDatum<SimNode> {
  w: number;
}

/** Units: racks of a group, big groups cut into consecutive chunks. unitOf[r] → unit. */
function units(f: Fabric, maxUnit: number): { unitOf: Int32Array; members: number[][] } {
  const byGroup = new Map<number, number[]>();
  for (let r = 0; r < f.rackCount; r++) {
    const g = f.rackGroup[r];
    let list = byGroup.get(g);
    if (!list) byGroup.set(g, (list = []));
    list.push(r);
  }
  const members: number[][] = [];
  for (const g of [...byGroup.keys()].sort((a, b) => a - b)) {
    const list = byGroup.get(g)!;
    const parts = Math.ceil(list.length / maxUnit);
    const size = Math.ceil(list.length / parts);
    for (let p = 0; p < parts; p++) members.push(list.slice(p * size, (p + 1) * size));
  }
  const unitOf = new Int32Array(f.rackCount);
  members.forEach((m, u) => m.forEach((r) => (unitOf[r] = u)));
  return { unitOf, members };
}

/** Manual ticks: no timers, the same result in a worker, in Node and in tests. */
const run = (nodes: SimNode[]) => forceSimulation(nodes).stop();

/**
 * Target floor positions (arbitrary units, about one rack pitch apart) from the two-level
 * force-directed layout. Exported for tests and benchmarks.
 */
export function forceTargets(
  f: Fabric,
  seed: number,
  opts: PlaceOptions = {},
  weights = rackPairWeights(f),
): { x: Float64Array; y: Float64Array; unitOf: Int32Array } {
  const unitTicks = opts.unitTicks ?? 300;
  const rackTicks = opts.rackTicks ?? 60;
  const rnd = seeded(seed * 2654435761 + 1);
  const { unitOf, members } = units(f, opts.maxUnit ?? 400);
  const R = f.rackCount;
  const U = members.length;

  // Unit-level graph.
  const unitW = new Map<number, number>();
  for (const [key, w] of weights) {
    const a = unitOf[Math.floor(key / R)];
    const b = unitOf[key % R];
    if (a === b) continue;
    const k = a < b ? a * U + b : b * U + a;
    unitW.set(k, (unitW.get(k) ?? 0) + w);
  }
  const radius = members.map((m) => 0.62 * Math.sqrt(m.length) + 0.5);
  const phase = rnd() * Math.PI * 2;
  const unitNodes: SimNode[] = members.map((_, u) => {
    const a = phase + u * 2.399963; // golden-angle phyllotaxis, rotated by the seed
    const d = 4 * Math.sqrt(u + 0.5) * (1 + 0.2 * rnd());
    return { i: u, r: radius[u], tx: 0, ty: 0, x: d * Math.cos(a), y: d * Math.sin(a) };
  });
  const unitLinks: SimLink[] = [];
  let maxUW = 1;
  for (const w of unitW.values()) maxUW = Math.max(maxUW, w);
  for (const [k, w] of unitW) unitLinks.push({ source: Math.floor(k / U), target: k % U, w });
  if (U > 1) {
    const sim = run(unitNodes)
      .randomSource(rnd)
      .force(
        'link',
        forceLink<SimNode, SimLink>(unitLinks)
          .distance((l) => (l.source as SimNode).r + (l.target as SimNode).r)
          .strength((l) => 0.02 + 0.4 * Math.sqrt(l.w / maxUW)),
      )
      .force(
        'charge',
        forceManyBody<SimNode>().strength((n) => -8 * n.r * n.r),
      )
      .force('collide', forceCollide<SimNode>((n) => n.r * 1.05).iterations(2))
      .force('x', forceX<SimNode>(0).strength(0.04))
      .force('y', forceY<SimNode>(0).strength(0.04));
    sim.tick(unitTicks);
  }

  // Each unit's racks, pulled by their links and toward the units they talk to.
  const x = new Float64Array(R);
  const y = new Float64Array(R);
  const localIndex = new Int32Array(R);
  const pull = new Float64Array(2 * R);
  const intra: SimLink[][] = members.map(() => []);
  for (const m of members) m.forEach((r, j) => (localIndex[r] = j));
  for (const [key, w] of weights) {
    const a = Math.floor(key / R);
    const b = key % R;
    const ua = unitOf[a];
    const ub = unitOf[b];
    if (ua === ub) intra[ua].push({ source: localIndex[a], target: localIndex[b], w });
    else {
      const dx = unitNodes[ub].x! - unitNodes[ua].x!;
      const dy = unitNodes[ub].y! - unitNodes[ua].y!;
      const d = Math.hypot(dx, dy) || 1;
      pull[2 * a] += (w * dx) / d;
      pull[2 * a + 1] += (w * dy) / d;
      pull[2 * b] -= (w * dx) / d;
      pull[2 * b + 1] -= (w * dy) / d;
    }
  }
  members.forEach((m, u) => {
    const cx = unitNodes[u].x!;
    const cy = unitNodes[u].y!;
    const rad = radius[u];
    let maxPull = 1e-9;
    for (const r of m) maxPull = Math.max(maxPull, Math.hypot(pull[2 * r], pull[2 * r + 1]));
    const spin = rnd() * Math.PI * 2;
    const nodes: SimNode[] = m.map((r, j) => {
      const a = spin + j * 2.399963;
      const d = 0.62 * Math.sqrt(j + 0.5);
      return {
        i: r,
        r: 0.5,
        tx: (0.6 * rad * pull[2 * r]) / maxPull,
        ty: (0.6 * rad * pull[2 * r + 1]) / maxPull,
        x: d * Math.cos(a),
        y: d * Math.sin(a),
      };
    });
    if (m.length > 1) {
      let maxW = 1;
      for (const l of intra[u]) maxW = Math.max(maxW, l.w);
      const sim = run(nodes)
        .randomSource(rnd)
        .alphaDecay(1 - Math.pow(0.001, 1 / rackTicks))
        .force(
          'link',
          forceLink<SimNode, SimLink>(intra[u])
            .distance(1)
            .strength((l) => 0.05 + 0.5 * (l.w / maxW)),
        )
        .force('collide', forceCollide<SimNode>(0.55).strength(0.9))
        .force('x', forceX<SimNode>((n) => n.tx).strength(0.06))
        .force('y', forceY<SimNode>((n) => n.ty).strength(0.06));
      sim.tick(rackTicks);
    }
    // Fit the unit's racks to its disk so units do not overlap after the local layout.
    let mx = 0;
    let my = 0;
    for (const n of nodes) {
      mx += n.x!;
      my += n.y!;
    }
    mx /= nodes.length;
    my /= nodes.length;
    let ext = 1e-9;
    for (const n of nodes) ext = Math.max(ext, Math.hypot(n.x! - mx, n.y! - my));
    const k = m.length > 1 ? Math.min(1, rad / ext) : 0;
    for (const n of nodes) {
      x[n.i] = cx + (n.x! - mx) * k;
      y[n.i] = cy + (n.y! - my) * k;
    }
  });
  return { x, y, unitOf };
}

/** Bays and rows of the hall for `racks` racks, `cols` to a row, close to a 16:10 floor. */
export function hallGrid(racks: number, cols: number): HallGrid {
  const rowsTotal = Math.max(1, Math.ceil(racks / cols));
  const rowLen = cols * HALL.rackWidth;
  let best = 1;
  let bestErr = Infinity;
  for (let b = 1; b <= rowsTotal; b++) {
    const w = b * rowLen + (b - 1) * CROSS_AISLE;
    const d = Math.ceil(rowsTotal / b) * HALL.rowPitch;
    const err = Math.abs(Math.log(w / d / 1.6));
    if (err < bestErr - 1e-9) {
      best = b;
      bestErr = err;
    }
  }
  const bays = best;
  const rowsPerBay = Math.ceil(rowsTotal / bays);
  const bayPitch = rowLen + CROSS_AISLE;
  const width = bays * rowLen + (bays - 1) * CROSS_AISLE;
  const depth = rowsPerBay * HALL.rowPitch;
  const x0 = -width / 2 + HALL.rackWidth / 2;
  const z0 = -depth / 2 + HALL.rowPitch / 2;
  const margin = HALL.rowPitch;
  return {
    bays,
    rowsPerBay,
    cols,
    x0,
    z0,
    bayPitch,
    minX: -width / 2 - margin,
    maxX: width / 2 + margin,
    minZ: -depth / 2 - margin / 2,
    maxZ: depth / 2 + margin / 2,
  };
}

/** Floor position of a grid slot: row (0…rowsPerBay-1), column across all bays. */
export function slotPosition(h: HallGrid, row: number, col: number): [number, number] {
  const bay = Math.floor(col / h.cols);
  return [h.x0 + bay * h.bayPitch + (col % h.cols) * HALL.rackWidth, h.z0 + row * HALL.rowPitch];
}

/** Rack indices pinned by the scenario (valid ones only) with their positions. */
export function pinnedRacks(f: Fabric, s: Scenario): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (const [k, v] of Object.entries(s.floor.pinned)) {
    const r = Number(k);
    if (Number.isInteger(r) && r >= 0 && r < f.rackCount) out.set(r, [v[0], v[1]]);
  }
  return out;
}

/** Racks overlap when their footprints (width × depth) intersect. */
const overlaps = (ax: number, az: number, bx: number, bz: number) =>
  Math.abs(ax - bx) < HALL.rackWidth - 1e-6 && Math.abs(az - bz) < HALL.rackDepth - 1e-6;

/** Snaps force targets to the slot grid; pinned racks stay exactly where they are. */
export function snapToGrid(
  f: Fabric,
  tx: ArrayLike<number>,
  ty: ArrayLike<number>,
  cols: number,
  pins: Map<number, [number, number]>,
): Placement {
  const R = f.rackCount;
  const hall = hallGrid(R, cols);
  const gridCols = hall.bays * cols;
  const rackX = new Float32Array(R);
  const rackZ = new Float32Array(R);
  const pinned = new Uint8Array(R);
  if (R === 0) return { rackX, rackZ, hall, pinned };

  // Normalise targets to the grid's aspect so sorting fills it evenly.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let r = 0; r < R; r++) {
    minX = Math.min(minX, tx[r]);
    maxX = Math.max(maxX, tx[r]);
    minY = Math.min(minY, ty[r]);
    maxY = Math.max(maxY, ty[r]);
  }
  const order = Array.from({ length: R }, (_, r) => r);
  const ny = (r: number) => (ty[r] - minY) / (maxY - minY || 1);
  order.sort((a, b) => ny(a) - ny(b) || a - b);
  const rows = hall.rowsPerBay;
  const slotOf = new Int32Array(R);
  let k = 0;
  for (let row = 0; row < rows; row++) {
    const n = Math.floor(((row + 1) * R) / rows) - Math.floor((row * R) / rows);
    const inRow = order.slice(k, k + n).sort((a, b) => tx[a] - tx[b] || a - b);
    k += n;
    const start = Math.floor((gridCols - n) / 2);
    inRow.forEach((r, j) => (slotOf[r] = row * gridCols + start + j));
  }

  // Pinned racks first, then every other rack in its slot unless a pinned rack covers it.
  const taken = new Uint8Array(rows * gridCols + gridCols);
  const pinList = [...pins];
  for (const [r, [px, pz]] of pinList) {
    rackX[r] = px;
    rackZ[r] = pz;
    pinned[r] = 1;
  }
  const coveredByPin = (x: number, z: number) => pinList.some(([, [px, pz]]) => overlaps(x, z, px, pz));
  const bumped: number[] = [];
  for (let r = 0; r < R; r++) {
    if (pinned[r]) continue;
    const s = slotOf[r];
    const [x, z] = slotPosition(hall, Math.floor(s / gridCols), s % gridCols);
    if (pinList.length && coveredByPin(x, z)) bumped.push(r);
    else {
      taken[s] = 1;
      rackX[r] = x;
      rackZ[r] = z;
    }
  }
  // Bumped racks: nearest free slot (one spare row beyond the last if the grid is full).
  for (const r of bumped) {
    const [ox, oz] = slotPosition(hall, Math.floor(slotOf[r] / gridCols), slotOf[r] % gridCols);
    let best = -1;
    let bestD = Infinity;
    for (let s = 0; s < taken.length; s++) {
      if (taken[s]) continue;
      const [x, z] = slotPosition(hall, Math.floor(s / gridCols), s % gridCols);
      if (coveredByPin(x, z)) continue;
      const d = Math.abs(x - ox) + Math.abs(z - oz);
      if (d < bestD) {
        bestD = d;
        best = s;
      }
    }
    if (best < 0) {
      // Everything is covered: park the rack beyond the hall, past the last row.
      rackX[r] = ox;
      rackZ[r] = hall.maxZ + HALL.rowPitch * (1 + bumped.indexOf(r));
      continue;
    }
    taken[best] = 1;
    [rackX[r], rackZ[r]] = slotPosition(hall, Math.floor(best / gridCols), best % gridCols);
  }
  // The hall grows to hold pinned racks dragged outside it.
  for (let r = 0; r < R; r++) {
    hall.minX = Math.min(hall.minX, rackX[r] - HALL.rowPitch);
    hall.maxX = Math.max(hall.maxX, rackX[r] + HALL.rowPitch);
    hall.minZ = Math.min(hall.minZ, rackZ[r] - HALL.rowPitch);
    hall.maxZ = Math.max(hall.maxZ, rackZ[r] + HALL.rowPitch);
  }
  return { rackX, rackZ, hall, pinned };
}

/** The floor plan of a fabric: force-directed units, snapped to rows and aisles, pins honoured. */
export function place(f: Fabric, s: Scenario, opts: PlaceOptions = {}): Placement {
  const { x, y } = forceTargets(f, s.floor.seed, opts);
  return snapToGrid(f, x, y, s.floor.racksPerRow, pinnedRacks(f, s));
}
