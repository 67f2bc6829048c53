// Keeps the URL hash in step with what the user sees, so a link (or a reload, or back / forward)
// opens exactly that: the scenario as a delta from its preset, and the view (camera, selection,
// hidden tiers, tour step). Edits write the hash debounced: scenario and tier
// edits push a history entry, camera moves and selection replace the current one. Back / forward
// re-open an entry without a reload. Every hash is read through decodeShare → restore().
//
// The view registers a camera getter (cameraBridge) and applies camera poses asked for here
// (useShareStore.pendingCamera) once the scene they belong to is on screen.

import { create } from 'zustand';
import { scenarioHash } from '../layout/pipeline';
import { TIERS } from '../model/fabric';
import type { Problem } from '../model/scenario';
import { restore } from '../model/restore';
import { MAX_HASH_CHARS, decodeShare, encodeShare, type Shared } from '../share/codec';
import type { ViewState } from '../share/view-state';
import { DEFAULT_PRESET, PRESETS } from './presets';
import { useStore, type FabricState, type Pick } from './store';
import { useTour } from './tour';

export type Vec3 = [number, number, number];
export interface CameraPose {
  position: Vec3;
  target: Vec3;
}
export interface ShareState {
  /**
   * A camera pose for the scene of `hash`, applied by the camera rig once that scene is drawn;
   * `pose: null` asks for the default framing. `seq` tells requests apart.
   */
  pendingCamera: { pose: CameraPose | null; hash: string; seq: number } | null;
}

export const useShareStore = create<ShareState>()(() => ({ pendingCamera: null }));

/** Filled by the view: the current camera pose, or null before the scene is up. */
export const cameraBridge: { get: () => CameraPose | null } = { get: () => null };

export const DEBOUNCE_MS = 300;
const presets = (id: string): unknown => PRESETS.get(id);

/** `?embed=1`: only the 3D view and legend, and no history entries (iframes share the parent's). */
export const embedMode = (): boolean =>
  typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('embed') === '1';

/** Whether the camera was placed by the user (or a link); otherwise links leave it to the default framing. */
let cameraUser = false;
/** Inside applyShared: store changes are ours, not the user's. */
let applying = false;
/** A selection from a link, waiting for the scene of `hash`. */
let pendingSelection: { hash: string; selection: NonNullable<ViewState['selection']> } | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;
let pendingMode: 'push' | 'replace' | null = null;
let cameraSeq = 0;

const round = (v: number) => Math.round(v * 1000) / 1000;
const roundVec = (v: Vec3): Vec3 => [round(v[0]), round(v[1]), round(v[2])];

/** The view as a link carries it. */
export function currentView(): ViewState {
  const st = useStore.getState();
  const view: ViewState = {};
  if (cameraUser) {
    const pose = cameraBridge.get();
    if (pose) view.camera = { position: roundVec(pose.position), target: roundVec(pose.target) };
  }
  const sel = st.selection;
  if (sel && sel.kind !== 'bundle') view.selection = { kind: sel.kind, index: sel.id };
  const hidden = TIERS.filter((_, i) => st.tierVisible[i] === false);
  if (hidden.length) view.hiddenTiers = [...hidden];
  const tour = useTour.getState();
  if (tour.tourId) view.tour = { id: tour.tourId, step: tour.step };
  return view;
}

/** The share hash (with `#`) for what is on screen now. */
export function currentHash(): string {
  const st = useStore.getState();
  return encodeShare(st.scenario, currentView(), st.presetId, presets);
}

/** The page URL carrying `hash`: ?scene= dropped (the hash names the preset), other parameters kept. */
function urlFor(hash: string): string {
  const url = new URL(window.location.href);
  url.searchParams.delete('scene');
  url.hash = hash;
  return url.toString();
}

function write(mode: 'push' | 'replace'): void {
  const hash = currentHash();
  if (hash.length - 1 > MAX_HASH_CHARS) return; // could not be read back; Share says so
  if (hash === window.location.hash) return;
  const url = urlFor(hash);
  if (mode === 'push' && !embedMode()) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/** Asks for a hash update after the debounce; a push pending wins over a replace. */
function schedule(mode: 'push' | 'replace'): void {
  if (applying) return;
  pendingMode = pendingMode === 'push' || mode === 'push' ? 'push' : 'replace';
  if (timer) clearTimeout(timer);
  timer = setTimeout(flush, DEBOUNCE_MS);
}

function flush(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  const mode = pendingMode;
  pendingMode = null;
  if (mode) write(mode);
}

/**
 * The link to share: writes any pending edit now, then returns the page URL, or null when the
 * scenario is too large for a link (export it as JSON instead).
 */
export function shareUrl(): string | null {
  flush();
  const hash = currentHash();
  if (hash.length - 1 > MAX_HASH_CHARS) return null;
  if (hash !== window.location.hash) write('replace');
  return urlFor(hash);
}

// ---- camera events from the view ----

/** The user moved the camera (orbit, pan, zoom, fly to): the pose now belongs in the link. */
export function cameraMoved(): void {
  cameraUser = true;
  if (useShareStore.getState().pendingCamera) useShareStore.setState({ pendingCamera: null });
  schedule('replace');
}

/** The camera went to the default framing (new fabric, or Fit): links leave the camera out. */
export function cameraFitted(userAsked: boolean): void {
  if (useShareStore.getState().pendingCamera) return; // a link's pose follows
  cameraUser = false;
  if (userAsked || window.location.hash.length > 1) schedule('replace');
}

/** Whether the camera still shows the default framing (nobody moved it, no link pose is pending). */
export function cameraAtDefault(): boolean {
  return !cameraUser && !useShareStore.getState().pendingCamera;
}

/** The rig applied the pending pose of request `seq`. */
export function cameraApplied(seq: number): void {
  const p = useShareStore.getState().pendingCamera;
  if (!p || p.seq !== seq) return;
  cameraUser = p.pose !== null;
  useShareStore.setState({ pendingCamera: null });
}

// ---- reading links ----

function selectionProblem(sel: NonNullable<ViewState['selection']>): Pick | Problem {
  const f = useStore.getState().scene?.fabric;
  const count = !f
    ? 0
    : sel.kind === 'rack'
      ? f.rackCount
      : sel.kind === 'server'
        ? f.serverCount
        : sel.kind === 'node'
          ? f.nodeCount
          : f.linkCount;
  if (sel.index < count) return { kind: sel.kind, id: sel.index };
  return {
    path: 'view.selection',
    message: `${sel.kind} ${sel.index} does not exist in this fabric (it has ${count}); nothing selected`,
  };
}

function applyPendingSelection(): void {
  const p = pendingSelection;
  const st = useStore.getState();
  if (!p || st.scene?.hash !== p.hash) return;
  pendingSelection = null;
  const r = selectionProblem(p.selection);
  const wasApplying = applying;
  applying = true;
  try {
    if ('kind' in r) st.select(r);
    else useStore.setState((s) => ({ problems: [...s.problems, r] }));
  } finally {
    applying = wasApplying;
  }
}

/** Opens a decoded link (or a history entry): scenario, then the view once its scene is drawn. */
export function applyShared(shared: Shared): void {
  applying = true;
  try {
    if (timer) clearTimeout(timer);
    timer = null;
    pendingMode = null;
    const st = useStore.getState();
    const target = scenarioHash(shared.scenario);
    const problems = [...shared.problems];
    if (target !== st.hash) st.open(shared.scenario, shared.presetId, problems);
    else useStore.setState({ presetId: shared.presetId, problems });

    const view = shared.view;
    const hidden = new Set<string>(view.hiddenTiers ?? []);
    for (const t of hidden)
      if (!(TIERS as readonly string[]).includes(t))
        problems.push({ path: 'view.hiddenTiers', message: `no tier named "${t}"; ignored` });
    const tierVisible = TIERS.map((t) => !hidden.has(t));

    // A tour step opens its own scenario (the same one, unless edited since) and flies its camera.
    const tour = useTour.getState();
    let touring = false;
    if (view.tour) {
      touring = tour.startTour(view.tour.id, view.tour.step);
      if (!touring) problems.push({ path: 'view.tour', message: `no tour named "${view.tour.id}"; ignored` });
    } else if (tour.tourId) tour.stopTour();

    const cur = useStore.getState();
    const shown = cur.hash; // the tour may have opened its step's scenario
    const patch: Partial<FabricState> = {};
    if (tierVisible.some((v, i) => v !== cur.tierVisible[i])) patch.tierVisible = tierVisible;
    if (problems.length !== shared.problems.length)
      patch.problems = [...cur.problems, ...problems.slice(shared.problems.length)];
    if (Object.keys(patch).length) useStore.setState(patch);

    pendingSelection = view.selection ? { hash: shown, selection: view.selection } : null;
    if (!view.selection && cur.selection) cur.select(null);
    cameraUser = Boolean(view.camera) && !touring;
    useShareStore.setState({
      pendingCamera: touring ? null : { pose: view.camera ?? null, hash: shown, seq: ++cameraSeq },
    });
    applyPendingSelection();
  } finally {
    applying = false;
  }
}

/** The state of the current location: its hash, else ?scene=ID, else the default preset. */
function locationState(): Shared {
  const hash = window.location.hash;
  if (hash.length > 1) return decodeShare(hash, presets, DEFAULT_PRESET);
  const id = new URLSearchParams(window.location.search).get('scene');
  const known = id !== null && PRESETS.has(id);
  const presetId = known ? id : DEFAULT_PRESET;
  const problems: Problem[] =
    id !== null && !known ? [{ path: 'scene', message: `no preset named "${id}"; the default opened` }] : [];
  const r = restore(PRESETS.get(presetId));
  return { scenario: r.scenario, presetId, view: {}, problems: [...problems, ...r.problems] };
}

/** At startup: opens the link in the hash, if there is one (a hash wins over ?scene=). */
export function openFromLocation(): boolean {
  if (window.location.hash.length <= 1) return false;
  applyShared(locationState());
  return true;
}

let started = false;

/** Starts writing edits to the hash and reading back / forward (once). */
export function startUrlSync(): void {
  if (started) return;
  started = true;
  window.addEventListener('popstate', () => applyShared(locationState()));
  useStore.subscribe((st, prev) => {
    if (st.scene !== prev.scene) applyPendingSelection();
    if (applying) return;
    if (st.scenario !== prev.scenario || st.presetId !== prev.presetId) {
      // The user went elsewhere before a link's view arrived: drop it.
      pendingSelection = null;
      if (useShareStore.getState().pendingCamera) useShareStore.setState({ pendingCamera: null });
      // A playing tour opening its next step's scenario is not a page of its own in history.
      schedule(useTour.getState().playing ? 'replace' : 'push');
    } else if (st.tierVisible !== prev.tierVisible) schedule('push');
    else if (st.selection !== prev.selection) schedule('replace');
  });
  useTour.subscribe((t, prev) => {
    if (t.tourId === prev.tourId && t.step === prev.step) return;
    // Autoplay replaces the entry; starting a tour or stepping by hand adds one, so Back steps back.
    schedule(t.playing && prev.playing && t.tourId === prev.tourId ? 'replace' : 'push');
  });
}
