import { describe, expect, it } from 'vitest';
import { restore } from '../../src/model/restore';
import { MAX_GPUS, defaultScenario } from '../../src/model/scenario';
import { countGpus } from '../../src/model/generators';
import { presetRaw, PRESET_IDS } from './helpers';

const paths = (r: ReturnType<typeof restore>) => r.problems.map((p) => p.path);

describe('restore()', () => {
  it('fills every default from an empty object, without problems', () => {
    const r = restore({});
    expect(r.problems).toEqual([]);
    expect(r.scenario).toEqual(defaultScenario());
  });

  it.each([null, 42, 'text', [1, 2], true])(
    'opens the default for a non-object (%s) and says so',
    (input) => {
      const r = restore(input);
      expect(r.scenario).toEqual(defaultScenario());
      expect(r.problems[0].path).toBe('');
    },
  );

  it('names each wrong field and keeps the rest', () => {
    const r = restore({
      name: 'mine',
      topology: { kind: 'fat-tree', k: 7 },
      compute: { gpu: 'h200-imaginary', serversPerRack: 4 },
      supply: { modulesPerDay: -5 },
    });
    expect(paths(r)).toEqual(expect.arrayContaining(['topology.k', 'compute.gpu', 'supply.modulesPerDay']));
    expect(r.scenario.name).toBe('mine');
    expect(r.scenario.compute.serversPerRack).toBe(4);
    expect(r.scenario.compute.gpu).toBe('h100-sxm');
    expect(r.scenario.topology).toEqual({ kind: 'fat-tree', k: 8 });
  });

  it('the default scenario (what a file that is not a scenario falls back to) is the Demo preset it is named after', () => {
    const fallback = restore([1, 2, 3]).scenario;
    const demo = restore(presetRaw('demo')).scenario;
    expect({ ...fallback, description: '', source: '' }).toEqual({ ...demo, description: '', source: '' });
  });

  it('says what a field takes and what was used, in the fields’ words, not the validator’s', () => {
    const r = restore({
      traffic: { pipelineStages: 0, seed: 1.5, pattern: 'ring' },
      supply: { modulesPerDay: -5 },
    });
    const said = Object.fromEntries(r.problems.map((p) => [p.path, p.message]));
    expect(said['traffic.pipelineStages']).toBe(`at least 1; ${r.scenario.traffic.pipelineStages} used`);
    expect(said['traffic.seed']).toBe(`a whole number; ${r.scenario.traffic.seed} used`);
    expect(said['traffic.pattern']).toMatch(/^one of "ring-allreduce", .*; "ring-allreduce" used$/);
    expect(said['supply.modulesPerDay']).toMatch(/^(at least|more than) /);
    for (const m of Object.values(said)) expect(m).not.toMatch(/Too small|Invalid|expected number/);
  });

  it('a bad number inside a custom flow drops that flow with one problem naming it', () => {
    const r = restore({
      traffic: {
        pattern: 'custom',
        flows: [
          [0, 1, 1],
          [0, 1, -1],
          [2, 3, 0.5],
        ],
      },
    });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].path).toBe('traffic.flows[1][2]');
    expect(r.problems[0].message).toMatch(/the flow is dropped$/);
    expect(r.scenario.traffic.flows).toEqual([
      [0, 1, 1],
      [2, 3, 0.5],
    ]);
  });

  it('a list past its cap keeps its first entries and says so', () => {
    const flows = Array.from({ length: 100_005 }, (_, i) => [i, i + 1, 1]);
    const r = restore({
      traffic: { pattern: 'custom', flows, failedLinks: Array.from({ length: 10_001 }, (_, i) => i) },
    });
    expect(r.scenario.traffic.flows).toHaveLength(100_000);
    expect(r.scenario.traffic.flows[99_999]).toEqual([99_999, 100_000, 1]);
    expect(r.scenario.traffic.failedLinks).toHaveLength(10_000);
    expect(r.problems).toEqual([
      { path: 'traffic.flows', message: '100,005 entries, at most 100,000: the first 100,000 kept' },
      { path: 'traffic.failedLinks', message: '10,001 entries, at most 10,000: the first 10,000 kept' },
    ]);
    expect(flows).toHaveLength(100_005); // the caller's list is not cut
  });

  it('reports unknown fields and an unknown topology kind', () => {
    const r = restore({ topology: { kind: 'hypercube', k: 4 }, colour: 'red' });
    expect(paths(r)).toEqual(expect.arrayContaining(['topology.kind', 'colour']));
    expect(r.scenario.topology.kind).toBe('leaf-spine');
  });

  it('refuses more than 250,000 GPUs with a message and scales down', () => {
    const r = restore({
      topology: {
        kind: 'clos3',
        gpus: 1_000_000,
        gpusPerLeaf: 64,
        leavesPerPod: 64,
        leafOversubscription: 1,
        spineOversubscription: 1,
      },
      switches: { leaf: 'sn5600', spine: 'sn5600', core: 'sn5600' },
    });
    expect(r.problems.find((p) => p.path === 'topology')?.message).toMatch(/250,000/);
    expect(countGpus(r.scenario)).toBeLessThanOrEqual(MAX_GPUS);
    expect(countGpus(r.scenario)).toBeGreaterThan(MAX_GPUS / 4);
  });

  it('scales a too-large torus down along its largest dimension', () => {
    const r = restore({
      topology: { kind: 'torus', dims: [256, 256, 16], rackDims: [4, 4, 4], ocs: 'none', ocsCount: 0 },
      scaleUp: { kind: 'none' },
      compute: { gpusPerServer: 4, serversPerRack: 16 },
    });
    expect(countGpus(r.scenario)).toBeLessThanOrEqual(MAX_GPUS);
  });

  it('drops prototype keys and never pollutes Object.prototype', () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": 1}, "topology": {"constructor": {"prototype": {"x": 1}}, "kind": "fat-tree", "k": 4}, "floor": {"pinned": {"__proto__": [1, 2]}}}',
    );
    const r = restore(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(paths(r)).toEqual(expect.arrayContaining(['__proto__', 'topology.constructor']));
    expect(r.scenario.topology).toEqual({ kind: 'fat-tree', k: 4 });
  });

  it('survives deep nesting, huge numbers, NaN-like values and long strings', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const r = restore({
      name: 'x'.repeat(50_000),
      description: deep,
      topology: { kind: 'fat-tree', k: 1e308 },
      supply: { modulesPerDay: Infinity },
    });
    expect(r.scenario.name.length).toBeLessThanOrEqual(200);
    expect(r.scenario.topology).toEqual({ kind: 'fat-tree', k: 8 });
    expect(paths(r)).toEqual(
      expect.arrayContaining(['name', 'description', 'topology.k', 'supply.modulesPerDay']),
    );
  });

  it('keeps script text as plain data (rendering is the UI’s job, never as HTML)', () => {
    const r = restore({ name: '<script>alert(1)</script>' });
    expect(r.scenario.name).toBe('<script>alert(1)</script>');
    expect(r.problems).toEqual([]);
  });

  it('reads a newer version with a warning and migrates version 0', () => {
    expect(paths(restore({ version: 99 }))).toContain('version');
    const old = restore({ version: 0, topology: { family: 'fat-tree', k: 4 } });
    expect(old.problems).toEqual([]);
    expect(old.scenario.topology).toEqual({ kind: 'fat-tree', k: 4 });
    expect(old.scenario.version).toBe(1);
  });

  it('drops bad entries of lists and records one by one', () => {
    const r = restore({
      traffic: { failedLinks: [1, -2, 'x', 3] },
      floor: { pinned: { '3': [1, 2], abc: [0, 0], '4': [1] } },
      catalog: { media: { '2xdr4-800': { watts: 12 }, 'no-such': { watts: 1 } } },
    });
    expect(r.scenario.traffic.failedLinks).toEqual([1, 3]);
    expect(r.scenario.floor.pinned).toEqual({ '3': [1, 2] });
    expect(r.scenario.catalog.media).toEqual({ '2xdr4-800': { watts: 12 } });
    expect(r.problems.length).toBeGreaterThanOrEqual(5);
  });

  it('reports a custom link to an unknown node and drops it', () => {
    const r = restore({
      topology: {
        kind: 'custom',
        nodes: [
          { name: 'a', kind: 'gpu' },
          { name: 's', kind: 'switch', tier: 'leaf' },
        ],
        links: [
          { a: 'a', b: 's' },
          { a: 'a', b: 'ghost' },
        ],
      },
    });
    expect(paths(r)).toContain('topology.links[1].b');
    expect(r.scenario.topology.kind === 'custom' && r.scenario.topology.links).toHaveLength(1);
  });

  it.each(PRESET_IDS)('preset %s restores to itself (a fixed point)', (id) => {
    const once = restore(presetRaw(id));
    expect(once.problems).toEqual([]);
    const twice = restore(JSON.parse(JSON.stringify(once.scenario)));
    expect(twice.problems).toEqual([]);
    expect(twice.scenario).toEqual(once.scenario);
  });

  it('never throws on random mutations of a valid scenario (fuzz)', () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const junk = [
      null,
      -1,
      0,
      1e300,
      -1e300,
      '',
      'x',
      [],
      {},
      [null],
      { __proto__: 1 },
      true,
      3.5,
      '9999999',
    ];
    const leaves = (o: unknown, prefix: string[] = []): string[][] =>
      o && typeof o === 'object'
        ? Object.entries(o).flatMap(([k, v]) => [[...prefix, k], ...leaves(v, [...prefix, k])])
        : [];
    for (let i = 0; i < 400; i++) {
      const s = JSON.parse(JSON.stringify(presetRaw(PRESET_IDS[i % PRESET_IDS.length])));
      const all = leaves(s);
      for (let m = 0; m < 3; m++) {
        const path = all[Math.floor(rnd() * all.length)];
        let cur = s;
        for (const k of path.slice(0, -1)) cur = cur?.[k];
        if (cur && typeof cur === 'object')
          cur[path[path.length - 1]] = junk[Math.floor(rnd() * junk.length)];
      }
      const r = restore(s);
      expect(r.scenario.version).toBe(1);
      expect(countGpus(r.scenario)).toBeLessThanOrEqual(MAX_GPUS);
      // A second pass finds nothing more to fix: the result is valid.
      expect(restore(JSON.parse(JSON.stringify(r.scenario))).problems).toEqual([]);
    }
  });
});
