import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/layout/analyze';
import { captionFigures } from '../../src/model/caption-figures';
import { sideA, sideB } from '../../src/model/compare';
import { build } from '../../src/model/generators';
import { restore } from '../../src/model/restore';
import { captionKeys, fillCaption, restoreTour } from '../../src/model/tour';
import { moduleLatencyNs } from '../../src/model/media';
import { solveScenario } from '../../src/solver';
import { presetRaw } from './helpers';

const scenes = new URL('../../scenes/', import.meta.url);
const tourIds = readdirSync(scenes)
  .filter((f) => f.startsWith('tour-'))
  .map((f) => f.replace(/\.json$/, ''));

describe('tours', () => {
  it('there are the three ready-made tours', () => {
    expect(tourIds.sort()).toEqual([
      'tour-anatomy-superpod',
      'tour-scale-up-vs-scale-out',
      'tour-why-optics',
    ]);
  });

  it.each(tourIds)('%s is valid, and every caption names only figures the model computes', (id) => {
    const { tour, problems } = restoreTour(JSON.parse(readFileSync(new URL(`${id}.json`, scenes), 'utf8')));
    expect(problems).toEqual([]);
    const { scenario, problems: sp } = restore(presetRaw(tour!.scene));
    expect(sp).toEqual([]);
    const b = sideB(scenario);
    // Each side placed and solved, as the app does before a caption shows every figure.
    const sideOf = (s: typeof scenario) => {
      const f = build(s);
      const a = analyze(f, s);
      const solve = solveScenario(f, s, { lengthM: a.lengthM, moduleNs: moduleLatencyNs(a.media) }).summary;
      return { bom: a.bom, solve };
    };
    const A = sideOf(sideA(scenario));
    const B = b ? sideOf(b) : undefined;
    const figures = captionFigures(A.bom, B?.bom, A.solve, B?.solve);
    for (const step of tour!.steps) {
      for (const key of captionKeys(step.caption)) expect(figures, `${id}: {${key}}`).toHaveProperty([key]);
      expect(fillCaption(step.caption, figures)).not.toMatch(/[{}]/);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fillCaption('{gpus} GPUs, {nope}', { gpus: '8' })).toBe('8 GPUs, {nope?}');
  });

  it('refuses an invalid tour with problems naming the field', () => {
    const { tour, problems } = restoreTour({
      kind: 'tour',
      version: 1,
      title: 'x',
      description: '',
      scene: '../etc',
      steps: [],
    });
    expect(tour).toBeNull();
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['tour.scene', 'tour.steps']));
  });

  it('the "remove the DSP" step states the saving the model computes, not the press claim', () => {
    const { scenario } = restore(presetRaw('compare-remove-dsp-100k'));
    const a = analyze(build(sideA(scenario)), sideA(scenario)).bom;
    const b = analyze(build(sideB(scenario)!), sideB(scenario)!).bom;
    const f = captionFigures(a, b);
    const saving = (b.power.totalW - a.power.totalW) / a.power.totalW;
    expect(saving).toBeLessThan(0);
    expect(f['delta.totalPowerPct']).toBe(`−${(-saving * 100).toFixed(2)}%`);
    expect(f['delta.totalPowerChange']).toBe(`falls by ${(-saving * 100).toFixed(2)}%`);
    // Module power alone, worked from the catalog: the saving is what optics lose, nothing else.
    expect(b.power.totalW - a.power.totalW).toBeCloseTo(
      b.power.opticsW - a.power.opticsW + (b.power.activeCopperW - a.power.activeCopperW),
      3,
    );
  });

  it('changes read in words whichever way they go, with true minus signs and no double negative', () => {
    const { scenario } = restore(presetRaw('compare-remove-dsp-100k'));
    const dsp = analyze(build(sideA(scenario)), sideA(scenario)).bom;
    const lpo = analyze(build(sideB(scenario)!), sideB(scenario)!).bom;
    const down = captionFigures(dsp, lpo);
    const up = captionFigures(lpo, dsp);
    const opticsPct = (x: number, y: number) => ((Math.abs(y - x) / x) * 100).toFixed(1);
    expect(down['delta.opticsPowerChange']).toBe(
      `falls by ${opticsPct(dsp.power.opticsW, lpo.power.opticsW)}%`,
    );
    expect(up['delta.opticsPowerChange']).toBe(
      `rises by ${opticsPct(lpo.power.opticsW, dsp.power.opticsW)}%`,
    );
    expect(down['delta.opticsPower']).toMatch(/^−\d/);
    expect(up['delta.opticsPower']).toMatch(/^\+\d/);
    const same = captionFigures(dsp, dsp);
    expect(same['delta.totalPowerChange']).toBe('does not change');
    expect(same['delta.totalPowerPct']).toBe('0.00%');
    expect(same['delta.transceiversChange']).toBe('keeps the transceiver count');
    for (const f of [down, up, same])
      for (const [key, text] of Object.entries(f)) expect(text, key).not.toMatch(/-|by −|by \+/);
  });

  it('whether the saving meets the press claim of 3–5% is computed from the two sides, not written', () => {
    const { scenario } = restore(presetRaw('compare-remove-dsp-100k'));
    const a = analyze(build(sideA(scenario)), sideA(scenario)).bom;
    const b = analyze(build(sideB(scenario)!), sideB(scenario)!).bom;
    const saving = (a.power.totalW - b.power.totalW) / a.power.totalW;
    const said = captionFigures(a, b)['delta.savingVsDspClaim'];
    expect(said).toBe(saving < 0.03 ? 'below' : saving > 0.05 ? 'above' : 'within');
    expect(captionFigures(a, b).dspClaim).toBe('3–5%');
    // The same caption on fabrics whose saving is 4% or 6% reads differently.
    const scaled = (f: number) => ({ ...b, power: { ...b.power, totalW: a.power.totalW * (1 - f) } });
    expect(captionFigures(a, scaled(0.04))['delta.savingVsDspClaim']).toBe('within');
    expect(captionFigures(a, scaled(0.06))['delta.savingVsDspClaim']).toBe('above');
  });

  it('solve figures: the time and bus bandwidth a caption quotes are the solve’s, and B against A in words', () => {
    const bom = analyze(build(restore(presetRaw('demo')).scenario), restore(presetRaw('demo')).scenario).bom;
    const a = { completionTimeS: 0.0056, busBwGBs: 380.2, lambda: 1, maxUtilization: 1 };
    const b = { completionTimeS: 0.0042, busBwGBs: 0.0186, lambda: 0.5, maxUtilization: 2 };
    const f = captionFigures(bom, bom, a, b);
    expect(f.collectiveTime).toBe('5.60 ms');
    expect(f.busBandwidth).toBe('380 GB/s');
    expect(f['b.busBandwidth']).toBe('18.6 MB/s');
    expect(f['b.maxUtilization']).toBe('200.0%');
    expect(f['delta.collectiveTimeChange']).toBe('falls by 25.00%');
    // Units are chosen after rounding, and no figure prints an exponent.
    const at = (completionTimeS: number, busBwGBs: number, lambda = 1) =>
      captionFigures(bom, undefined, { completionTimeS, busBwGBs, lambda, maxUtilization: 1 });
    expect(at(0.0009996, 1800).collectiveTime).toBe('1.00 ms');
    expect(at(0.99951, 1800).collectiveTime).toBe('1.00 s');
    expect(at(0.0123456, 1800).busBandwidth).toBe('1800 GB/s');
    expect(at(1, 1, 1e-4).lambda).toBe('0.000100');
    for (const f of [at(0.0009996, 1800), at(3e-7, 7.2e-6, 1e-4), at(12.3, 0.0999)])
      for (const [key, text] of Object.entries(f)) expect(text, key).not.toMatch(/\de[+-]\d/);
    // No solve yet: the figures are absent (the caption waits), not zero.
    expect(captionFigures(bom)).not.toHaveProperty('collectiveTime');
  });
});
