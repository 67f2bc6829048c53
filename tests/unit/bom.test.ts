// The bill of materials and power against cases worked by hand from the catalog's datasheet figures.
import { describe, expect, it } from 'vitest';
import { analyzed, presetRaw } from './helpers';

const noScaleUp = { kind: 'none', gpusPerDomain: 1, switchesPerDomain: 1, switchModel: 'hgx-nvswitch' };

/** Two GPUs in one DGX H100 and one QM9700 leaf, in the same rack unless told otherwise. */
function twoGpuFabric(extra: Record<string, unknown> = {}, leafRack = 0) {
  return {
    topology: {
      kind: 'custom',
      nodes: [
        { name: 'g0', kind: 'gpu', rack: 0, server: 0 },
        { name: 'g1', kind: 'gpu', rack: 0, server: 0 },
        { name: 'leaf', kind: 'switch', tier: 'leaf', rack: leafRack, model: 'qm9700' },
      ],
      links: [
        { a: 'g0', b: 'leaf' },
        { a: 'g1', b: 'leaf' },
      ],
    },
    scaleUp: noScaleUp,
    ...extra,
  };
}

describe('bill of materials and power, worked by hand', () => {
  it('copper in the rack: no optics, power is GPUs + server + switch', () => {
    const { a } = analyzed(twoGpuFabric());
    const { bom } = a;
    expect(bom.cables.byMedium).toEqual({ dac: 2 });
    expect(bom.transceivers).toBe(0);
    expect(bom.power.gpuW).toBe(2 * 700); // H100 SXM 700 W (Llama 3 paper)
    expect(bom.power.serverW).toBe(10200 - 8 * 700); // DGX H100 10.2 kW max less its 8 GPUs
    expect(bom.power.switchW).toBe(750);
    expect(bom.power.opticsW).toBe(0);
    expect(bom.power.totalW).toBe(1400 + 4600 + 750);
    expect(bom.power.opticsShare).toBe(0);
  });

  it('forced multimode optics: a 400G SR4 at each NIC, half a twin-port 800G module at the switch per link', () => {
    const { a } = analyzed(twoGpuFabric({ media: { leaf: 'dsp-mm' } }));
    const { bom } = a;
    // NIC ends: MMA4Z00-NS400 8.5 W each; switch end: MMA4Z00-NS 15 W shared by two 400G ports.
    const opticsW = 2 * 8.5 + 15;
    expect(bom.power.opticsW).toBeCloseTo(opticsW, 6);
    expect(bom.transceivers).toBe(3);
    expect(bom.lasers).toBe(4 + 4 + 8);
    const total = 1400 + 4600 + 750 + opticsW;
    expect(bom.power.totalW).toBeCloseTo(total, 6);
    expect(bom.power.opticsShare).toBeCloseTo(opticsW / total, 9);
    expect(bom.supplyDays).toBeCloseTo(3 / 1000, 9);
  });

  it('linear-drive optics replace the DSP: the saving is module power, computed not assumed', () => {
    const dsp = analyzed(twoGpuFabric({ media: { leaf: 'dsp-sm' } })).a.bom;
    const lpo = analyzed(twoGpuFabric({ media: { leaf: 'lpo' } })).a.bom;
    // DR4 400G 9 W + half of 2×DR4 800G 17 W per link, vs LPO 6 W + half of 8.5 W.
    expect(dsp.power.opticsW).toBeCloseTo(2 * 9 + 17, 6);
    expect(lpo.power.opticsW).toBeCloseTo(2 * 6 + 8.5, 6);
    expect(dsp.power.totalW - lpo.power.totalW).toBeCloseTo(2 * 9 + 17 - (2 * 6 + 8.5), 6);
  });

  it('co-packaged optics at the switch, a pluggable at the NIC', () => {
    const { bom } = analyzed(twoGpuFabric({ media: { leaf: 'cpo' } })).a;
    // CPO 9 W per 1.6T port (two 800G ports each); each 400G link takes half a port. NIC ends stay DR4 (cpoNicFamily).
    expect(bom.cpoPorts).toBe(1);
    expect(bom.transceivers).toBe(2);
    expect(bom.power.opticsW).toBeCloseTo(2 * 9 + 2 * 0.5 * 9, 6);
  });

  it('a forced medium that cannot reach is counted as infeasible, not silently accepted', () => {
    // The leaf in another rack: tray drops plus the run exceed a DAC's 3 m.
    const far = analyzed(twoGpuFabric({ media: { leaf: 'dac' } }, 1)).a;
    expect(Math.min(...far.lengthM)).toBeGreaterThan(3);
    expect(far.bom.infeasibleLinks).toBe(2);
    // `auto` picks the cheapest medium that reaches instead.
    const auto = analyzed(twoGpuFabric({}, 1)).a;
    expect(auto.bom.infeasibleLinks).toBe(0);
    expect(auto.bom.cables.byMedium.dac).toBeUndefined();
  });

  it('auto chooses the cheapest medium whose reach covers each cable', () => {
    const { a, f } = analyzed(presetRaw('colossus-100k'));
    const reach: Record<string, number> = { dac: 3, acc: 5, aec: 7, 'dsp-mm': 50, 'dsp-sm': 500 };
    const order = ['dac', 'acc', 'aec', 'dsp-mm', 'dsp-sm'];
    for (let l = 0; l < f.linkCount; l += 97) {
      const fam = a.media.kinds[a.media.linkKind[l]].family;
      if (fam === 'nvlink') continue;
      expect(a.lengthM[l]).toBeLessThanOrEqual(a.media.kinds[a.media.linkKind[l]].reachM);
      // Every cheaper family would not have reached (switch-to-switch DAC is 2 m, splitter 3 m).
      for (const cheaper of order.slice(0, order.indexOf(fam)))
        expect(a.lengthM[l]).toBeGreaterThan(cheaper === 'dac' ? 2 : reach[cheaper]);
    }
  });

  it('totals add up: power parts sum to the total, cables per medium to the links', () => {
    for (const id of ['dgx-h100-superpod-4su', 'gb200-nvl72-superpod', 'tpu-v4-torus']) {
      const { bom } = analyzed(presetRaw(id)).a;
      const p = bom.power;
      expect(p.gpuW + p.serverW + p.switchW + p.opticsW + p.activeCopperW).toBeCloseTo(p.totalW, 3);
      const cables = Object.values(bom.cables.byMedium).reduce((x, y) => x + (y ?? 0), 0);
      expect(cables).toBeGreaterThanOrEqual(bom.links.total);
      expect(Object.values(bom.switches.byTier).reduce((x, y) => x + (y ?? 0), 0)).toBe(bom.switches.total);
    }
  });

  it('TPU v4: every link through an OCS is optical; the OCS is a small share of power', () => {
    const { bom } = analyzed(presetRaw('tpu-v4-torus')).a;
    expect((bom.cables.byMedium['dsp-mm'] ?? 0) + (bom.cables.byMedium['dsp-sm'] ?? 0)).toBe(6144);
    // 48 OCS at ≈108 W against the system: the paper reports OCS under 3% of system power.
    expect((48 * 108) / bom.power.totalW).toBeLessThan(0.03);
  });
});
