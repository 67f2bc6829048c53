import { describe, expect, it } from 'vitest';
import {
  bomToCsv,
  fabricToDot,
  figuresToCsv,
  linkUtilizationCsvChunks,
  linkUtilizationToCsv,
  scenarioToJson,
} from '../../src/share/export';
import { compareFigures } from '../../src/model/compare';
import { moduleLatencyNs } from '../../src/model/media';
import { restore } from '../../src/model/restore';
import { solveScenario } from '../../src/solver';
import { analyzed, presetRaw } from './helpers';

/** RFC 4180 lines without line breaks inside fields (what these exports write). */
function parseCsv(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let field = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
          if (c === '"' && line[i + 1] === '"') field += line[i++];
          else if (c === '"') quoted = false;
          else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          out.push(field);
          field = '';
        } else field += c;
      }
      out.push(field);
      return out;
    });
}

/** The demo under a traffic pattern, placed and solved as the app does. */
function solvedDemo(traffic: Record<string, unknown>) {
  const raw = presetRaw('demo') as { traffic?: object };
  const { s, f, a } = analyzed({ ...raw, traffic: { ...raw.traffic, ...traffic } });
  const solve = solveScenario(f, s, { lengthM: a.lengthM, moduleNs: moduleLatencyNs(a.media) });
  return { s, f, a, solve };
}

describe('exports', () => {
  it('DOT: one edge per link in the "node":"port" -- "node":"port" form, ports unique per node', () => {
    const { f } = analyzed(presetRaw('demo'));
    const dot = fabricToDot(f, 'demo');
    const edges = dot.split('\n').filter((l) => l.includes(' -- '));
    expect(edges).toHaveLength(f.linkCount);
    const ports = new Set<string>();
    for (const e of edges) {
      const m = /^ {2}"([^"]+)":"(eth\d+)" -- "([^"]+)":"(eth\d+)";$/.exec(e);
      expect(m).not.toBeNull();
      for (const key of [`${m![1]}:${m![2]}`, `${m![3]}:${m![4]}`]) {
        expect(ports.has(key)).toBe(false);
        ports.add(key);
      }
    }
    expect(dot.startsWith('graph "demo" {')).toBe(true);
  });

  it('DOT escapes quotes in custom node names', () => {
    const { f } = analyzed({
      topology: {
        kind: 'custom',
        nodes: [
          { name: 'a"b', kind: 'gpu' },
          { name: 's', kind: 'switch', tier: 'leaf' },
        ],
        links: [{ a: 0, b: 1 }],
      },
      scaleUp: { kind: 'none' },
    });
    expect(fabricToDot(f)).toContain('"a\\"b":"eth1" -- "s":"eth1";');
  });

  it('CSV: totals match the BOM and formula-like text is neutralised', () => {
    const { s, a } = analyzed(presetRaw('dgx-h100-superpod-4su'));
    const csv = bomToCsv({ ...s, name: '=HYPERLINK("x")' }, a.bom);
    const rows = csv.trim().split('\n');
    expect(rows[0]).toBe('section,item,count,watts,relative cost');
    expect(rows[1]).toBe(`scenario,"'=HYPERLINK(""x"")",,,`);
    const total = rows.find((r) => r.startsWith('total,cluster'))!.split(',');
    expect(Number(total[3])).toBeCloseTo(a.bom.power.totalW, 3);
    const gpus = rows.find((r) => r.startsWith('compute,GPUs'))!.split(',');
    expect(Number(gpus[2])).toBe(992);
  });

  it('a scene file exported and imported is the same scenario', () => {
    const s = restore({ ...presetRaw('meta-24k-clos'), media: { core: 'lpo' } }).scenario;
    const back = restore(JSON.parse(scenarioToJson(s)));
    expect(back.problems).toEqual([]);
    expect(back.scenario).toEqual(s);
  });

  it('figures CSV: the solve figures as solved, the transfers an all-to-all of 128 GPUs makes, the bottleneck named', () => {
    const { s, a, solve } = solvedDemo({ pattern: 'all-to-all', routing: 'shortest' });
    const side = { bom: a.bom, solve: solve.summary };
    const csv = parseCsv(figuresToCsv(s.name, compareFigures(side, side), [solve.summary]));
    expect(csv[0]).toEqual(['figure', 'unit', 'value']);
    const value = (label: string) => csv.find((r) => r[0] === label)?.[2];
    expect(Number(value('Collective time'))).toBeCloseTo(solve.summary.completionTimeS, 12);
    // Shortest-path routing piles the uplinks onto one spine: over 100%, written in percent.
    expect(solve.summary.maxUtilization).toBeGreaterThan(1);
    expect(Number(value('Max link utilization'))).toBeCloseTo(solve.summary.maxUtilization * 100, 6);
    expect(Number(value('Transfers'))).toBe(128 * 127);
    expect(value('Traffic pattern')).toBe('all-to-all');
    const top = solve.summary.bottlenecks[0];
    expect(value('Bottleneck 1')).toContain(`${top.a} ↔ ${top.b}`);
    expect(value('Bottleneck 1')).toContain(`${(top.utilization * 100).toFixed(1)}%`);
    expect(Number(value('Total power'))).toBeCloseTo(a.bom.power.totalW, 3);
  });

  it('figures CSV of a comparison: both sides, B − A and the change in percent', () => {
    const ring = solvedDemo({ pattern: 'ring-allreduce' });
    const a2a = solvedDemo({ pattern: 'all-to-all' });
    const A = { bom: ring.a.bom, solve: ring.solve.summary };
    const B = { bom: a2a.a.bom, solve: a2a.solve.summary };
    const csv = parseCsv(
      figuresToCsv('demo', compareFigures(A, B), [ring.solve.summary, a2a.solve.summary], ['Ring', 'A2A']),
    );
    expect(csv[0]).toEqual(['figure', 'unit', 'Ring', 'A2A', 'B − A', '% change']);
    const time = csv.find((r) => r[0] === 'Collective time')!;
    const [ta, tb] = [ring.solve.summary.completionTimeS, a2a.solve.summary.completionTimeS];
    expect(Number(time[2])).toBeCloseTo(ta, 12);
    expect(Number(time[3])).toBeCloseTo(tb, 12);
    expect(Number(time[4])).toBeCloseTo(tb - ta, 12);
    expect(Number(time[5])).toBeCloseTo(((tb - ta) / ta) * 100, 6);
    expect(csv.find((r) => r[0] === 'Traffic pattern')!.slice(2, 4)).toEqual([
      'ring-allreduce',
      'all-to-all',
    ]);
    for (const r of csv) expect(r).toHaveLength(6);
  });

  it('link utilization CSV: one row per link, the solve’s utilization, failed links marked', () => {
    const { s, f, solve } = solvedDemo({ pattern: 'all-to-all', failedLinks: [0] });
    const csv = parseCsv(linkUtilizationToCsv(f, solve.linkUtilization, s.traffic.failedLinks));
    expect(csv).toHaveLength(f.linkCount + 1);
    expect(csv[0]).toEqual(['link', 'a', 'b', 'tier', 'Gb/s', 'utilization %', 'status']);
    expect(csv[1]).toMatchObject({ 0: '0', 5: '0', 6: 'failed' });
    let max = 0;
    for (const r of csv.slice(1)) max = Math.max(max, Number(r[5]));
    expect(max).toBeCloseTo(solve.summary.maxUtilization * 100, 3);
    expect(Number(csv[1 + 7][4])).toBe(f.linkGbps[7]);
    // Written in chunks (the page yields between them): the same file, whatever the chunk size.
    const chunks = [...linkUtilizationCsvChunks(f, solve.linkUtilization, s.traffic.failedLinks, 7)];
    expect(chunks).toHaveLength(1 + Math.ceil(f.linkCount / 7));
    expect(chunks.join('')).toBe(linkUtilizationToCsv(f, solve.linkUtilization, s.traffic.failedLinks));
  });
});
