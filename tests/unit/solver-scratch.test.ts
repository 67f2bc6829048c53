// The scratch pool (scratch.ts) hands a solve's temporaries to the next solve instead of fresh
// memory. What it must never do: give one buffer to two live borrowers, hand out a zero-filled
// array that is not zero, keep more than its bound, or let a solve see what the previous one
// left: a solve after others, pool warm, must equal the same solve from an empty pool, bit for bit.

import { afterEach, describe, expect, it } from 'vitest';
import { build } from '../../src/model/generators';
import type { Scenario } from '../../src/model/scenario';
import { solveScenario } from '../../src/solver';
import { borrow, dropScratch, giveBack, heldBytes, MAX_HELD_BYTES } from '../../src/solver/scratch';
import { presetRaw, scenarioOf } from './helpers';

const BIG = 1 << 16; // elements: above the pool's smallest size in every element type

describe('scratch pool', () => {
  afterEach(() => dropScratch());

  it('reuses a given-back buffer, zero-filled unless asked not to', () => {
    const a = borrow(Float64Array, BIG);
    expect(a.length).toBe(BIG);
    expect(a.every((x) => x === 0)).toBe(true);
    a.fill(7);
    giveBack(a);
    expect(heldBytes()).toBe(8 * BIG);
    const b = borrow(Float64Array, BIG);
    expect(b.buffer).toBe(a.buffer);
    expect(b.every((x) => x === 0)).toBe(true);
    b.fill(3);
    giveBack(b);
    const c = borrow(Float64Array, BIG, false);
    expect(c.buffer).toBe(a.buffer);
    expect(c[0]).toBe(3);
    expect(heldBytes()).toBe(0);
  });

  it('never gives one buffer to two live borrowers, even when given back twice', () => {
    const a = borrow(Int32Array, BIG);
    giveBack(a, a);
    giveBack(a);
    expect(heldBytes()).toBe(4 * BIG);
    const b = borrow(Int32Array, BIG);
    const c = borrow(Int32Array, BIG);
    expect(b.buffer).toBe(a.buffer);
    expect(c.buffer).not.toBe(b.buffer);
  });

  it('views of another type and a shorter length fit a buffer up to twice their size', () => {
    const a = borrow(Int32Array, 2 * BIG); // 8·BIG bytes
    giveBack(a);
    const small = borrow(Float64Array, BIG / 4); // 2·BIG bytes: a quarter, not taken
    expect(small.buffer).not.toBe(a.buffer);
    const f = borrow(Float64Array, (3 * BIG) / 4); // 6·BIG bytes
    expect(f.buffer).toBe(a.buffer);
    expect(f.length).toBe((3 * BIG) / 4);
    expect(f.every((x) => x === 0)).toBe(true);
  });

  it('keeps no small, detached or excess buffers', () => {
    giveBack(new Float64Array(16));
    expect(heldBytes()).toBe(0);
    const moved = borrow(Float64Array, BIG);
    structuredClone(moved, { transfer: [moved.buffer] }); // as a worker's postMessage does
    giveBack(moved);
    expect(heldBytes()).toBe(0);
    const many = Array.from({ length: 8 }, () => new Float64Array(MAX_HELD_BYTES / 8 / 6));
    giveBack(...many);
    expect(heldBytes()).toBeLessThanOrEqual(MAX_HELD_BYTES);
    expect(heldBytes()).toBeGreaterThan(0);
  });
});

describe('solves with a warm pool equal solves from an empty one', () => {
  // 24k GPUs: the solve's arrays are above the pool's smallest size (a zero-fill left out fails here).
  const base = scenarioOf(presetRaw('meta-24k-clos'));
  const fabric = build(base);
  const at = (pattern: Scenario['traffic']['pattern']): Scenario => ({
    ...base,
    traffic: { ...base.traffic, pattern },
  });
  const patterns: Scenario['traffic']['pattern'][] = [
    'all-to-all',
    'ring-allreduce',
    'permutation',
    'hierarchical-allreduce',
    'ring-allreduce',
  ];

  it('each pattern after the others, bit for bit', () => {
    dropScratch();
    const warm = patterns.map((p) => solveScenario(fabric, at(p)));
    expect(heldBytes()).toBeGreaterThan(0); // the pool was used
    for (const [i, p] of patterns.entries()) {
      dropScratch();
      const cold = solveScenario(fabric, at(p));
      const w = warm[i];
      expect(w.summary.completionTimeS).toBe(cold.summary.completionTimeS);
      expect(w.summary.flowRateGbps).toEqual(cold.summary.flowRateGbps);
      expect(w.summary.maxUtilization).toBe(cold.summary.maxUtilization);
      expect(Buffer.from(w.linkUtilization.buffer).equals(Buffer.from(cold.linkUtilization.buffer))).toBe(
        true,
      );
      expect(Buffer.from(w.arcLoadGbps.buffer).equals(Buffer.from(cold.arcLoadGbps.buffer))).toBe(true);
      expect(w.detail(200)).toEqual(cold.detail(200));
    }
  });
});
