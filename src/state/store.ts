// The one store: the scenario a user edits, its problems, and what is derived from it.

import { create } from 'zustand';
import { analyze, type Analysis } from '../layout/analyze';
import type { Fabric } from '../model/fabric';
import { build } from '../model/generators';
import { restore } from '../model/restore';
import type { Problem, Scenario } from '../model/scenario';
import { DEFAULT_PRESET, PRESETS } from './presets';

export interface FabricState {
  presetId: string | null;
  scenario: Scenario;
  problems: Problem[];
  fabric: Fabric;
  analysis: Analysis;
  /** Opens a scenario from any raw input (preset JSON, file, URL); problems are kept for the banner. */
  open(raw: unknown, presetId: string | null, extraProblems?: Problem[]): void;
  openPreset(id: string): void;
  dismissProblems(): void;
}

function derive(raw: unknown) {
  const { scenario, problems } = restore(raw);
  const fabric = build(scenario);
  return { scenario, problems, fabric, analysis: analyze(fabric, scenario) };
}

export const useStore = create<FabricState>()((set, get) => ({
  presetId: DEFAULT_PRESET,
  ...derive(PRESETS.get(DEFAULT_PRESET)),
  open(raw, presetId, extraProblems = []) {
    const d = derive(raw);
    set({ ...d, presetId, problems: [...extraProblems, ...d.problems] });
  },
  openPreset(id) {
    if (PRESETS.has(id)) get().open(PRESETS.get(id), id);
    else
      get().open(PRESETS.get(DEFAULT_PRESET), DEFAULT_PRESET, [
        { path: 'scene', message: `no preset named "${id}"; the default opened` },
      ]);
  },
  dismissProblems() {
    set({ problems: [] });
  },
}));
