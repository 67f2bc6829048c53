// Where each GPU meets the fabric: its scale-up domain (GPUs joined through scale-up switches)
// and its scale-out attachment. A GPU with a single scale-out link to a switch is represented
// by that switch (its leaf) for routing, its access link accounted separately; that is what
// lets traffic be aggregated between leaves instead of between GPUs.

import { NODE_GPU, NODE_SWITCH, TIER_INDEX, type Fabric } from '../model/fabric';

export interface Attachments {
  gpuCount: number;
  /** GPU index → node id (GPU indices follow node order). */
  gpuNodes: Int32Array;
  /** Node id → GPU index, -1 for switches and OCS. */
  gpuOfNode: Int32Array;
  /** Scale-up domain per GPU from the built fabric (failures ignored): what the traffic maps onto. */
  domain: Int32Array;
  domainCount: number;
  /** Members of each domain (GPU indices), CSR: domainMembers[domainStart[d] .. domainStart[d+1]). */
  domainStart: Int32Array;
  domainMembers: Int32Array;
  /** Domain over live links only: GPU pairs sharing one route over the scale-up fabric. */
  routeDomain: Int32Array;
  /** Scale-out endpoint per GPU: its leaf, itself (several links or a direct-connect fabric), or -1. */
  attach: Int32Array;
  /** Directed access arcs GPU → leaf and leaf → GPU (arc = 2·link + direction), -1 when attach is itself. */
  upArc: Int32Array;
  downArc: Int32Array;
  /** 1 for links in service. */
  alive: Uint8Array;
  /** 1 for scale-up links between a GPU and a scale-up switch (used only inside the domain). */
  domainLink: Uint8Array;
  /** Capacity of each GPU's live domain links (Gb/s per direction): what it can send inside its domain. */
  domainGbps: Float64Array;
  /** Links excluded because failed. */
  failedCount: number;
  /** Failed-link indices this fabric does not have (ignored). */
  failedUnknown: number[];
}

/** Directed arc of a link: 2l from linkA to linkB, 2l + 1 back. */
export const arcFrom = (f: Fabric, link: number, from: number): number =>
  f.linkA[link] === from ? 2 * link : 2 * link + 1;

function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** Union-find components of GPUs over domain links (optionally live ones only). */
function domains(f: Fabric, domainLink: Uint8Array, alive: Uint8Array | null, gpuOfNode: Int32Array) {
  const { parent, has } = joinDomainLinks(f, domainLink, alive);
  return numberDomains(f, parent, has, gpuOfNode);
}

// Each loop over the fabric is a function of its own: a function compiles as a whole, so one
// holding several of these loops was compiled again for each (on-stack replacement, then a
// deoptimization on reaching the next loop), on every solve until V8 settled on it.

function joinDomainLinks(f: Fabric, domainLink: Uint8Array, alive: Uint8Array | null) {
  const parent = new Int32Array(f.nodeCount);
  for (let i = 0; i < f.nodeCount; i++) parent[i] = i;
  const has = new Uint8Array(f.nodeCount);
  for (let l = 0; l < f.linkCount; l++) {
    if (!domainLink[l] || (alive && !alive[l])) continue;
    const a = find(parent, f.linkA[l]);
    const b = find(parent, f.linkB[l]);
    if (a !== b) parent[a] = b;
    has[f.linkA[l]] = has[f.linkB[l]] = 1;
  }
  return { parent, has };
}

function numberDomains(f: Fabric, parent: Int32Array, has: Uint8Array, gpuOfNode: Int32Array) {
  const id = new Int32Array(f.nodeCount).fill(-1);
  const out = new Int32Array(f.gpuCount).fill(-1);
  let count = 0;
  for (let n = 0; n < f.nodeCount; n++) {
    const g = gpuOfNode[n];
    if (g < 0 || !has[n]) continue;
    const r = find(parent, n);
    if (id[r] < 0) id[r] = count++;
    out[g] = id[r];
  }
  return { domain: out, count };
}

function gpuIndex(f: Fabric) {
  const gpuNodes = new Int32Array(f.gpuCount);
  const gpuOfNode = new Int32Array(f.nodeCount).fill(-1);
  for (let n = 0, g = 0; n < f.nodeCount; n++)
    if (f.nodeKind[n] === NODE_GPU) {
      gpuNodes[g] = n;
      gpuOfNode[n] = g++;
    }
  return { gpuNodes, gpuOfNode };
}

function liveLinks(f: Fabric, failedLinks: readonly number[]) {
  const alive = new Uint8Array(f.linkCount).fill(1);
  let failedCount = 0;
  const failedUnknown: number[] = [];
  for (const l of failedLinks)
    if (l >= 0 && l < f.linkCount) {
      if (alive[l]) failedCount++;
      alive[l] = 0;
    } else failedUnknown.push(l);
  return { alive, failedCount, failedUnknown };
}

/** Scale-up links between a GPU and a scale-up switch. */
function domainLinks(f: Fabric): Uint8Array {
  const su = TIER_INDEX['scale-up'];
  const domainLink = new Uint8Array(f.linkCount);
  for (let l = 0; l < f.linkCount; l++)
    if (
      f.linkTier[l] === su &&
      (f.nodeKind[f.linkA[l]] === NODE_SWITCH || f.nodeKind[f.linkB[l]] === NODE_SWITCH)
    )
      domainLink[l] = 1;
  return domainLink;
}

function domainCapacity(f: Fabric, domainLink: Uint8Array, alive: Uint8Array, gpuOfNode: Int32Array) {
  const domainGbps = new Float64Array(f.gpuCount);
  for (let l = 0; l < f.linkCount; l++) {
    if (!domainLink[l] || !alive[l]) continue;
    const ga = gpuOfNode[f.linkA[l]];
    const gb = gpuOfNode[f.linkB[l]];
    if (ga >= 0) domainGbps[ga] += f.linkGbps[l];
    if (gb >= 0) domainGbps[gb] += f.linkGbps[l];
  }
  return domainGbps;
}

function membersOf(domain: Int32Array, count: number) {
  const domainStart = new Int32Array(count + 1);
  for (let g = 0; g < domain.length; g++) if (domain[g] >= 0) domainStart[domain[g] + 1]++;
  for (let d = 0; d < count; d++) domainStart[d + 1] += domainStart[d];
  const domainMembers = new Int32Array(domainStart[count]);
  const fill = domainStart.slice(0, count);
  for (let g = 0; g < domain.length; g++) if (domain[g] >= 0) domainMembers[fill[domain[g]]++] = g;
  return { domainStart, domainMembers };
}

/** Live scale-out links per GPU, and the last of them. */
function scaleOutLinks(f: Fabric, alive: Uint8Array, domainLink: Uint8Array, gpuOfNode: Int32Array) {
  const outCount = new Int32Array(f.gpuCount);
  const outLink = new Int32Array(f.gpuCount).fill(-1);
  for (let l = 0; l < f.linkCount; l++) {
    if (!alive[l] || domainLink[l]) continue;
    const ga = gpuOfNode[f.linkA[l]];
    if (ga >= 0) {
      outCount[ga]++;
      outLink[ga] = l;
    }
    const gb = gpuOfNode[f.linkB[l]];
    if (gb >= 0) {
      outCount[gb]++;
      outLink[gb] = l;
    }
  }
  return { outCount, outLink };
}

/** Exactly one scale-out link, to a switch, makes the switch a GPU's endpoint. */
function scaleOutEnds(f: Fabric, gpuNodes: Int32Array, outCount: Int32Array, outLink: Int32Array) {
  const attach = new Int32Array(f.gpuCount).fill(-1);
  const upArc = new Int32Array(f.gpuCount).fill(-1);
  const downArc = new Int32Array(f.gpuCount).fill(-1);
  for (let g = 0; g < f.gpuCount; g++) {
    const n = gpuNodes[g];
    if (outCount[g] === 0) continue;
    const l = outLink[g];
    const other = f.linkA[l] === n ? f.linkB[l] : f.linkA[l];
    if (outCount[g] === 1 && f.nodeKind[other] === NODE_SWITCH) {
      attach[g] = other;
      upArc[g] = arcFrom(f, l, n);
      downArc[g] = upArc[g] ^ 1;
    } else attach[g] = n;
  }
  return { attach, upArc, downArc };
}

export function attachments(f: Fabric, failedLinks: readonly number[] = []): Attachments {
  const { gpuNodes, gpuOfNode } = gpuIndex(f);
  const { alive, failedCount, failedUnknown } = liveLinks(f, failedLinks);
  const domainLink = domainLinks(f);
  const domainGbps = domainCapacity(f, domainLink, alive, gpuOfNode);
  const built = domains(f, domainLink, null, gpuOfNode);
  // With every link alive the live domains are the built ones.
  const live = failedCount ? domains(f, domainLink, alive, gpuOfNode) : built;
  const { domainStart, domainMembers } = membersOf(built.domain, built.count);
  const { outCount, outLink } = scaleOutLinks(f, alive, domainLink, gpuOfNode);
  const { attach, upArc, downArc } = scaleOutEnds(f, gpuNodes, outCount, outLink);
  return {
    gpuCount: f.gpuCount,
    gpuNodes,
    gpuOfNode,
    domain: built.domain,
    domainCount: built.count,
    domainStart,
    domainMembers,
    routeDomain: live.domain,
    attach,
    upArc,
    downArc,
    alive,
    domainLink,
    domainGbps,
    failedCount,
    failedUnknown,
  };
}
