import { useEffect } from 'react';
import { PRESETS, presetName } from '../state/presets';
import { useStore } from '../state/store';
import { embedMode } from '../state/url-sync';
import { DropZone } from './DropZone';
import { EmbedApp } from './Embed';
import { ExportMenu } from './ExportMenu';
import { ShareButton } from './SharePanel';
import { SourcesPanel } from './SourcesPanel';
import { ComparePanel, CompareStart } from './ComparePanel';
import { SolvePanel, SolveStatus } from './SolvePanel';
import { Viewports } from './Viewports';
import { KpiPanel } from './KpiPanel';
import { ProblemBanner } from './ProblemBanner';
import { DetailsPanel, HelpOverlay, Hud, Legend, SearchBox, Tooltip } from './ScenePanels';
import { PresentationOverlay } from './Presentation';
import { TourControls, TourPlayer } from './TourPlayer';

/** Keyboard shortcuts (listed in the help overlay). Ignored while typing in a field. */
function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const st = useStore.getState();
      const k = e.key;
      if (k === '?') st.toggleHelp();
      else if (k === 'Escape') {
        if (st.help) st.toggleHelp(false);
        else st.select(null);
      } else if (k === 'h' || k === 'H') st.toggleHud();
      else if (k === 'f' || k === 'F') st.fit();
      else if (k === 'g' || k === 'G') st.flyToSelection();
      else if (k === 'm' || k === 'M') st.toggleDragMode();
      else if (k === 'c' || k === 'C') {
        const modes = (['medium', 'tier', 'utilization'] as const).filter(
          (m) => m !== 'utilization' || (st.linkUtilization && st.utilizationHash === st.hash),
        );
        st.setColorMode(modes[(modes.indexOf(st.colorMode as (typeof modes)[number]) + 1) % modes.length]);
      } else if (k === '/') {
        e.preventDefault();
        document.getElementById('search')?.focus();
      } else if (/^[1-7]$/.test(k)) st.toggleTier(Number(k) - 1);
      else return;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

function StatusLine() {
  const phase = useStore((s) => s.phase);
  const error = useStore((s) => s.error);
  const dragMode = useStore((s) => s.dragMode);
  if (phase === 'error')
    return (
      <div className="status error" role="alert" data-testid="scene-error">
        The scene could not be built: {error}
      </div>
    );
  return (
    <div className="status" data-phase={phase}>
      {phase === 'placing' || phase === 'loading' ? <span className="spinner" aria-hidden /> : null}
      {phase === 'placing' || phase === 'loading'
        ? 'Placing racks…'
        : dragMode
          ? 'Move mode: drag racks (M to leave)'
          : ''}
    </div>
  );
}

export function App() {
  const scenario = useStore((s) => s.scenario);
  const presetId = useStore((s) => s.presetId);
  const openPreset = useStore((s) => s.openPreset);
  const toggleHelp = useStore((s) => s.toggleHelp);
  const fit = useStore((s) => s.fit);
  const dragMode = useStore((s) => s.dragMode);
  const toggleDragMode = useStore((s) => s.toggleDragMode);
  useShortcuts();
  if (embedMode()) return <EmbedApp />;
  return (
    <div className="app">
      <header className="topbar">
        <h1>FabricScope</h1>
        <label>
          Scenario{' '}
          <select value={presetId ?? ''} onChange={(e) => openPreset(e.target.value)}>
            {presetId === null && <option value="">(custom)</option>}
            {[...PRESETS.keys()].map((id) => (
              <option key={id} value={id}>
                {presetName(id)}
              </option>
            ))}
          </select>
        </label>
        <SearchBox />
        <div className="topbar-actions">
          <TourControls />
          <button type="button" className="btn" onClick={fit} title="Fit the whole cluster (F)">
            Fit
          </button>
          <button
            type="button"
            className={`btn ${dragMode ? 'on' : ''}`}
            aria-pressed={dragMode}
            onClick={() => toggleDragMode()}
            title="Drag racks on the floor (M, or Shift-drag)"
          >
            Move racks
          </button>
          <ShareButton />
          <ExportMenu />
          <SourcesPanel />
          <button type="button" className="btn" onClick={() => toggleHelp()} title="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
      </header>
      <ProblemBanner />
      <div className="workspace">
        <aside className="sidebar">
          <h2 data-testid="scenario-name">{scenario.name}</h2>
          {scenario.source && <p className="source">Source: {scenario.source}</p>}
          <KpiPanel />
          <ComparePanel />
          <SolvePanel />
          <Legend />
          <CompareStart />
        </aside>
        <section className="viewport" aria-label="3D view of the fabric">
          <Viewports />
          <StatusLine />
          <SolveStatus />
          <Tooltip />
          <DetailsPanel />
          <Hud />
          <PresentationOverlay />
          <TourPlayer />
        </section>
      </div>
      <HelpOverlay />
      <DropZone />
    </div>
  );
}
