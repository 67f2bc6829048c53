// What people paste into decks and tools: the scenario as a file, the bill of materials as CSV,
// the topology as Graphviz DOT with ports.

import type { Bom } from '../model/bom';
import { FAMILY_LABEL, type MediumFamily } from '../model/catalog';
import { nodeName, type Fabric } from '../model/fabric';
import type { Scenario } from '../model/scenario';

/** The scenario as a scene file (importable through restore()). */
export function scenarioToJson(s: Scenario): string {
  return `${JSON.stringify(s, null, 2)}\n`;
}

/** One CSV field: quoted, quotes doubled; a leading formula character neutralised for spreadsheets. */
function csvField(v: string | number): string {
  let text = String(v);
  if (/^[=+\-@\t\r]/.test(text) && typeof v === 'string') text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== String(v) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function bomToCsv(s: Scenario, bom: Bom): string {
  const rows: (string | number)[][] = [['section', 'item', 'count', 'watts', 'relative cost']];
  rows.push(['scenario', s.name, '', '', '']);
  rows.push(['compute', 'GPUs', bom.gpus, bom.power.gpuW, bom.cost.gpus]);
  rows.push(['compute', 'servers (beyond GPUs)', bom.servers, bom.power.serverW, bom.cost.servers]);
  rows.push(['compute', 'racks', bom.racks, '', '']);
  for (const [tier, n] of Object.entries(bom.switches.byTier))
    rows.push(['switches', `${tier} switches`, n ?? 0, '', '']);
  rows.push([
    'switches',
    'all switches (without optics)',
    bom.switches.total,
    bom.power.switchW,
    bom.cost.switches,
  ]);
  for (const [tier, n] of Object.entries(bom.links.byTier))
    rows.push(['links', `${tier} links`, n ?? 0, '', '']);
  for (const [family, n] of Object.entries(bom.cables.byMedium))
    rows.push(['cables', FAMILY_LABEL[family as MediumFamily] ?? family, n ?? 0, '', '']);
  rows.push(['optics', 'pluggable transceivers', bom.transceivers, '', '']);
  rows.push(['optics', 'co-packaged optical ports', bom.cpoPorts, '', '']);
  rows.push(['optics', 'lasers', bom.lasers, '', '']);
  rows.push(['optics', 'all optics', bom.transceivers + bom.cpoPorts, bom.power.opticsW, bom.cost.optics]);
  rows.push(['cables', 'active copper ends', '', bom.power.activeCopperW, '']);
  rows.push([
    'cables',
    'cable and fibre length (m)',
    Math.round(bom.cables.totalLengthM),
    '',
    bom.cost.cables,
  ]);
  rows.push(['total', 'cluster', '', bom.power.totalW, bom.cost.total]);
  rows.push(['total', 'optics share of power', bom.power.opticsShare, '', '']);
  rows.push(['supply', 'days of transceiver production', bom.supplyDays, '', '']);
  rows.push(['check', 'links the medium cannot reach', bom.infeasibleLinks, '', '']);
  return `${rows.map((r) => r.map((v) => csvField(typeof v === 'number' ? Number(v.toFixed(6)) : v)).join(',')).join('\n')}\n`;
}

const dotId = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The topology as an undirected Graphviz graph with ports, the `"node":"port" -- "node":"port"`
 * form network-emulation tools read. Ports are numbered per node in link order (eth1, eth2, …).
 */
export function fabricToDot(f: Fabric, name = 'fabric'): string {
  const next = new Uint32Array(f.nodeCount);
  const lines = [`graph ${dotId(name)} {`];
  for (let l = 0; l < f.linkCount; l++) {
    const a = f.linkA[l];
    const b = f.linkB[l];
    lines.push(`  ${dotId(nodeName(f, a))}:"eth${++next[a]}" -- ${dotId(nodeName(f, b))}:"eth${++next[b]}";`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
