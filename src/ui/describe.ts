// Text for a picked item: tooltips, the details panel and search share these. Plain strings;
// panels render them as text, never as HTML.

import { FAMILY_LABEL, MEDIUM_FAMILIES, isOptical } from '../model/catalog';
import {
  NODE_GPU,
  NODE_KIND_LABEL,
  NO_TIER,
  RACK_NETWORK,
  TIERS,
  nodeName,
  type Fabric,
} from '../model/fabric';
import type { SceneResult } from '../layout/pipeline';
import type { Pick } from '../state/store';
import { rackName } from '../layout/geometry';
import { fmtInt } from './format';

export type Row = [label: string, value: string];

export const fmtM = (m: number): string => (m >= 1000 ? `${(m / 1000).toFixed(2)} km` : `${m.toFixed(1)} m`);
export const fmtGbps = (g: number): string =>
  g >= 1000 ? `${(g / 1000).toFixed(1)} Tb/s` : `${fmtInt(g)} Gb/s`;

const tierName = (t: number) => (t === NO_TIER ? '—' : (TIERS[t] ?? String(t)));

export function pickTitle(sc: SceneResult, p: Pick): string {
  const f = sc.fabric;
  switch (p.kind) {
    case 'node':
      return nodeName(f, p.id);
    case 'rack':
      return rackName(p.id);
    case 'server':
      return `server-${p.id}`;
    case 'link':
      return `${nodeName(f, f.linkA[p.id])} ↔ ${nodeName(f, f.linkB[p.id])}`;
    case 'bundle': {
      const b = sc.geometry.bundles;
      return `${rackName(b.rackA[p.id])} ↔ ${rackName(b.rackB[p.id])}`;
    }
  }
}

function mediaMix(sc: SceneResult, links: Iterable<number>): string {
  const count = new Map<number, number>();
  for (const l of links) {
    const fam = sc.analysis.media.linkFamily[l];
    count.set(fam, (count.get(fam) ?? 0) + 1);
  }
  return [...count]
    .sort((a, b) => b[1] - a[1])
    .map(([fam, n]) => `${fmtInt(n)} ${MEDIUM_FAMILIES[fam]}`)
    .join(', ');
}

function* range(arr: Uint32Array, from: number, to: number) {
  for (let k = from; k < to; k++) yield arr[k];
}

/** `failed`: the scenario's failed links (traffic.failedLinks). */
export function linkRows(
  sc: SceneResult,
  l: number,
  util: Float32Array | null,
  failed: readonly number[] = [],
): Row[] {
  const f = sc.fabric;
  const fam = MEDIUM_FAMILIES[sc.analysis.media.linkFamily[l]];
  const rows: Row[] = [
    ['Endpoints', `${nodeName(f, f.linkA[l])} ↔ ${nodeName(f, f.linkB[l])}`],
    ['Tier', tierName(f.linkTier[l])],
    ['Medium', `${FAMILY_LABEL[fam]} (${isOptical(fam) ? 'optical' : 'copper'})`],
    ['Length', fmtM(sc.analysis.lengthM[l])],
    ['Capacity', fmtGbps(f.linkGbps[l])],
  ];
  if (sc.analysis.media.linkInfeasible[l]) rows.push(['Reach', 'beyond the medium’s reach']);
  if (failed.includes(l)) rows.push(['Status', 'failed: out of service, no traffic']);
  else if (util) rows.push(['Utilization', `${(util[l] * 100).toFixed(1)}%`]);
  return rows;
}

export function pickRows(
  sc: SceneResult,
  p: Pick,
  util: Float32Array | null,
  failed: readonly number[] = [],
): Row[] {
  const f = sc.fabric;
  const g = sc.geometry;
  if (p.kind === 'link') return linkRows(sc, p.id, util, failed);
  if (p.kind === 'bundle') {
    const b = g.bundles;
    const from = b.memberStart[p.id];
    const to = b.memberStart[p.id + 1];
    let gbps = 0;
    let len = 0;
    let worst = 0;
    for (const l of range(b.members, from, to)) {
      gbps += f.linkGbps[l];
      len += sc.analysis.lengthM[l];
      if (util) worst = Math.max(worst, util[l]);
    }
    const rows: Row[] = [
      ['Between', `${rackName(b.rackA[p.id])} ↔ ${rackName(b.rackB[p.id])}`],
      ['Tier', tierName(b.tier[p.id])],
      ['Links', fmtInt(to - from)],
      ['Media', mediaMix(sc, range(b.members, from, to))],
      ['Cable length', `${fmtM(len / Math.max(1, to - from))} each`],
      ['Capacity', fmtGbps(gbps)],
    ];
    if (util) rows.push(['Worst utilization', `${(worst * 100).toFixed(1)}%`]);
    return rows;
  }
  if (p.kind === 'rack') {
    const r = p.id;
    const links = range(g.rackLinks, g.rackLinkStart[r], g.rackLinkStart[r + 1]);
    let len = 0;
    for (let k = g.rackLinkStart[r]; k < g.rackLinkStart[r + 1]; k++)
      len += sc.analysis.lengthM[g.rackLinks[k]];
    let gpus = 0;
    let switches = 0;
    for (let k = g.rackNodeStart[r]; k < g.rackNodeStart[r + 1]; k++)
      if (f.nodeKind[g.rackNodes[k]] === NODE_GPU) gpus++;
      else switches++;
    return [
      ['Kind', f.rackKind[r] === RACK_NETWORK ? 'network rack' : 'compute rack'],
      ['Group', f.rackGroup[r] >= 0 ? String(f.rackGroup[r]) : '—'],
      ['Position', `x ${sc.placement.rackX[r].toFixed(2)} m, z ${sc.placement.rackZ[r].toFixed(2)} m`],
      ['Pinned', sc.placement.pinned[r] ? 'yes (dragged)' : 'no'],
      ['GPUs', fmtInt(gpus)],
      ['Switches', fmtInt(switches)],
      ['Links', fmtInt(g.rackLinkStart[r + 1] - g.rackLinkStart[r])],
      ['Media', mediaMix(sc, links) || '—'],
      ['Cable length', fmtM(len)],
    ];
  }
  if (p.kind === 'server') return [['Rack', rackName(f.serverRack[p.id])]];
  const n = p.id;
  const rows: Row[] = [
    ['Kind', NODE_KIND_LABEL[f.nodeKind[n]]],
    ['Tier', tierName(f.nodeTier[n])],
    ['Rack', f.nodeRack[n] >= 0 ? rackName(f.nodeRack[n]) : '—'],
  ];
  if (f.nodeServer[n] >= 0) rows.push(['Server', `server-${f.nodeServer[n]}`]);
  if (f.nodeKind[n] !== NODE_GPU) rows.push(['Model', f.switchModels[f.nodeModel[n]] ?? '—']);
  if (f.nodeGroup[n] >= 0) rows.push(['Group', String(f.nodeGroup[n])]);
  const links = nodeLinks(sc, n);
  let gbps = 0;
  for (const l of links) gbps += f.linkGbps[l];
  rows.push(
    ['Links', fmtInt(links.length)],
    ['Capacity', fmtGbps(gbps)],
    ['Media', mediaMix(sc, links) || '—'],
  );
  return rows;
}

/** Links of a node (scans its rack's links: no per-node index is kept). */
export function nodeLinks(sc: SceneResult, n: number): number[] {
  const f = sc.fabric;
  const g = sc.geometry;
  const r = f.nodeRack[n];
  const out: number[] = [];
  if (r < 0) return out;
  for (let k = g.rackLinkStart[r]; k < g.rackLinkStart[r + 1]; k++) {
    const l = g.rackLinks[k];
    if (f.linkA[l] === n || f.linkB[l] === n) out.push(l);
  }
  return out;
}

/** Finds devices and racks by name: exact forms first (gpu-12.3, leaf-4, rack-7), then prefixes. */
export function search(f: Fabric, query: string, limit = 8): Pick[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const out: Pick[] = [];
  const rack = /^rack-(\d+)$/.exec(q);
  if (rack && Number(rack[1]) < f.rackCount) return [{ kind: 'rack', id: Number(rack[1]) }];
  const gpu = /^gpu-(\d+)\.(\d+)$/.exec(q);
  if (gpu && !f.names) {
    const sv = Number(gpu[1]);
    const k = Number(gpu[2]);
    if (sv < f.serverCount && k < f.gpusPerServer) {
      const n = f.serverFirstGpu[sv] + k;
      if (n < f.nodeCount && f.nodeServer[n] === sv && f.nodeKind[n] === NODE_GPU)
        return [{ kind: 'node', id: n }];
    }
  }
  if (/^rack-\d*$/.test(q))
    for (let r = 0; r < f.rackCount && out.length < limit; r++)
      if (rackName(r).startsWith(q)) out.push({ kind: 'rack', id: r });
  for (let n = 0; n < f.nodeCount && out.length < limit; n++) {
    // Skip GPUs fast unless the query names one: there are many.
    if (!f.names && f.nodeKind[n] === NODE_GPU && !q.startsWith('gpu')) continue;
    const name = nodeName(f, n).toLowerCase();
    if (name === q) return [{ kind: 'node', id: n }];
    if (name.startsWith(q)) out.push({ kind: 'node', id: n });
  }
  return out;
}
