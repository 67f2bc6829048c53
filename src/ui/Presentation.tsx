// Presentation mode's own layer: the scenario's name and a few big KPI cards over the
// full-window 3D view (the tour caption card grows with it), and a discreet way out.

import { captionKeys } from '../model/tour';
import { useStore } from '../state/store';
import { useCompare } from '../state/compare';
import { useSolve } from '../state/solve';
import { currentStep, sideBBom, tourSolves, useTour } from '../state/tour';
import { fmtDuration } from '../model/caption-figures';
import { fmtInt, fmtPct, fmtWatts } from './format';
import './tour.css';

/** Caption figures that are the solve's. */
const SOLVE_KEYS = /^(b\.|delta\.)?(collectiveTime|busBandwidth|lambda|maxUtilization|collectiveTimeChange)$/;

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
  const hash = useStore((s) => s.hash);
  // The collective's time once the solve lands (the tour's sides, else the scenario on screen).
  const results = useSolve((s) => s.results);
  const [tourA, tourB] = tourSolves(tourHash);
  const solveA = tourHash ? tourA : results[hash]?.summary;
  if (!presenting) return null;
  const cur = currentStep({ tourId, step });
  // A step that compares two sides shows side B's figures next to A's.
  const keys = cur ? captionKeys(cur.step.caption) : [];
  const compared = !!bomB && keys.some((k) => /^(b|delta)\./.test(k));
  // The solve's card: outside a tour when solved; in a tour on the steps whose caption is about it.
  const timed = !!solveA && (!cur || keys.some((k) => SOLVE_KEYS.test(k)));
  const cards: [string, string, string, string | null][] = bom
    ? [
        ['gpus', 'GPUs', fmtInt(bom.gpus), null],
        // Five cards fit beside the caption: the solve's time takes the links' place.
        ...(timed
          ? []
          : [['links', 'Links', fmtInt(bom.links.total), null] as [string, string, string, null]]),
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
        ...(timed && solveA
          ? [
              [
                'collective-time',
                'Collective time',
                fmtDuration(solveA.completionTimeS),
                compared && tourB ? fmtDuration(tourB.completionTimeS) : null,
              ] as [string, string, string, string | null],
            ]
          : []),
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
