// The 3D area: one view, or in compare mode two synchronized views side by side labelled A and
// B. The main view stays mounted when the split opens or closes (its pane only narrows).

import { useStore } from '../state/store';
import { useCompare } from '../state/compare';
import { useSolve } from '../state/solve';
import { CompareCanvas } from '../view/CompareCanvas';
import { SceneCanvas, softwareRenderer } from '../view/SceneCanvas';
import './solve.css';

let software: boolean | null = null;

function SideLabel({ side, label }: { side: 'a' | 'b'; label: string }) {
  const hash = useStore((s) => s.hash);
  const hashB = useCompare((s) => s.hashB);
  const h = side === 'a' ? hash : hashB;
  const solved = useSolve((s) => (h ? !!s.results[h] : false));
  const draws = useCompare((s) => s.statsB.drawCalls);
  const drawsA = useStore((s) => s.stats.drawCalls);
  return (
    <div className={`side-label side-${side}`} data-testid={`label-${side}`} data-solved={solved}>
      <b className={`side-tag ${side}`}>{side.toUpperCase()}</b> {label}
      <span className="muted"> · {side === 'a' ? drawsA : draws} draw calls</span>
    </div>
  );
}

export function Viewports() {
  const cmp = useStore((s) => s.scenario.compare);
  const sceneB = useCompare((s) => s.sceneB);
  software ??= softwareRenderer();
  return (
    <div className={`panes ${cmp ? 'split' : ''}`}>
      <div className="pane pane-a" data-testid="view-a">
        <SceneCanvas />
        {cmp && <SideLabel side="a" label={cmp.labelA} />}
      </div>
      {cmp && (
        <div className="pane pane-b" data-testid="view-b">
          {sceneB ? <CompareCanvas software={software} /> : <div className="pane-wait">Placing side B…</div>}
          <SideLabel side="b" label={cmp.labelB} />
        </div>
      )}
    </div>
  );
}
