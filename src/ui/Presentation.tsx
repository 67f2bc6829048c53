// Presentation mode's own layer: the scenario's name and a few big KPI cards over the
// full-window 3D view (the tour caption card grows with it), and a discreet way out.

import { captionKeys } from '../model/tour';
import { useStore } from '../state/store';
import { useCompare } from '../state/compare';
import { currentStep, sideBBom, useTour } from '../state/tour';
import { fmtInt, fmtPct, fmtWatts } from './format';
import './tour.css';

export function PresentationOverlay() {
  const presenting = useTour((s) => s.presenting);
  const tourId = useTour((s) => s.tourId);
  const step = useTour((s) => s.step);
  const tourHash = useTour((s) => s.hash);
  // Re-read side B whenever compare mode's B scene arrives.
  useCompare((s) => s.sceneB);
  const bomB = sideBBom(tourHash);
  const bom = useStore((s) => s.scene?.analysis.bom);
  const name = useStore((s) => s.scenario.name);
  if (!presenting) return null;
  const cur = currentStep({ tourId, step });
  // A step that compares two sides shows side B's figures next to A's.
  const compared = !!bomB && !!cur && captionKeys(cur.step.caption).some((k) => /^(b|delta)\./.test(k));
  const cards: [string, string, string, string | null][] = bom
    ? [
        ['gpus', 'GPUs', fmtInt(bom.gpus), null],
        ['links', 'Links', fmtInt(bom.links.total), null],
        [
          'transceivers',
          'Transceivers',
          fmtInt(bom.transceivers + bom.cpoPorts),
          compared && bomB ? fmtInt(bomB.transceivers + bomB.cpoPorts) : null,
        ],
        [
          'power',
          'Total power',
          fmtWatts(bom.power.totalW),
          compared && bomB ? fmtWatts(bomB.power.totalW) : null,
        ],
        [
          'optics-share',
          'Optics share of power',
          fmtPct(bom.power.opticsShare, 1),
          compared && bomB ? fmtPct(bomB.power.opticsShare, 1) : null,
        ],
      ]
    : [];
  return (
    <div className="present-layer" data-testid="presentation">
      <header className="present-head">
        <div className="present-brand">FabricScope</div>
        <div className="present-name">{name}</div>
      </header>
      <section className="present-kpis" aria-label="Key figures">
        {cards.map(([id, label, a, b]) => (
          <div className="present-kpi" key={id} data-kpi={id}>
            <div className="present-kpi-value">
              {a}
              {b !== null && (
                <span className="present-kpi-then">
                  <span className="present-kpi-arrow">→ </span>
                  <span className="present-kpi-b">{b}</span>
                </span>
              )}
            </div>
            <div className="present-kpi-label">{label}</div>
          </div>
        ))}
      </section>
      <button
        type="button"
        className="present-exit"
        onClick={() => useTour.getState().togglePresentation(false)}
        title="Leave presentation mode (P or Esc)"
      >
        Exit presentation
      </button>
    </div>
  );
}
