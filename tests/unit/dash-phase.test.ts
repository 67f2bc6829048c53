import { describe, expect, it } from 'vitest';
import { worldDashDistances } from '../../src/view/dashPhase';

/** Dashes lie where distance mod period < dash: the dash state at a fraction t along segment s. */
const at = (d: Float32Array, s: number, t: number) => d[2 * s] + t * (d[2 * s + 1] - d[2 * s]);

describe('overlay dash distances', () => {
  it('advance by each segment’s length', () => {
    const pos = Float32Array.of(0, 0, 0, 3, 4, 0, 1, 1, 1, 1, 1, -2);
    const d = worldDashDistances(pos);
    expect(Math.abs(d[1] - d[0])).toBeCloseTo(5, 5);
    expect(Math.abs(d[3] - d[2])).toBeCloseTo(3, 5);
  });

  it('agree on overlapping collinear segments, whatever their ends and direction', () => {
    // A tray run 0–10 m along x, another 4–20 m, and a third 12 → 2 m drawn backwards.
    const pos = Float32Array.of(0, 2, 5, 10, 2, 5, 4, 2, 5, 20, 2, 5, 12, 2, 5, 2, 2, 5);
    const d = worldDashDistances(pos);
    // World x = 7 on each: fractions 0.7 of the first, 3/16 of the second, 0.5 of the third.
    expect(at(d, 0, 0.7)).toBeCloseTo(at(d, 1, 3 / 16), 4);
    expect(at(d, 0, 0.7)).toBeCloseTo(at(d, 2, 0.5), 4);
    // A vertical rise through the same point runs along y: its distances are heights.
    const rise = worldDashDistances(Float32Array.of(7, 0, 5, 7, 3, 5));
    expect([rise[0], rise[1]]).toEqual([0, 3]);
  });

  it('leaves zero-length segments at 0', () => {
    expect([...worldDashDistances(Float32Array.of(1, 2, 3, 1, 2, 3))]).toEqual([0, 0]);
  });
});
