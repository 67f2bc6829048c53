// The custom pattern's flows as text, one "source destination [weight]" line each (GPU indices;
// weight 1 when left out). Parsing never throws: the first line that does not read is named,
// with the scenario's bounds, so that no flow the field accepted is dropped afterwards.

import { FLOW_MAX_GPU, FLOW_MAX_WEIGHT } from '../model/scenario';

export type FlowTriple = [number, number, number];

export function formatFlows(flows: readonly (readonly [number, number, number])[]): string {
  return flows.map(([s, d, w]) => (w === 1 ? `${s} ${d}` : `${s} ${d} ${w}`)).join('\n');
}

export function parseFlows(text: string): { flows: FlowTriple[]; error: string | null } {
  const flows: FlowTriple[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*/, '').trim();
    if (!line) continue;
    const parts = line.split(/[\s,;]+/);
    const problem = lineProblem(parts);
    if (problem) return { flows, error: `line ${i + 1} ("${line.slice(0, 40)}"): ${problem}` };
    flows.push([Number(parts[0]), Number(parts[1]), parts.length === 3 ? Number(parts[2]) : 1]);
  }
  return { flows, error: null };
}

/** What is wrong with one line's fields, in the scenario's own bounds (restore() would drop the flow). */
function lineProblem(parts: string[]): string | null {
  if (parts.length !== 2 && parts.length !== 3) return 'expected "source destination [weight]"';
  for (const [k, name] of [
    [0, 'source'],
    [1, 'destination'],
  ] as const) {
    const n = Number(parts[k]);
    if (!Number.isInteger(n) || n < 0 || n > FLOW_MAX_GPU)
      return `the ${name} "${parts[k]}" is not a GPU index (a whole number from 0)`;
  }
  if (parts.length === 3) {
    const w = Number(parts[2]);
    if (Number.isNaN(w) || w < 0) return `the weight "${parts[2]}" is not a number ≥ 0`;
    if (w > FLOW_MAX_WEIGHT)
      return `the weight "${parts[2]}" is more than ${FLOW_MAX_WEIGHT.toLocaleString('en-US')}`;
  }
  return null;
}
