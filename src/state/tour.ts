// The tour player's state, its own small store beside the main one: which tour plays, at
// which step, whether autoplay runs, presentation mode and the flow animation. A step opens its
// scenario through the main store (the tour's preset with every step's overrides so far, merged
// and restored), so the view and panels follow it like any other scenario.
//
// For share links: `useTour.getState()` has `{ tourId, step }` (step 0-based) and
// `startTour(id, step)` opens a tour at a step (false when there is no such tour).

import { create } from 'zustand';
import { scenarioHash } from '../layout/pipeline';
import type { Bom } from '../model/bom';
import { captionFigures, type SolveCaption } from '../model/caption-figures';
import { apply } from '../model/merge-patch';
import { restore } from '../model/restore';
import { restoreTour, type CaptionFigures, type Tour, type TourStep } from '../model/tour';
import { PRESETS } from './presets';
import { useStore, type ColorMode } from './store';
import { useCompare } from './compare';
import { useSolve } from './solve';
import { sideB } from '../model/compare';

const files = import.meta.glob('../../scenes/tour-*.json', { eager: true, import: 'default' }) as Record<
  string,
  unknown
>;

/** The bundled tours that are valid and whose scene exists, by id (file name without .json). */
export const TOURS: ReadonlyMap<string, Tour> = new Map(
  Object.entries(files)
    .map(
      ([path, json]) => [path.replace(/^.*\//, '').replace(/\.json$/, ''), restoreTour(json).tour] as const,
    )
    .filter((e): e is readonly [string, Tour] => e[1] !== null && PRESETS.has(e[1].scene))
    .sort(([a], [b]) => a.localeCompare(b)),
);

export interface TourState {
  /** The playing tour (null: none) and its step, 0-based. */
  tourId: string | null;
  step: number;
  playing: boolean;
  /** Hash of the scenario the current step plays on. */
  hash: string | null;
  presenting: boolean;
  fullscreen: boolean;
  flow: boolean;

  /** Opens a tour at a step (clamped); false when there is no such tour. */
  startTour(id: string, step?: number, play?: boolean): boolean;
  goTo(step: number): void;
  next(): void;
  prev(): void;
  togglePlay(on?: boolean): void;
  stopTour(): void;
  togglePresentation(on?: boolean): void;
  toggleFlow(on?: boolean): void;
}

/** The tour's scenario at a step: its preset with the overrides of steps 0…step merged in order. */
export function tourScenarioRaw(tour: Tour, step: number): { raw: unknown; patched: boolean } {
  let raw = PRESETS.get(tour.scene);
  let patched = false;
  for (let i = 0; i <= step && i < tour.steps.length; i++) {
    const o = tour.steps[i].overrides;
    if (o && Object.keys(o).length) {
      raw = apply(raw, o);
      patched = true;
    }
  }
  return { raw, patched };
}

/**
 * Side B's bill of materials for the scenario of `hash` (comparison tours): compare mode already
 * places side B through the scene pipeline, so the tour reads it rather than computing it again.
 */
export function sideBBom(hash: string | null): Bom | null {
  const main = useStore.getState();
  if (!hash || main.hash !== hash) return null;
  const b = sideB(main.scenario);
  const cmp = useCompare.getState();
  if (!b || !cmp.sceneB || cmp.hashB !== scenarioHash(b) || cmp.sceneB.hash !== cmp.hashB) return null;
  return cmp.sceneB.analysis.bom;
}

/** The solves of the tour's scenario (side A) and of its comparison's side B, once landed. */
export function tourSolves(hash: string | null): [SolveCaption | undefined, SolveCaption | undefined] {
  const main = useStore.getState();
  if (!hash || main.hash !== hash) return [undefined, undefined];
  const results = useSolve.getState().results;
  const b = sideB(main.scenario);
  const hashB = useCompare.getState().hashB;
  const onB = b && hashB === scenarioHash(b) ? results[hashB]?.summary : undefined;
  return [results[hash]?.summary, onB];
}

/** Set while the tour itself opens a scenario, so the store watcher does not end the tour. */
let opening = false;

export const useTour = create<TourState>()((set, get) => ({
  tourId: null,
  step: 0,
  playing: false,
  hash: null,
  presenting: false,
  fullscreen: false,
  flow: false,

  startTour(id, step = 0, play = false) {
    const tour = TOURS.get(id);
    if (!tour) return false;
    set({ tourId: id, playing: play, step: -1 });
    get().goTo(step);
    return true;
  },
  goTo(stepRaw) {
    const { tourId } = get();
    const tour = tourId ? TOURS.get(tourId) : undefined;
    if (!tour) return;
    const step = Math.max(0, Math.min(tour.steps.length - 1, Math.round(stepRaw) || 0));
    const { raw, patched } = tourScenarioRaw(tour, step);
    const hash = scenarioHash(restore(raw).scenario);
    const main = useStore.getState();
    if (hash !== main.hash) {
      opening = true;
      try {
        main.open(raw, patched ? null : tour.scene);
      } finally {
        opening = false;
      }
    }
    set({ step, hash });
    applyStepColors();
  },
  next() {
    const { tourId, step } = get();
    const tour = tourId ? TOURS.get(tourId) : undefined;
    if (!tour) return;
    if (step >= tour.steps.length - 1) set({ playing: false });
    else get().goTo(step + 1);
  },
  prev() {
    const { step } = get();
    if (step > 0) get().goTo(step - 1);
  },
  togglePlay(on) {
    const { tourId, playing, step } = get();
    const tour = tourId ? TOURS.get(tourId) : undefined;
    if (!tour) return;
    const next = on ?? !playing;
    // Play at the last step starts over.
    if (next && !playing && step >= tour.steps.length - 1 && on === undefined) get().goTo(0);
    set({ playing: next });
  },
  stopTour() {
    set({ tourId: null, step: 0, playing: false, hash: null });
  },
  togglePresentation(on) {
    const next = on ?? !get().presenting;
    if (next === get().presenting) return;
    set({ presenting: next });
    const doc = document.documentElement;
    doc.classList.toggle('presenting', next);
    if (next) {
      // Fullscreen where allowed; otherwise the CSS fills the window.
      const req = doc.requestFullscreen?.bind(doc);
      if (req && !document.fullscreenElement)
        req()
          .then(() => set({ fullscreen: true }))
          .catch(() => set({ fullscreen: false }));
    } else if (document.fullscreenElement) {
      void document.exitFullscreen?.().catch(() => {});
    }
  },
  toggleFlow(on) {
    set((s) => ({ flow: on ?? !s.flow }));
  },
}));

if (typeof document !== 'undefined') {
  // Leaving browser fullscreen (Esc, F11) leaves presentation mode too.
  document.addEventListener('fullscreenchange', () => {
    const st = useTour.getState();
    if (!document.fullscreenElement && st.fullscreen) {
      useTour.setState({ fullscreen: false });
      if (st.presenting) st.togglePresentation(false);
    }
  });
}

/** A step that highlights media colours links by medium; one that highlights tiers, by tier. */
function stepColorMode(): ColorMode | null {
  const h = currentStep(useTour.getState())?.step.highlight;
  return h?.media?.length ? 'medium' : h?.tiers?.length ? 'tier' : null;
}
function applyStepColors() {
  const mode = stepColorMode();
  if (mode && useStore.getState().colorMode !== mode) useStore.getState().setColorMode(mode);
}

useStore.subscribe((s, prev) => {
  if (!useTour.getState().tourId) return;
  // Choosing another scenario ends the tour.
  if (!opening && s.presetId !== prev.presetId) useTour.getState().stopTour();
  // Utilization arriving switches colours to it; a step's highlight keeps its own colouring.
  else if (s.linkUtilization !== prev.linkUtilization) applyStepColors();
});

/** The current tour and step, or null. */
export function currentStep(st: Pick<TourState, 'tourId' | 'step'>): { tour: Tour; step: TourStep } | null {
  const tour = st.tourId ? TOURS.get(st.tourId) : undefined;
  const step = tour?.steps[st.step];
  return tour && step ? { tour, step } : null;
}

/**
 * The figures captions may name, for the current step's scene: side A from the placed scene,
 * side B (comparison tours) from compare mode's B scene. Null until the step's scene is placed.
 */
export function tourFigures(): CaptionFigures | null {
  const t = useTour.getState();
  const sc = useStore.getState().scene;
  if (!t.hash || !sc || sc.hash !== t.hash) return null;
  return captionFigures(sc.analysis.bom, sideBBom(t.hash) ?? undefined, ...tourSolves(t.hash));
}

/**
 * Opens `?tour=ID&step=N` (N 0-based) from the page address. Once the tour moves on, the two
 * parameters leave the address: the share link in the hash (url-sync) carries the step from then.
 */
export function startTourFromUrl(params: URLSearchParams): void {
  const id = params.get('tour');
  if (!id) return;
  if (!useTour.getState().startTour(id, Number(params.get('step') ?? 0) || 0)) {
    // Said, not silently ignored: the link names a tour this version does not have.
    const problem = {
      path: 'tour',
      message: `no tour named "${id.slice(0, 80)}"; tours: ${[...TOURS.keys()].join(', ')}`,
    };
    useStore.setState((st) => ({ problems: [...st.problems, problem] }));
    return;
  }
  const unsub = useTour.subscribe((s, prev) => {
    if (s.tourId === prev.tourId && s.step === prev.step) return;
    unsub();
    const url = new URL(window.location.href);
    url.searchParams.delete('tour');
    url.searchParams.delete('step');
    window.history.replaceState(window.history.state, '', url);
  });
}
