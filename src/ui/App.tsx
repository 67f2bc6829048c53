import { PRESETS, presetName } from '../state/presets';
import { useStore } from '../state/store';
import { KpiPanel } from './KpiPanel';
import { ProblemBanner } from './ProblemBanner';

export function App() {
  const scenario = useStore((s) => s.scenario);
  const presetId = useStore((s) => s.presetId);
  const openPreset = useStore((s) => s.openPreset);
  return (
    <div className="app">
      <header className="topbar">
        <h1>FabricScope</h1>
        <label>
          Scenario{' '}
          <select
            value={presetId ?? ''}
            onChange={(e) => {
              openPreset(e.target.value);
              const url = new URL(window.location.href);
              url.searchParams.set('scene', e.target.value);
              window.history.replaceState(null, '', url);
            }}
          >
            {presetId === null && <option value="">(custom)</option>}
            {[...PRESETS.keys()].map((id) => (
              <option key={id} value={id}>
                {presetName(id)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <ProblemBanner />
      <main>
        <h2 data-testid="scenario-name">{scenario.name}</h2>
        {scenario.source && <p className="source">Source: {scenario.source}</p>}
        <KpiPanel />
      </main>
    </div>
  );
}
