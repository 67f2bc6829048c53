import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { restore } from '../../src/model/restore';
import { decodeShare, encodeShare, MAX_HASH_CHARS } from '../../src/share/codec';
import { apply, diff } from '../../src/model/merge-patch';
import { presetRaw, PRESET_IDS } from './helpers';

const presets = (id: string) => (PRESET_IDS.includes(id) ? presetRaw(id) : undefined);
const decode = (hash: string) => decodeShare(hash, presets, 'demo');

/** Deterministic pseudo-random numbers for property tests. */
function rng(seed: number) {
  return () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** A random valid scenario: a preset with random edits, restored. */
function randomScenario(r: () => number) {
  const id = PRESET_IDS[Math.floor(r() * PRESET_IDS.length)];
  const raw = presetRaw(id) as Record<string, any>;
  const families = ['auto', 'dac', 'acc', 'aec', 'dsp-mm', 'dsp-sm', 'lpo', 'cpo'];
  if (r() < 0.5) raw.media = { leaf: families[Math.floor(r() * 8)], spine: families[Math.floor(r() * 8)] };
  if (r() < 0.5)
    raw.floor = {
      ...raw.floor,
      seed: Math.floor(r() * 1e6),
      pinned: { [String(Math.floor(r() * 5))]: [r() * 50, r() * 20] },
    };
  if (r() < 0.5)
    raw.traffic = {
      pattern: 'all-to-all',
      failedLinks: [Math.floor(r() * 100), Math.floor(r() * 100) + 100],
    };
  if (r() < 0.3) raw.catalog = { media: { '2xdr4-800': { watts: Math.round(r() * 300) / 10 } } };
  if (r() < 0.3) raw.name = `edited ${'<b>x</b>'.repeat(Math.floor(r() * 3))} ${Math.floor(r() * 1000)}`;
  if (r() < 0.2) raw.topology = { kind: 'fat-tree', k: 2 * (2 + Math.floor(r() * 8)) };
  return { id, scenario: restore(raw).scenario };
}

describe('merge patches', () => {
  it('apply(base, diff(base, x)) equals x', () => {
    const a = { x: 1, y: { z: [1, 2], w: 'k' }, gone: true };
    const b = { x: 2, y: { z: [1, 3], w: 'k', n: null }, extra: { q: 1 } };
    expect(apply(a, diff(a, b))).toEqual({ x: 2, y: { z: [1, 3], w: 'k' }, extra: { q: 1 } });
    expect(diff(a, a)).toBeUndefined();
  });
});

describe('share links', () => {
  it('round-trip random scenarios and views exactly (property test)', () => {
    const r = rng(7);
    for (let i = 0; i < 150; i++) {
      const { id, scenario } = randomScenario(r);
      const view =
        r() < 0.5
          ? {
              camera: {
                position: [r() * 100, 50, 20] as [number, number, number],
                target: [0, 0, 0] as [number, number, number],
              },
              hiddenTiers: ['scale-up'],
            }
          : {};
      const asPreset = r() < 0.7 ? id : null;
      const hash = encodeShare(scenario, view, asPreset, presets);
      const back = decode(hash);
      expect(back.problems).toEqual([]);
      expect(back.scenario).toEqual(scenario);
      expect(back.view).toEqual(view);
    }
  });

  it.each(PRESET_IDS)('%s with a handful of edits stays under 2,000 characters', (id) => {
    const raw = presetRaw(id) as Record<string, any>;
    const scenario = restore({
      ...raw,
      media: { spine: 'lpo', core: 'lpo' },
      floor: { ...raw.floor, pinned: { '2': [12.5, 4.8], '7': [30, 9.6] } },
      traffic: { pattern: 'all-to-all', failedLinks: [12, 345] },
    }).scenario;
    const hash = encodeShare(
      scenario,
      {
        camera: { position: [120.5, 80.25, 60], target: [40, 0, 20] },
        selection: { kind: 'rack', index: 3 },
      },
      id,
      presets,
    );
    expect(hash.length).toBeLessThan(2000);
    expect(decode(hash).scenario).toEqual(scenario);
  });

  it('reads a link whose preset no longer exists by applying its changes to the default', () => {
    const scenario = restore({ ...presetRaw('demo'), name: 'renamed' }).scenario;
    const hash = encodeShare(scenario, {}, 'demo', presets).replace('.demo.', '.gone-preset.');
    const back = decode(hash);
    expect(back.problems[0].message).toMatch(/gone-preset/);
    expect(back.scenario.name).toBe('renamed');
  });

  const hostile: [string, string, RegExp][] = [
    ['empty', '#', /not a FabricScope/],
    ['garbage', '#hello world', /not a FabricScope/],
    ['wrong version', '#v9.demo.abc', /version 9/],
    ['bad base64', '#v1.demo.@@@', /base64url/],
    ['not deflate', '#v1.demo.aGVsbG8', /decompress/],
    ['oversized', `#v1.demo.${'A'.repeat(MAX_HASH_CHARS + 1)}`, /more than/],
    ['script in preset id', '#v1.<script>.x', /not a FabricScope/],
  ];
  it.each(hostile)('refuses a %s link with a problem and opens the default', (_, hash, message) => {
    const back = decode(hash);
    expect(back.problems[0].message).toMatch(message);
    expect(back.scenario).toEqual(restore(presetRaw('demo')).scenario);
  });

  const payload = (body: unknown) => {
    const bytes = deflateSync(strToU8(typeof body === 'string' ? body : JSON.stringify(body)));
    return btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  };

  it('refuses a compression bomb without inflating it all', () => {
    const bomb = deflateSync(new Uint8Array(20 * 1024 * 1024).fill(32), { level: 9 });
    const text = btoa(String.fromCharCode(...bomb))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(decode(`#v1.demo.${text}`).problems[0].message).toMatch(/too large/);
  });

  it('keeps hostile content as data: prototype keys, huge numbers, deep nesting, script names', () => {
    const deep = `${'['.repeat(5000)}0${']'.repeat(5000)}`;
    const body = `{"s": {"__proto__": {"polluted": true}, "name": "<img src=x onerror=alert(1)>", "topology": {"k": 1e999}, "floor": {"seed": 1e300}, "description": ${deep}}, "v": {"camera": {"position": [1e308, 0, 0]}, "__proto__": {"x": 1}}}`;
    const back = decode(`#v1.demo.${payload(body)}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(back.scenario.name).toBe('<img src=x onerror=alert(1)>');
    expect(back.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['floor.seed', 'description', 'view.camera']),
    );
    expect(restore(JSON.parse(JSON.stringify(back.scenario))).problems).toEqual([]);
  });

  it('never throws on mutated links (fuzz): always a valid scenario and a problem list', () => {
    const r = rng(99);
    const { id, scenario } = randomScenario(r);
    const good = encodeShare(scenario, { selection: { kind: 'node', index: 4 } }, id, presets);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.#%<>"{}';
    for (let i = 0; i < 600; i++) {
      let h = good;
      const kind = i % 4;
      const at = Math.floor(r() * h.length);
      if (kind === 0) h = h.slice(0, at);
      else if (kind === 1) h = h.slice(0, at) + alphabet[Math.floor(r() * alphabet.length)] + h.slice(at + 1);
      else if (kind === 2) h = h.slice(0, at) + alphabet[Math.floor(r() * alphabet.length)] + h.slice(at);
      else h = h.slice(0, at) + h.slice(at + 1 + Math.floor(r() * 10));
      const back = decode(h);
      expect(Array.isArray(back.problems)).toBe(true);
      expect(restore(JSON.parse(JSON.stringify(back.scenario))).problems).toEqual([]);
      if (h !== good && back.problems.length === 0) expect(back.scenario).toBeDefined();
    }
  });
});
