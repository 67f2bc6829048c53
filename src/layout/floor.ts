// Data-hall geometry: racks on a grid of rows and aisles, slots inside racks, and cable lengths
// routed along overhead trays. The force-directed placement refines where racks go; the
// geometry here turns any rack positions into node positions and cable lengths.

import { NODE_GPU, RACK_NETWORK, type Fabric } from '../model/fabric';

/** Physical constants of the hall (metres). Assumptions, typical of AI data halls. */
export const HALL = {
  rackWidth: 0.6,
  rackDepth: 1.2,
  rackHeight: 2.2,
  /** Rack depth plus one aisle: the distance between two rows' centre lines. */
  rowPitch: 2.4,
  /** Cable trays run above the racks. */
  trayHeight: 2.6,
  /** Service loop and routing slack per cable between racks. */
  slackM: 1.0,
  /** Slack of a cable inside one rack. */
  inRackSlackM: 0.5,
  /** Link inside one server (GPU to baseboard NVSwitch). */
  inServerM: 0.3,
  rackUnitM: 0.04445,
  /** Height of the first usable slot above the floor. */
  baseM: 0.1,
} as const;

export interface RackPlacement {
  /** Rack centre on the floor, metres (x along the row, z across rows). */
  rackX: Float32Array;
  rackZ: Float32Array;
}

/**
 * The simple grid: racks in index order, `racksPerRow` to a row, a gap of one rack between
 * groups (pods, SUs) so each group reads as a block.
 */
export function gridPlacement(f: Fabric, racksPerRow: number): RackPlacement {
  const rackX = new Float32Array(f.rackCount);
  const rackZ = new Float32Array(f.rackCount);
  let col = 0;
  let row = 0;
  for (let r = 0; r < f.rackCount; r++) {
    if (r > 0 && f.rackGroup[r] !== f.rackGroup[r - 1] && col > 0 && col < racksPerRow) col++;
    if (col >= racksPerRow) {
      col = 0;
      row++;
    }
    rackX[r] = col * HALL.rackWidth;
    rackZ[r] = row * HALL.rowPitch;
    col++;
  }
  return { rackX, rackZ };
}

/**
 * Height of every node in its rack: servers fill from the bottom (their GPUs share the server's
 * height), switches from the top. Switches inside a server sit at the server's height.
 */
export function nodeHeights(f: Fabric, serverHeightU: number): Float32Array {
  const height = new Float32Array(f.nodeCount);
  const serverSlot = new Int32Array(f.serverCount);
  const used = new Int32Array(f.rackCount);
  for (let sv = 0; sv < f.serverCount; sv++) serverSlot[sv] = used[f.serverRack[sv]]++;
  const serverY = (sv: number) => HALL.baseM + (serverSlot[sv] + 0.5) * serverHeightU * HALL.rackUnitM;
  const switchSlots = new Int32Array(f.rackCount);
  for (let n = 0; n < f.nodeCount; n++) {
    const sv = f.nodeServer[n];
    if (sv >= 0) height[n] = serverY(sv);
    else if (f.nodeKind[n] !== NODE_GPU) {
      const r = f.nodeRack[n];
      const slot = switchSlots[r]++;
      // Network racks stack switches with a little air; compute racks put them at the top.
      const pitch = (f.rackKind[r] === RACK_NETWORK ? 2 : 1) * HALL.rackUnitM;
      height[n] = Math.max(HALL.baseM, HALL.rackHeight - 0.1 - (slot + 0.5) * pitch);
    }
  }
  return height;
}

/**
 * Cable length of every link: inside a server, inside a rack (vertical run plus slack), or
 * between racks (up to the tray, along it in x and z, down again, plus slack).
 */
export function cableLengths(f: Fabric, p: RackPlacement, height: Float32Array): Float32Array {
  const out = new Float32Array(f.linkCount);
  for (let l = 0; l < f.linkCount; l++) {
    const a = f.linkA[l];
    const b = f.linkB[l];
    const sa = f.nodeServer[a];
    if (sa >= 0 && sa === f.nodeServer[b]) {
      out[l] = HALL.inServerM;
      continue;
    }
    const ra = f.nodeRack[a];
    const rb = f.nodeRack[b];
    if (ra === rb) {
      out[l] = Math.abs(height[a] - height[b]) + HALL.inRackSlackM;
      continue;
    }
    const run = Math.abs(p.rackX[ra] - p.rackX[rb]) + Math.abs(p.rackZ[ra] - p.rackZ[rb]);
    out[l] = HALL.trayHeight - height[a] + (HALL.trayHeight - height[b]) + run + HALL.slackM;
  }
  return out;
}
