import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/layout/analyze';
import { captionFigures } from '../../src/model/caption-figures';
import { sideA, sideB } from '../../src/model/compare';
import { build } from '../../src/model/generators';
import { restore } from '../../src/model/restore';
import { captionKeys, fillCaption, restoreTour } from '../../src/model/tour';
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
    const bomOf = (s: typeof scenario) => analyze(build(s), s).bom;
    const b = sideB(scenario);
    const figures = captionFigures(bomOf(sideA(scenario)), b ? bomOf(b) : undefined);
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
    expect(f['delta.totalPowerPct']).toBe(`${(saving * 100).toFixed(2)}%`);
    // Module power alone, worked from the catalog: the saving is what optics lose, nothing else.
    expect(b.power.totalW - a.power.totalW).toBeCloseTo(
      b.power.opticsW - a.power.opticsW + (b.power.activeCopperW - a.power.activeCopperW),
      3,
    );
  });
});
