// 2D / 3D torus of accelerators (Google TPU v4, ISCA 2023): each rack holds a block of chips
// (a 4×4×4 cube); links inside a rack are electrical; links that leave the rack (or only the
// wraparound ones) can go through optical circuit switches, one OCS per dimension and face
// position (48 for 4×4×4 cubes), each link becoming two fibres chip → OCS → chip.

import { TIER_INDEX } from '../fabric';
import type { Problem, Scenario } from '../scenario';
import type { Family } from './family';

type Torus = Extract<Scenario['topology'], { kind: 'torus' }>;

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

/** OCS count when not set: one per dimension and position on the rack's face. */
export function defaultOcsCount(t: Torus): number {
  const [rx, ry, rz] = t.rackDims;
  const [X, Y, Z] = t.dims;
  return (X > 1 ? ry * rz : 0) + (Y > 1 ? rx * rz : 0) + (Z > 1 ? rx * ry : 0);
}

export const torus: Family<Torus> = {
  count: (t) => t.dims[0] * t.dims[1] * t.dims[2],

  fit(t, s) {
    const problems: Problem[] = [];
    t.dims.forEach((d, i) => {
      if (d % t.rackDims[i] !== 0) {
        const r = gcd(d, t.rackDims[i]);
        problems.push({
          path: `topology.rackDims[${i}]`,
          message: `${t.rackDims[i]} does not divide ${d}; ${r} used`,
        });
        t.rackDims[i] = r;
      }
    });
    const perRack = t.rackDims[0] * t.rackDims[1] * t.rackDims[2];
    const servers = Math.ceil(perRack / s.compute.gpusPerServer);
    if (s.compute.serversPerRack !== servers) {
      if (s.compute.serversPerRack < servers)
        problems.push({
          path: 'compute.serversPerRack',
          message: `a rack holds a ${t.rackDims.join('×')} block: ${servers} servers`,
        });
      s.compute.serversPerRack = servers;
    }
    return problems;
  },

  build(t, ctx) {
    const { b, s } = ctx;
    const [X, Y, Z] = t.dims;
    const [rx, ry, rz] = t.rackDims;
    const at = new Int32Array(X * Y * Z);
    const idx = (x: number, y: number, z: number) => x + X * (y + Y * z);
    let rack = 0;
    for (let bz = 0; bz < Z; bz += rz)
      for (let by = 0; by < Y; by += ry)
        for (let bx = 0; bx < X; bx += rx) {
          ctx.closeRack();
          const chips = ctx.addGpus(rx * ry * rz, rack++);
          let k = 0;
          for (let z = bz; z < bz + rz; z++)
            for (let y = by; y < by + ry; y++)
              for (let x = bx; x < bx + rx; x++) at[idx(x, y, z)] = chips[k++];
        }
    const dims = [X, Y, Z];
    const rdims = [rx, ry, rz];
    const faceSize = [ry * rz, rx * rz, rx * ry];
    const ocsCount = t.ocs === 'none' ? 0 : t.ocsCount || defaultOcsCount(t);
    const ocs: number[] = [];
    for (let i = 0; i < ocsCount; i++) ocs.push(b.addOcs(s.switches.ocs, ctx.networkRack(-1), -1));
    const offset = [0, X > 1 ? faceSize[0] : 0, 0];
    offset[2] = offset[1] + (Y > 1 ? faceSize[1] : 0);
    const gbps = ctx.cat.gpu.scaleUpGbps;
    const [intraT, ocsT, globalT] = [TIER_INDEX['scale-up'], TIER_INDEX.ocs, TIER_INDEX.global];
    for (let z = 0; z < Z; z++)
      for (let y = 0; y < Y; y++)
        for (let x = 0; x < X; x++) {
          const c = [x, y, z];
          for (let d = 0; d < 3; d++) {
            const size = dims[d];
            if (size < 2 || (size === 2 && c[d] === 1)) continue;
            const n = c.slice();
            n[d] = (c[d] + 1) % size;
            const a = at[idx(c[0], c[1], c[2])];
            const bb = at[idx(n[0], n[1], n[2])];
            const wrap = c[d] === size - 1;
            const crossRack = Math.floor(c[d] / rdims[d]) !== Math.floor(n[d] / rdims[d]);
            const viaOcs =
              ocsCount > 0 && ((t.ocs === 'inter-rack' && crossRack) || (t.ocs === 'wraparound' && wrap));
            if (viaOcs) {
              // Face position: the chip's place on the rack face this dimension crosses.
              const o = [0, 1, 2].filter((e) => e !== d);
              const pos = (c[o[0]] % rdims[o[0]]) + rdims[o[0]] * (c[o[1]] % rdims[o[1]]);
              const sw = ocs[(offset[d] + pos) % ocsCount];
              b.addCircuit(a, bb, sw, ocsT, gbps);
            } else b.addLink(a, bb, crossRack ? globalT : intraT, gbps);
          }
        }
  },
};
