// Compare mode panel: the question, the two labels, the highlight toggles and the delta table
// of B against A (compareFigures over both sides' BOM, worst-path latency and solve), each row's
// tooltip naming how it is computed and the sources of its inputs. Outside compare mode: buttons
// that start a comparison from the current scenario (they write scenario.compare).

import { useEffect, useMemo } from 'react';
import { compareFigures, type DeltaRow, type SideFigures } from '../model/compare';
import { matchCounts, matchLinksCached } from '../model/linkMatch';
import type { Scenario } from '../model/scenario';
import type { SolveSummary } from '../solver';
import { useCompare } from '../state/compare';
import { figuresKey, requestWorstPath, useFigures } from '../state/figures';
import { endCompare, startCompare, useSolve } from '../state/solve';
import { useStore } from '../state/store';
import { diffShown, linkDiff } from '../view/compareDiff';
import { DIFF_COLOR, REACH_COLOR } from '../view/SolveOverlays';
import { rowSources } from './compareSources';
import { fmtFixedOrSig, fmtInt, fmtRate, fmtTime, fmtWatts } from './format';

/** A true minus sign in front of a negative figure (toFixed writes a hyphen). */
const minus = (text: string): string => text.replace(/^-/, '−');

function fmtValue(v: number, unit: string, key: string, signed = false): string {
  return minus(fmtSigned(v, unit, key, signed));
}

function fmtSigned(v: number, unit: string, key: string, signed: boolean): string {
  const sign = signed && v > 0 ? '+' : '';
  if (!Number.isFinite(v)) return '∞';
  switch (unit) {
    case 'W':
      return sign + (v < 0 ? `−${fmtWatts(-v)}` : fmtWatts(v));
    case '%':
      return `${sign}${(v * 100).toFixed(key === 'power.opticsShare' ? 2 : 1)}%`;
    case 's':
      return sign + (v < 0 ? `−${fmtTime(-v)}` : fmtTime(v));
    case 'ns':
      return `${sign}${v.toFixed(0)} ns`;
    case 'GB/s':
      return sign + (v < 0 ? `−${fmtRate(-v)}` : fmtRate(v));
    case 'days':
      return `${sign}${v.toFixed(1)} d`;
    default:
      return key === 'solve.lambda' ? `${sign}${fmtFixedOrSig(v, 3)}` : `${sign}${fmtInt(v)}`;
  }
}

const figuresOf = (s: SolveSummary | undefined) =>
  s && {
    maxUtilization: s.maxUtilization,
    lambda: s.lambda,
    completionTimeS: s.completionTimeS,
    busBwGBs: s.busBwGBs,
  };

/** One-click questions for any scenario: B is the current scenario with these overrides. */
export function quickComparisons(
  s: Scenario,
): { id: string; title: string; compare: NonNullable<Scenario['compare']> }[] {
  const noDsp = [...new Set(s.autoFamilies.map((f) => (f === 'dsp-mm' || f === 'dsp-sm' ? 'lpo' : f)))];
  const mediaNoDsp = Object.fromEntries(
    Object.entries(s.media)
      .filter(([, m]) => m === 'dsp-mm' || m === 'dsp-sm')
      .map(([t]) => [t, 'lpo']),
  );
  return [
    {
      id: 'no-dsp',
      title: 'remove the DSP (LPO)',
      compare: {
        question: `What does replacing every DSP pluggable with linear-drive optics (LPO) change on “${s.name}”?`,
        labelA: 'DSP pluggables',
        labelB: 'Linear-drive (LPO)',
        overrides: { autoFamilies: noDsp, ...(Object.keys(mediaNoDsp).length ? { media: mediaNoDsp } : {}) },
      },
    },
    {
      id: 'cpo',
      title: 'co-packaged optics',
      compare: {
        question: `What do co-packaged optics on the switches change on “${s.name}”?`,
        labelA: 'Pluggable optics',
        labelB: 'Co-packaged optics (CPO)',
        overrides: { media: { leaf: 'cpo', spine: 'cpo', core: 'cpo' } },
      },
    },
    {
      id: 'placement',
      title: s.floor.leafPlacement === 'top-of-rack' ? 'end-of-row leaves' : 'top-of-rack leaves',
      compare: {
        question: `What does moving the leaves ${s.floor.leafPlacement === 'top-of-rack' ? 'to the end of the row' : 'into the racks'} change on “${s.name}”?`,
        labelA: s.floor.leafPlacement === 'top-of-rack' ? 'Top-of-rack leaves' : 'End-of-row leaves',
        labelB: s.floor.leafPlacement === 'top-of-rack' ? 'End-of-row leaves' : 'Top-of-rack leaves',
        overrides: {
          floor: { leafPlacement: s.floor.leafPlacement === 'top-of-rack' ? 'end-of-row' : 'top-of-rack' },
        },
      },
    },
  ];
}

/** Digits that are all zero ("+0.0 GB/s", "−0 ns"): a change too small to print. */
const printsAsZero = (text: string) => !/[1-9∞]/.test(text);

/** B − A as printed, "—" when there is none to print. */
function deltaText(r: DeltaRow): string {
  if (r.delta === 0) return '—';
  const text = fmtValue(r.delta, r.unit, r.key, true);
  return printsAsZero(text) ? '—' : text;
}

/** The relative change; below 0.005% "<0.01%" rather than a signed "0.00%". */
function pctText(r: DeltaRow): string {
  if (r.pct === null || r.delta === 0) return '';
  const text = `${r.pct > 0 ? '+' : ''}${(r.pct * 100).toFixed(2)}%`;
  return printsAsZero(text) ? '<0.01%' : minus(text);
}

function DeltaTable({ rows, tips }: { rows: DeltaRow[]; tips: Map<string, string> }) {
  const labelA = useStore((s) => s.scenario.compare?.labelA ?? 'A');
  const labelB = useStore((s) => s.scenario.compare?.labelB ?? 'B');
  return (
    <table className="delta-table" data-testid="delta-table">
      <thead>
        <tr>
          <th>figure</th>
          <th title={labelA}>A</th>
          <th title={labelB}>B</th>
          <th>B − A</th>
          <th>%</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr
            key={r.key}
            data-key={r.key}
            // A change that prints as nothing is not coloured as one.
            className={deltaText(r) === '—' ? 'same' : r.verdict}
            title={tips.get(r.key)}
          >
            <th scope="row">{r.label}</th>
            <td data-col="a" data-value={r.a}>
              {fmtValue(r.a, r.unit, r.key)}
            </td>
            <td data-col="b" data-value={r.b}>
              {fmtValue(r.b, r.unit, r.key)}
            </td>
            <td data-col="delta" data-value={r.delta}>
              {deltaText(r)}
            </td>
            <td data-col="pct" data-value={r.pct ?? ''}>
              {pctText(r)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ComparePanel() {
  const scenario = useStore((s) => s.scenario);
  const hash = useStore((s) => s.hash);
  const sceneA = useStore((s) => s.scene);
  const cmp = scenario.compare;
  const {
    sceneB,
    hashB,
    scenarioB,
    phaseB,
    errorB,
    showDiff,
    showInfeasible,
    setShowDiff,
    setShowInfeasible,
  } = useCompare();
  const resA = useSolve((s) => s.results[hash]);
  const resB = useSolve((s) => (hashB ? s.results[hashB] : undefined));
  const progressB = useSolve((s) => (s.b.hash === hashB ? s.b.progress : null));
  const errB = useSolve((s) => (s.b.hash === hashB ? s.b.error : null));
  const wp = useFigures((s) => s.worstPathNs);

  useEffect(() => {
    if (!cmp) return;
    if (sceneA) requestWorstPath(figuresKey(sceneA), scenario, sceneA);
    if (sceneB && scenarioB) requestWorstPath(figuresKey(sceneB), scenarioB, sceneB);
  }, [cmp, sceneA, sceneB, scenario, scenarioB]);

  const bCurrent = !!sceneB && sceneB.hash === hashB;
  const aCurrent = !!sceneA && sceneA.hash === hash;
  const failedIds = scenario.traffic.failedLinks;
  // Failed links are found on B by their devices' names (B may be another fabric).
  const failedOnB = useMemo(() => {
    if (!aCurrent || !bCurrent || !sceneA || !sceneB || !failedIds.length) return null;
    return matchCounts(sceneA.fabric, failedIds, matchLinksCached(sceneA.fabric, sceneB.fabric, failedIds));
  }, [aCurrent, bCurrent, failedIds, sceneA, sceneB]);
  const rows = useMemo(() => {
    if (!cmp || !sceneA || !sceneB || !aCurrent || !bCurrent) return null;
    const a: SideFigures = {
      bom: sceneA.analysis.bom,
      worstPathNs: wp[figuresKey(sceneA)],
      solve: figuresOf(resA?.summary),
    };
    const b: SideFigures = {
      bom: sceneB.analysis.bom,
      worstPathNs: wp[figuresKey(sceneB)],
      solve: figuresOf(resB?.summary),
    };
    return compareFigures(a, b);
  }, [cmp, sceneA, sceneB, aCurrent, bCurrent, wp, resA, resB]);

  const tips = useMemo(() => {
    const m = new Map<string, string>();
    if (!rows || !scenarioB) return m;
    for (const r of rows) {
      const src = rowSources(r.key, { scenario, scene: sceneA }, { scenario: scenarioB, scene: sceneB });
      m.set(
        r.key,
        [`${r.label}: ${r.how}`, ...(src.length ? ['Sources:', ...src.map((x) => `• ${x}`)] : [])].join('\n'),
      );
    }
    return m;
  }, [rows, scenario, scenarioB, sceneA, sceneB]);

  const diff = useMemo(
    () => (cmp && sceneA && sceneB ? linkDiff(sceneA, sceneB, cmp.overrides) : null),
    [cmp, sceneA, sceneB],
  );

  const linkCount = sceneA?.fabric.linkCount ?? 0;
  const diffOn = diffShown(showDiff, diff, linkCount);
  const diffMostly = !!diff && !diffShown(null, diff, linkCount);

  if (!cmp) return null;

  return (
    <section className="compare-panel" aria-label="Comparison" data-testid="compare-panel">
      <div className="compare-head">
        <h3>Comparison</h3>
        <button type="button" className="btn" onClick={endCompare} data-testid="end-compare">
          End
        </button>
      </div>
      <p className="compare-question" data-testid="compare-question">
        {cmp.question}
      </p>
      <p className="compare-sides small">
        <b className="side-tag">A</b> {cmp.labelA} · <b className="side-tag b">B</b> {cmp.labelB}
      </p>
      <div className="compare-toggles small">
        <label>
          <input
            type="checkbox"
            checked={diffOn}
            onChange={(e) => setShowDiff(e.target.checked)}
            data-testid="toggle-diff"
          />
          <span className="sw" style={{ background: DIFF_COLOR }} />
          highlight what B changes
          {diff && (
            <span className="muted">
              {' '}
              ({diff.how === 'per-link' ? `${fmtInt(diff.countA)} links` : `tiers: ${diff.tiers.join(', ')}`}
              {diffMostly && showDiff === null ? '; most of the fabric, so off until you turn it on' : ''})
            </span>
          )}
        </label>
        <label>
          <input
            type="checkbox"
            checked={showInfeasible}
            onChange={(e) => setShowInfeasible(e.target.checked)}
          />
          <span className="sw dashed" style={{ borderColor: REACH_COLOR }} />
          mark links the medium cannot reach
          <span className="muted">
            {' '}
            (A {fmtInt(sceneA?.analysis.media.infeasibleCount ?? 0)}, B{' '}
            {fmtInt(sceneB?.analysis.media.infeasibleCount ?? 0)})
          </span>
        </label>
      </div>
      {failedOnB && failedOnB.unmatched > 0 && (
        <p className="muted small" data-testid="compare-failed-unmatched">
          {fmtInt(failedOnB.unmatched)} of {fmtInt(failedOnB.of)} failed links{' '}
          {failedOnB.unmatched === 1 ? 'has' : 'have'} no counterpart on side B (no link between the same two
          devices there): B solves without {failedOnB.unmatched === 1 ? 'it' : 'them'}.
        </p>
      )}
      {(phaseB === 'placing' || !bCurrent) && phaseB !== 'error' && (
        <p className="muted small" data-testid="compare-b-status">
          <span className="spinner inline" /> Placing side B…
        </p>
      )}
      {progressB !== null && (
        <div className="solve-progress small">
          <div className="bar">
            <div style={{ width: `${Math.round(progressB * 100)}%` }} />
          </div>
          <span>Solving B… {Math.round(progressB * 100)}%</span>
        </div>
      )}
      {(errorB || errB) && (
        <div className="solve-error" role="alert">
          Side B: {errorB ?? errB}
        </div>
      )}
      {rows && <DeltaTable rows={rows} tips={tips} />}
      <p className="muted small">
        Green: B better, red: B worse. Hover a row for how it is computed and where its inputs come from.
      </p>
    </section>
  );
}

/** Buttons that start a comparison from the current scenario (outside compare mode). */
export function CompareStart() {
  const scenario = useStore((s) => s.scenario);
  if (scenario.compare) return null;
  return (
    <section className="compare-start" aria-label="Start a comparison">
      <h3>Compare</h3>
      <div className="compare-buttons">
        {quickComparisons(scenario).map((q) => (
          <button
            key={q.id}
            type="button"
            className="btn"
            data-compare={q.id}
            onClick={() => startCompare(q.compare)}
            title={q.compare.question}
          >
            → {q.title}
          </button>
        ))}
      </div>
    </section>
  );
}
