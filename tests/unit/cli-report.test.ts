// The report CLI as a user runs it: a subprocess, JSON on stdout, problems on stderr with exit 2.
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const report = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/report.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
  });

describe('report CLI', () => {
  it('prints the documented fields for a preset id', () => {
    const r = report('demo');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const key of [
      'gpus',
      'servers',
      'racks',
      'switches',
      'links',
      'cables',
      'transceivers',
      'infeasibleLinks',
      'power',
      'supplyDays',
    ])
      expect(out).toHaveProperty(key);
    expect(out.gpus).toBe(128);
    expect(out.switches.byTier).toMatchObject({ leaf: 8, spine: 4 });
    expect(Object.keys(out.power)).toEqual(
      expect.arrayContaining(['totalW', 'gpuW', 'serverW', 'switchW', 'opticsW', 'opticsShare']),
    );
  });

  it('applies --set overrides by dotted path', () => {
    const r = report(
      'demo',
      '--set',
      'topology.kind=fat-tree',
      '--set',
      'topology.k=4',
      '--set',
      'scaleUp.kind=none',
    );
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.gpus).toBe(16);
    expect(out.switches.total).toBe(20);
  });

  it('reads a scene file path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-'));
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify({ topology: { kind: 'fat-tree', k: 6 }, scaleUp: { kind: 'none' } }));
    const out = JSON.parse(report(file).stdout);
    expect(out.gpus).toBe(54);
  });

  it('exits 2 and names the field for a bad override', () => {
    const r = report('demo', '--set', 'topology.kind=fat-tree', '--set', 'topology.k=7');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/topology\.k: k must be even/);
  });

  it('exits 2 for an unknown preset or a malformed option', () => {
    expect(report('no-such-preset').status).toBe(2);
    expect(report('demo', '--set', 'novalue').stderr).toMatch(/path=value/);
    expect(report('demo', '--bogus').status).toBe(2);
  });

  it('exits 2 and says so for a scene file that is not a JSON object, or holds null where an object goes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fs-'));
    for (const [name, text, said] of [
      ['list.json', '[1, 2, 3]', /\(scenario\): not a scenario object/],
      ['text.json', '"demo"', /\(scenario\): not a scenario object/],
      ['null-traffic.json', '{"traffic": null}', /traffic: expected an object, got null/],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const r = report(file);
      expect(r.status, name).toBe(2);
      expect(r.stdout, name).toBe('');
      expect(r.stderr, name).toMatch(said);
    }
    const set = report(join(dir, 'list.json'), '--set', 'topology.k=8');
    expect(set.status).toBe(2);
    expect(set.stderr).toMatch(/not a JSON object \(got a list\)/);
  });

  it('--help prints what every option does and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = report(flag);
      expect(r.status, flag).toBe(0);
      expect(r.stderr, flag).toBe('');
      for (const option of ['SCENARIO', '--set', '--pretty', '--detail', '--no-solve'])
        expect(r.stdout).toContain(option);
    }
  });
});

describe('report CLI with share links', () => {
  it('prints the same figures for a share URL as for the scenario it encodes', async () => {
    const { encodeShare } = await import('../../src/share/codec');
    const { restore } = await import('../../src/model/restore');
    const { presetRaw, PRESET_IDS } = await import('./helpers');
    const presets = (id: string) => (PRESET_IDS.includes(id) ? presetRaw(id) : undefined);
    const scenario = restore({ ...presetRaw('dgx-h100-superpod-4su'), media: { spine: 'lpo' } }).scenario;
    const url = `https://example.test/fabricscope/?embed=1${encodeShare(scenario, {}, 'dgx-h100-superpod-4su', presets)}`;
    const viaUrl = report(url);
    expect(viaUrl.status).toBe(0);
    const direct = report('dgx-h100-superpod-4su', '--set', 'media.spine=lpo');
    expect(JSON.parse(viaUrl.stdout)).toEqual(JSON.parse(direct.stdout));
    expect(JSON.parse(viaUrl.stdout).cables.byMedium.lpo).toBeGreaterThan(0);
  });

  it('exits 2 and says what was wrong with a damaged link', () => {
    const r = report('https://example.test/#v1.demo.@@@');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/link: .*base64url/);
  });
});

describe('report CLI with a comparison', () => {
  it('prints compare: { a, b, delta } with the same fields on each side', () => {
    const r = report('compare-ocs-spine');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const { a, b, delta } = out.compare;
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect(a.gpus).toBe(out.gpus);
    expect(b.switches.byTier.ocs).toBe(8);
    expect(delta.power.totalW).toBeCloseTo(b.power.totalW - a.power.totalW, 3);
    expect(delta.transceivers).toBe(b.transceivers - a.transceivers);
    expect(out.compare.labelB).toMatch(/OCS/);
  });

  it('side B fails the same cables as A, found by their devices, not by link index', () => {
    // Link 1000 of the electrical side is leaf-0 ↔ spine-8; B has OCS in place of spines.
    const r = report('compare-ocs-spine', '--set', 'traffic.failedLinks=[1000, 0]');
    expect(r.status).toBe(0);
    const { a, b } = JSON.parse(r.stdout).compare;
    expect(a.solve.notes).toContain('2 failed links excluded from routing');
    // gpu-0.0 ↔ leaf-0 fails on both sides; the spine cable has no counterpart on B.
    expect(b.solve.notes).toContain('1 failed link excluded from routing');
    expect(b.solve.notes.join(' ')).toMatch(/1 of side A's 2 failed links has no counterpart on this side/);
  });

  it('linear-drive optics shorten the collective by their saved retimer latency, not its bandwidth term', () => {
    const r = report('compare-remove-dsp-superpod');
    expect(r.status).toBe(0);
    const { a, b } = JSON.parse(r.stdout).compare;
    const [pa] = a.solve.phases;
    const [pb] = b.solve.phases;
    // Same fabric, same placement: the bytes on the bottleneck take as long; every hop is shorter.
    expect(pb.timeS - pb.latencyS).toBeCloseTo(pa.timeS - pa.latencyS, 12);
    expect(pb.latencyS).toBeLessThan(pa.latencyS);
    // The model's own worst path (Dijkstra over cables, modules and switches) shrinks too.
    expect(b.worstPathNs).toBeLessThan(a.worstPathNs);
  });
});

describe('report CLI: solve', () => {
  it('prints solve: {…} and, with --detail, every link and flow of a small fabric', () => {
    const r = report('demo', '--set', 'traffic.pattern=permutation', '--detail');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const key of [
      'pattern',
      'routing',
      'flows',
      'commodities',
      'maxUtilization',
      'lambda',
      'completionTimeS',
      'algBwGBs',
      'busBwGBs',
      'unroutedDemand',
      'bottlenecks',
    ])
      expect(out.solve).toHaveProperty(key);
    expect(out.solve.pattern).toBe('permutation');
    expect(out.solve.lambda).toBeCloseTo(1 / out.solve.maxUtilization, 9);
    expect(out.detail.links).toHaveLength(out.links.total);
    const max = Math.max(...out.detail.links.map((l: { utilization: number }) => l.utilization));
    expect(max).toBeCloseTo(out.solve.maxUtilization, 5);
    expect(out.detail.flows.length).toBeGreaterThan(0);
    expect(out.detail.flows[0].links.length).toBeGreaterThan(0);
  });

  it('--detail of an all-to-all names leaf-pair commodities by their leaves, with their member count', () => {
    const out = JSON.parse(report('demo', '--set', 'traffic.pattern=all-to-all', '--detail').stdout);
    type Flow = { folded: string; src: string; dst: string; weight: number; srcGpu?: number };
    const leafPairs = out.detail.flows.filter((f: Flow) => f.folded === 'leaf-pair');
    // 8 leaves of 16 GPUs, two per 8-GPU NVLink domain: every ordered leaf pair is one commodity.
    expect(leafPairs).toHaveLength(64);
    for (const f of leafPairs as Flow[]) {
      expect(f.src).toMatch(/^GPUs under leaf-\d+$/);
      expect(f.dst).toMatch(/^GPUs under leaf-\d+$/);
      expect(f).not.toHaveProperty('srcGpu');
      // Members: 16 × 16 GPU pairs between two leaves; 16 × 16 less the 2 domains' 8 × 8 within one.
      expect(f.weight).toBe(f.src === f.dst ? 16 * 16 - 2 * 8 * 8 : 16 * 16);
    }
    // The pairs inside a domain ride NVLink, GPU to GPU.
    const pairs = out.detail.flows.filter((f: Flow) => f.folded === 'gpu-pair');
    expect(pairs).toHaveLength(16 * 8 * 7);
    for (const f of pairs as Flow[]) expect(f.src).not.toBe(f.dst);
  });

  it('--no-solve leaves the solve out; --set traffic.* reaches the solver', () => {
    expect(JSON.parse(report('demo', '--no-solve').stdout).solve).toBeUndefined();
    const r = JSON.parse(
      report('demo', '--set', 'traffic.pattern=all-to-all', '--set', 'traffic.routing=shortest').stdout,
    );
    expect(r.solve).toMatchObject({ pattern: 'all-to-all', routing: 'shortest' });
  });
});
