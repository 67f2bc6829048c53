// Force-directed placement: deterministic for a seed, racks never overlap, pins are honoured,
// connected racks end up closer than unconnected ones; and the geometry the view draws.
import { describe, expect, it } from 'vitest';
import { HALL, cableLengths, gridPlacement, nodeHeights } from '../../src/layout/floor';
import { buildGeometry } from '../../src/layout/geometry';
import { ScenePipeline } from '../../src/layout/pipeline';
import { place, rackPairWeights } from '../../src/layout/place';
import type { Fabric } from '../../src/model/fabric';
import type { Scenario } from '../../src/model/scenario';
import { PRESET_IDS, fabricOf, presetRaw } from './helpers';

const SMALL = PRESET_IDS.filter((id) => id !== 'colossus-100k' && id !== 'meta-24k-clos');

function overlapping(rx: Float32Array, rz: Float32Array): [number, number] | null {
  // Sort by x and sweep: only racks within a rack width in x can overlap.
  const order = Array.from(rx, (_, i) => i).sort((a, b) => rx[a] - rx[b]);
  for (let i = 0; i < order.length; i++)
    for (let j = i + 1; j < order.length && rx[order[j]] - rx[order[i]] < HALL.rackWidth - 1e-4; j++)
      if (Math.abs(rz[order[i]] - rz[order[j]]) < HALL.rackDepth - 1e-4) return [order[i], order[j]];
  return null;
}

const withFloor = (s: Scenario, floor: Partial<Scenario['floor']>): Scenario => ({
  ...s,
  floor: { ...s.floor, ...floor },
});

describe('placement', () => {
  it('is deterministic for a seed and changes with it', () => {
    const { s, f } = fabricOf(presetRaw('dgx-h100-superpod-4su'));
    const a = place(f, s);
    const b = place(f, s);
    expect(Array.from(a.rackX)).toEqual(Array.from(b.rackX));
    expect(Array.from(a.rackZ)).toEqual(Array.from(b.rackZ));
    const c = place(f, withFloor(s, { seed: 7 }));
    let moved = 0;
    for (let r = 0; r < f.rackCount; r++) if (a.rackX[r] !== c.rackX[r] || a.rackZ[r] !== c.rackZ[r]) moved++;
    expect(moved).toBeGreaterThan(0);
  });

  it.each([...SMALL, 'meta-24k-clos', 'colossus-100k'])('never overlaps two racks (%s)', (id) => {
    const { s, f } = fabricOf(presetRaw(id));
    const p = place(f, s);
    expect(overlapping(p.rackX, p.rackZ)).toBeNull();
    // Racks sit in rows: every z is a row centre.
    for (let r = 0; r < f.rackCount; r++) {
      const row = (p.rackZ[r] - p.hall.z0) / HALL.rowPitch;
      expect(Math.abs(row - Math.round(row))).toBeLessThan(1e-3);
    }
  });

  it('keeps pinned racks exactly where they were dropped and moves nothing else needlessly', () => {
    const { s, f } = fabricOf(presetRaw('dgx-h100-superpod-4su'));
    const free = place(f, s);
    // Pin rack 3 onto rack 10's slot, and rack 0 far outside the hall.
    const onto: [number, number] = [free.rackX[10], free.rackZ[10]];
    const pinned = place(f, withFloor(s, { pinned: { '3': onto, '0': [500, -300] } }));
    expect([pinned.rackX[3], pinned.rackZ[3]]).toEqual([Math.fround(onto[0]), Math.fround(onto[1])]);
    expect([pinned.rackX[0], pinned.rackZ[0]]).toEqual([500, -300]);
    expect(pinned.pinned[3]).toBe(1);
    expect(overlapping(pinned.rackX, pinned.rackZ)).toBeNull();
    // Rack 10 was bumped; every other rack stayed in its slot.
    let moved = 0;
    for (let r = 0; r < f.rackCount; r++)
      if (r !== 0 && r !== 3 && (free.rackX[r] !== pinned.rackX[r] || free.rackZ[r] !== pinned.rackZ[r]))
        moved++;
    expect(moved).toBe(1);
    expect(pinned.hall.maxX).toBeGreaterThan(500);
  });

  it.each(['dgx-h100-superpod-16su', 'tpu-v4-torus', 'colossus-100k'])(
    'puts connected racks closer than unconnected ones on average (%s)',
    (id) => {
      const { s, f } = fabricOf(presetRaw(id));
      const p = place(f, s);
      const w = rackPairWeights(f);
      const R = f.rackCount;
      const dist = (a: number, b: number) =>
        Math.abs(p.rackX[a] - p.rackX[b]) + Math.abs(p.rackZ[a] - p.rackZ[b]);
      let linked = 0;
      let weight = 0;
      for (const [key, n] of w) {
        linked += n * dist(Math.floor(key / R), key % R);
        weight += n;
      }
      let all = 0;
      let pairs = 0;
      for (let a = 0; a < R; a += 3)
        for (let b = a + 1; b < R; b += 5) {
          if (w.has(a * R + b)) continue;
          all += dist(a, b);
          pairs++;
        }
      expect(linked / weight).toBeLessThan(all / pairs);
    },
  );

  it('shortens cables compared with racks in index order', () => {
    for (const id of ['dgx-h100-superpod-16su', 'tpu-v4-torus']) {
      const { s, f } = fabricOf(presetRaw(id));
      const h = nodeHeights(f, 8);
      const sum = (a: Float32Array) => a.reduce((x, y) => x + y, 0);
      expect(sum(cableLengths(f, place(f, s), h))).toBeLessThan(
        sum(cableLengths(f, gridPlacement(f, s.floor.racksPerRow), h)),
      );
    }
  });
});

function checkGeometry(f: Fabric, s: Scenario) {
  const pipe = new ScenePipeline();
  const r = pipe.run(s);
  const g = r.geometry;
  const seen = new Uint8Array(f.linkCount);
  let bundled = 0;
  for (const b of g.links) {
    expect(b.offsets.length).toBe(b.items.length + 1);
    expect(b.offsets[b.items.length] * 3).toBe(b.positions.length);
    if (b.bundled) continue;
    for (const l of b.items) seen[l]++;
  }
  expect(seen.every((v) => v === 1)).toBe(true);
  // Bundles partition the links between distinct racks.
  for (let l = 0; l < f.linkCount; l++) if (f.nodeRack[f.linkA[l]] !== f.nodeRack[f.linkB[l]]) bundled++;
  expect(g.bundles.members.length).toBe(bundled);
  for (let i = 0; i < g.bundles.count; i++)
    for (let k = g.bundles.memberStart[i]; k < g.bundles.memberStart[i + 1]; k++) {
      const l = g.bundles.members[k];
      const ra = f.nodeRack[f.linkA[l]];
      const rb = f.nodeRack[f.linkB[l]];
      expect([Math.min(ra, rb), Math.max(ra, rb)]).toEqual([g.bundles.rackA[i], g.bundles.rackB[i]]);
    }
  // Every device sits inside its rack's footprint.
  for (let n = 0; n < f.nodeCount; n++) {
    const rk = f.nodeRack[n];
    expect(Math.abs(g.nodePos[3 * n] - r.placement.rackX[rk])).toBeLessThanOrEqual(HALL.rackWidth / 2);
    expect(Math.abs(g.nodePos[3 * n + 2] - r.placement.rackZ[rk])).toBeLessThanOrEqual(HALL.rackDepth / 2);
  }
  return r;
}

describe('scene pipeline and geometry', () => {
  it.each(SMALL)('draws every link once and bundles links between racks (%s)', (id) => {
    const { s, f } = fabricOf(presetRaw(id));
    checkGeometry(f, s);
  });

  it('follows a dragged rack: its cables change length, media and the BOM follow', () => {
    const { s, f } = fabricOf(presetRaw('dgx-h100-superpod-4su'));
    const pipe = new ScenePipeline();
    const a = pipe.run(s);
    const moved = pipe.run(
      withFloor(s, { pinned: { '0': [a.placement.rackX[0] + 30, a.placement.rackZ[0] + 20] } }),
    );
    expect(moved.fabricKey).toBe(a.fabricKey);
    let changed = 0;
    for (let l = 0; l < f.linkCount; l++) if (moved.analysis.lengthM[l] !== a.analysis.lengthM[l]) changed++;
    expect(changed).toBeGreaterThan(0);
    expect(moved.analysis.bom.cables.totalLengthM).toBeGreaterThan(a.analysis.bom.cables.totalLengthM);
    expect(buildGeometry).toBeTypeOf('function');
  });
});
