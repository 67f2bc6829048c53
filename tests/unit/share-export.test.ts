import { describe, expect, it } from 'vitest';
import { bomToCsv, fabricToDot, scenarioToJson } from '../../src/share/export';
import { restore } from '../../src/model/restore';
import { analyzed, presetRaw } from './helpers';

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
});
