// Dash distances for overlay lines that keep their dashes when cables overlap. three.js's
// computeLineDistances counts along the whole geometry, so two failed cables sharing a tray run
// carry their dashes out of phase and the union looks solid. Here a segment's distance is its
// endpoints' position along its own (canonically oriented) direction: any segments on one line
// put their dashes at the same places, whatever their lengths or which way they run.

/** Per vertex of a LineSegments position array (x, y, z per vertex, two vertices per segment). */
export function worldDashDistances(pos: Float32Array): Float32Array {
  const n = Math.floor(pos.length / 6) * 2;
  const out = new Float32Array(pos.length / 3);
  for (let v = 0; v < n; v += 2) {
    const a = 3 * v;
    const b = a + 3;
    let ux = pos[b] - pos[a];
    let uy = pos[b + 1] - pos[a + 1];
    let uz = pos[b + 2] - pos[a + 2];
    const len = Math.hypot(ux, uy, uz);
    if (len === 0) continue;
    // One orientation per line (first non-zero component positive): A→B and B→A dash alike.
    const flip = ux < 0 || (ux === 0 && (uy < 0 || (uy === 0 && uz < 0))) ? -1 : 1;
    ux *= flip / len;
    uy *= flip / len;
    uz *= flip / len;
    out[v] = pos[a] * ux + pos[a + 1] * uy + pos[a + 2] * uz;
    out[v + 1] = pos[b] * ux + pos[b + 1] * uy + pos[b + 2] * uz;
  }
  return out;
}
