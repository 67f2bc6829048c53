// The custom pattern's flows as text, one "source destination [weight]" line each (GPU indices;
// weight 1 when left out). Parsing never throws: the first line that does not read is named.

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
    const nums = parts.map(Number);
    const ok =
      (parts.length === 2 || parts.length === 3) &&
      nums.every((x) => Number.isFinite(x)) &&
      Number.isInteger(nums[0]) &&
      Number.isInteger(nums[1]) &&
      nums[0] >= 0 &&
      nums[1] >= 0 &&
      (parts.length === 2 || nums[2] >= 0);
    if (!ok)
      return {
        flows,
        error: `line ${i + 1} ("${line.slice(0, 40)}"): expected "source destination [weight]", GPU indices ≥ 0 and a weight ≥ 0`,
      };
    flows.push([nums[0], nums[1], parts.length === 3 ? nums[2] : 1]);
  }
  return { flows, error: null };
}
