// The solve panel: traffic controls (through restore()), solve progress and errors, the summary,
// per-tier utilization histograms with the colour scale, the bottleneck links (click: select and
// fly to), and failure injection (fail the selection with the button or X; restore).

import { useEffect } from 'react';
import { nodeName, TIERS } from '../model/fabric';
import { ROUTING_MODES, TRAFFIC_PATTERNS } from '../model/scenario';
import type { SolveSummary } from '../solver';
import { HISTOGRAM_BINS } from '../solver/stats';
import { failLinks, linksOfPick, restoreLinks, retrySolve, setTraffic, useSolve } from '../state/solve';
import { FlowsField, MessageField, NumberField } from './TrafficFields';
import { useStore } from '../state/store';
import { FAILED_COLOR, OVER_COLOR, TIER_COLOR, UTIL_STOPS } from '../view/colors';
import { fmtFixedOrSig, fmtInt, fmtRate, fmtTime } from './format';
import './solve.css';

const PATTERN_LABEL: Record<(typeof TRAFFIC_PATTERNS)[number], string> = {
  'ring-allreduce': 'ring all-reduce',
  'hierarchical-allreduce': 'hierarchical all-reduce',
  'all-gather': 'all-gather',
  'reduce-scatter': 'reduce-scatter',
  'all-to-all': 'all-to-all (MoE)',
  permutation: 'random permutation',
  pipeline: 'pipeline stages',
  custom: 'custom flows',
};
const ROUTING_LABEL: Record<(typeof ROUTING_MODES)[number], string> = {
  ecmp: 'ECMP (equal split)',
  'ecmp-hash': 'ECMP (hashed, one path)',
  shortest: 'shortest path',
};

export function fmtBytes(b: number): string {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (b >= 1024 && i < u.length - 1) {
    b /= 1024;
    i++;
  }
  return `${Number.isInteger(b) ? b : b.toFixed(1)} ${u[i]}`;
}

/** "a b" of every device pair listed more than once. */
function duplicatePairs(list: readonly { a: string; b: string }[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const { a, b } of list) {
    const k = `${a} ${b}`;
    if (seen.has(k)) twice.add(k);
    seen.add(k);
  }
  return twice;
}

/** Share of the collective's time spent in the latency term (per-step latency × steps). */
function latencyShare(s: SolveSummary): number {
  if (!(s.completionTimeS > 0) || !Number.isFinite(s.completionTimeS)) return 0;
  return s.phases.reduce((t, p) => t + p.latencyS, 0) / s.completionTimeS;
}

export const fmtUtil = (u: number): string => `${(u * 100).toFixed(1)}%`;

/** Colour of a utilization on the map (the same stops the links use). */
export function utilCss(u: number): string {
  if (u > 1 + 1e-6) return OVER_COLOR;
  const x = Math.max(0, Math.min(1, u));
  let i = 1;
  while (i < UTIL_STOPS.length - 1 && x > UTIL_STOPS[i][0]) i++;
  return x - UTIL_STOPS[i - 1][0] < UTIL_STOPS[i][0] - x ? UTIL_STOPS[i - 1][1] : UTIL_STOPS[i][1];
}

export function UtilScale() {
  return (
    <div className="util-scale" aria-label="Utilization colour scale">
      <div
        className="util-ramp"
        style={{
          background: `linear-gradient(90deg, ${UTIL_STOPS.map(([u, c]) => `${c} ${u * 100}%`).join(', ')})`,
        }}
      />
      <span className="sw-over" style={{ background: OVER_COLOR }} title="above 100%" />
      <div className="util-ticks">
        <span>0%</span>
        <span>50%</span>
        <span>100%</span>
        <span className="over">&gt;100%</span>
      </div>
    </div>
  );
}

/** A histogram bin in words: "95–100%", "above 100%". */
const binName = (i: number): string => (i === HISTOGRAM_BINS - 1 ? 'above 100%' : `${i * 5}–${i * 5 + 5}%`);

/** What the bars show, for screen readers: the non-empty bins, busiest first. */
function histogramWords(tier: string, counts: Uint32Array): string {
  const bins: string[] = [];
  for (let i = counts.length - 1; i >= 0; i--)
    if (counts[i]) bins.push(`${fmtInt(counts[i])} ${counts[i] === 1 ? 'link' : 'links'} at ${binName(i)}`);
  return `${tier} utilization: ${bins.length ? bins.join(', ') : 'no links'}`;
}

function Histograms({ hist }: { hist: { tier: string; counts: Uint32Array }[] }) {
  return (
    <div className="histograms" data-testid="histograms">
      {hist.map((h) => {
        const max = Math.max(1, ...h.counts);
        const total = h.counts.reduce((a, b) => a + b, 0);
        return (
          <div className="hist" key={h.tier} data-tier={h.tier}>
            <div className="hist-head">
              <span className="sw" style={{ background: TIER_COLOR[h.tier as (typeof TIERS)[number]] }} />
              {h.tier} <span className="muted">· {fmtInt(total)} links</span>
            </div>
            <div className="hist-bars" role="img" aria-label={histogramWords(h.tier, h.counts)}>
              {[...h.counts].map((c, i) => (
                <div
                  key={i}
                  className="hist-bar"
                  title={`${binName(i)}: ${fmtInt(c)} links`}
                  style={{
                    height: c ? `${Math.max(6, (Math.sqrt(c) / Math.sqrt(max)) * 100)}%` : 0,
                    background: i === HISTOGRAM_BINS - 1 ? OVER_COLOR : utilCss((i + 0.5) / 20),
                  }}
                />
              ))}
            </div>
          </div>
        );
      })}
      <div className="hist-axis muted">
        <span>0%</span>
        <span>50%</span>
        <span>100% · over</span>
      </div>
    </div>
  );
}

export function SolvePanel() {
  const traffic = useStore((s) => s.scenario.traffic);
  const hash = useStore((s) => s.hash);
  const phase = useStore((s) => s.phase);
  const selection = useStore((s) => s.selection);
  const scene = useStore((s) => s.scene);
  const labelA = useStore((s) => s.scenario.compare?.labelA ?? null);
  const select = useStore((s) => s.select);
  const side = useSolve((s) => s.a);
  const result = useSolve((s) => s.results[hash]) ?? null;
  const solving = side.progress !== null && side.hash === hash;
  const canFail =
    !!selection && (selection.kind === 'link' || selection.kind === 'bundle' || selection.kind === 'node');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === 'x' || e.key === 'X') failLinks(linksOfPick());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const s = result?.summary;
  // Parallel cables between the same two devices read alike: those listed twice show their link.
  const parallel = duplicatePairs(s?.bottlenecks ?? []);
  const f = scene?.fabric;
  const linkName = (l: number) =>
    f && l < f.linkCount ? `${nodeName(f, f.linkA[l])} ↔ ${nodeName(f, f.linkB[l])}` : `link ${l}`;

  return (
    <section className="solve-panel" aria-label="Traffic and solve" data-testid="solve-panel">
      <h3>Traffic</h3>
      <div className="traffic-controls">
        <label>
          Pattern
          <select
            value={traffic.pattern}
            data-testid="traffic-pattern"
            onChange={(e) => setTraffic({ pattern: e.target.value as typeof traffic.pattern })}
          >
            {TRAFFIC_PATTERNS.map((p) => (
              <option key={p} value={p}>
                {PATTERN_LABEL[p]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Routing
          <select
            value={traffic.routing}
            data-testid="traffic-routing"
            onChange={(e) => setTraffic({ routing: e.target.value as typeof traffic.routing })}
          >
            {ROUTING_MODES.map((p) => (
              <option key={p} value={p}>
                {ROUTING_LABEL[p]}
              </option>
            ))}
          </select>
        </label>
        <MessageField value={traffic.messageBytes} />
        {/* Custom flows name their GPUs: no parallelism mapping applies to them. */}
        {traffic.pattern !== 'custom' && (
          <>
            <NumberField
              field="tensorParallel"
              value={traffic.tensorParallel}
              label="TP group"
              title="Tensor-parallel group size, inside the scale-up domain (0: the whole domain). Data-parallel collectives run between the groups of a stage."
              min={0}
              max={4096}
            />
            <NumberField
              field="pipelineStages"
              value={traffic.pipelineStages}
              label="PP stages"
              title="Pipeline-parallel stages: contiguous blocks of GPUs. Collectives run inside each stage; the pipeline pattern sends activations between neighbouring stages."
              min={1}
              max={4096}
            />
          </>
        )}
        {(traffic.pattern === 'permutation' || traffic.routing === 'ecmp-hash') && (
          <NumberField
            field="seed"
            value={traffic.seed}
            label="Seed"
            title="Seed of the random permutation and of the hashed path choice"
            min={0}
            max={2 ** 31 - 1}
          />
        )}
        {traffic.pattern === 'custom' && <FlowsField flows={traffic.flows} gpus={f?.gpuCount ?? 0} />}
      </div>

      {solving && (
        <div className="solve-progress" data-testid="solve-progress" aria-live="polite">
          <div className="bar">
            <div style={{ width: `${Math.round((side.progress ?? 0) * 100)}%` }} />
          </div>
          <span>Solving… {Math.round((side.progress ?? 0) * 100)}%</span>
        </div>
      )}
      {side.error && side.hash === hash && (
        <div className="solve-error" role="alert" data-testid="solve-error">
          The solve failed: {side.error}. The view and figures still work.{' '}
          <button type="button" data-testid="solve-retry" onClick={retrySolve}>
            Retry
          </button>
        </div>
      )}

      {s && (
        <>
          {labelA !== null && (
            // In a comparison the traffic drives both sides; these figures are side A's (the
            // compare table holds both).
            <p className="small muted" data-testid="solve-side">
              Side A: {labelA}. Both sides in the compare table.
            </p>
          )}
          <dl className="solve-summary" data-testid="solve-summary" data-phase={phase}>
            <div data-fig="lambda">
              <dt title="1 / max utilization. Offered traffic: every transfer at the pace that fills the busiest GPU’s NIC (or its scale-up links); λ is how far that scales before the first link saturates">
                λ (throughput scale)
              </dt>
              <dd>{Number.isFinite(s.lambda) ? fmtFixedOrSig(s.lambda, 3) : '∞'}</dd>
            </div>
            <div data-fig="max-util">
              <dt>Max utilization</dt>
              <dd style={{ color: s.maxUtilization > 1 ? OVER_COLOR : undefined }}>
                {fmtUtil(s.maxUtilization)}
              </dd>
            </div>
            <div data-fig="time">
              <dt title="per phase: latency steps × the worst path's latency (cables at 4.9 ns/m, each link's modules, each switch) + bytes on the bottleneck / its rate">
                Collective time
              </dt>
              <dd className={Number.isFinite(s.completionTimeS) ? '' : 'bad'}>
                {Number.isFinite(s.completionTimeS)
                  ? fmtTime(s.completionTimeS)
                  : 'never (unrouted transfers)'}
                {latencyShare(s) >= 0.5 && (
                  <small className="muted solve-reused" data-testid="latency-share">
                    {(latencyShare(s) * 100).toFixed(1)}% of it latency
                  </small>
                )}
              </dd>
            </div>
            <div data-fig="busbw">
              <dt title="algorithm bandwidth × nccl-tests bus factor">Bus bandwidth</dt>
              <dd>{s.pattern === 'custom' ? '— (not a collective)' : fmtRate(s.busBwGBs)}</dd>
            </div>
            <div data-fig="unrouted">
              <dt>Unrouted demand</dt>
              <dd className={s.unroutedDemand > 0 ? 'bad' : ''}>
                {fmtInt(s.unroutedDemand)} transfers
                {s.unroutedBytes > 0 ? ` (${fmtBytes(s.unroutedBytes)})` : ''}
              </dd>
            </div>
            <div data-fig="flows">
              <dt>Flows → commodities</dt>
              <dd>
                {fmtInt(s.flows)} → {fmtInt(s.commodities)}
              </dd>
            </div>
            <div data-fig="solve-ms">
              <dt>Solve time</dt>
              <dd
                title={
                  stageList(result!.stageMs) +
                  (result!.preparedMs ? `\nahead, while placing: ${stageList(result!.preparedMs)}` : '')
                }
              >
                {/* The stages in a disclosure too: the tooltip alone reaches neither keyboards nor screen readers. */}
                <details className="solve-stages">
                  <summary>{Math.round(result!.solveMs)} ms in the worker</summary>
                  <small className="muted" data-testid="solve-stages">
                    {stageList(result!.stageMs)}
                    {result!.preparedMs ? ` · ahead, while placing: ${stageList(result!.preparedMs)}` : ''}
                  </small>
                </details>
                {result!.preparedMs ? (
                  <small className="muted solve-reused">
                    {'route' in result!.preparedMs ? 'solved ahead' : 'prepared'} while placing (
                    {Math.round(sumMs(result!.preparedMs))} ms)
                  </small>
                ) : (
                  !('graph' in result!.stageMs) && (
                    <small className="muted solve-reused">routing graph reused</small>
                  )
                )}
              </dd>
            </div>
          </dl>
          {s.notes.length > 0 && (
            <ul className="solve-notes small muted">
              {s.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <h4>Link utilization</h4>
          <UtilScale />
          <Histograms hist={result!.histograms} />
          <h4>
            Bottlenecks
            {s.linksAtMax > s.bottlenecks.length && (
              <small className="muted" data-testid="bottleneck-ties">
                {' '}
                · {fmtInt(s.linksAtMax)} links at {fmtUtil(s.maxUtilization)}, {s.bottlenecks.length} listed
              </small>
            )}
          </h4>
          <ol className="bottlenecks" data-testid="bottlenecks">
            {s.bottlenecks.map((b) => (
              <li key={b.link}>
                <button
                  type="button"
                  data-link={b.link}
                  onClick={() => select({ kind: 'link', id: b.link }, true)}
                  className={selection?.kind === 'link' && selection.id === b.link ? 'on' : ''}
                  title="Select this link and fly to it"
                  aria-label={`${b.a} to ${b.b}${parallel.has(`${b.a} ${b.b}`) ? `, link ${b.link}` : ''}, ${fmtUtil(b.utilization)}, ${b.tier} tier`}
                >
                  <span className="bn-name">
                    {b.a} ↔ {b.b}
                    {parallel.has(`${b.a} ${b.b}`) && <small className="muted"> · link {b.link}</small>}
                  </span>
                  <span className="bn-util" style={{ color: utilCss(b.utilization) }}>
                    {fmtUtil(b.utilization)}
                  </span>
                  <span className="muted bn-tier">{b.tier}</span>
                </button>
              </li>
            ))}
          </ol>
        </>
      )}

      <h4>Failures</h4>
      <div className="fail-controls">
        <button
          type="button"
          className="btn"
          data-testid="fail-selection"
          disabled={!canFail}
          onClick={() => failLinks(linksOfPick())}
          title="Take the selected link, cable bundle or device’s links out of service and solve again (X)"
        >
          Fail selection <kbd>X</kbd>
        </button>
        {traffic.failedLinks.length > 0 && (
          <button type="button" className="btn" data-testid="restore-all" onClick={() => restoreLinks()}>
            Restore all
          </button>
        )}
      </div>
      {traffic.failedLinks.length === 0 ? (
        <p className="muted small">Select a link or a switch, then press Fail (or X).</p>
      ) : (
        <>
          <p className="small">
            <span className="sw" style={{ background: FAILED_COLOR }} />
            <b data-testid="failed-count">{fmtInt(traffic.failedLinks.length)}</b> failed link
            {traffic.failedLinks.length === 1 ? '' : 's'} (dashed)
          </p>
          <ul className="failed-links" data-testid="failed-links">
            {traffic.failedLinks.slice(0, 50).map((l) => (
              <li key={l}>
                <button
                  type="button"
                  className="link-name"
                  onClick={() => select({ kind: 'link', id: l }, true)}
                >
                  {linkName(l)}
                </button>
                <button type="button" aria-label={`Restore ${linkName(l)}`} onClick={() => restoreLinks([l])}>
                  restore
                </button>
              </li>
            ))}
            {traffic.failedLinks.length > 50 && (
              <li className="muted">… and {fmtInt(traffic.failedLinks.length - 50)} more</li>
            )}
          </ul>
        </>
      )}
    </section>
  );
}

/** A one-line solve status over the 3D view (progress while solving). */
export function SolveStatus() {
  const hash = useStore((s) => s.hash);
  const side = useSolve((s) => s.a);
  if (side.progress === null || side.hash !== hash) return null;
  return (
    <div className="solve-status" data-testid="solve-status">
      <div className="bar">
        <div style={{ width: `${Math.round(side.progress * 100)}%` }} />
      </div>
      Solving {Math.round(side.progress * 100)}%
    </div>
  );
}

const sumMs = (ms: Record<string, number>): number => Object.values(ms).reduce((a, b) => a + b, 0);

/** "attach 20 ms · graph 90 ms · …": where a solve's time went, in the order of the stages. */
function stageList(ms: Record<string, number>): string {
  return Object.entries(ms)
    .map(([stage, t]) => `${stage} ${Math.round(t)} ms`)
    .join(' · ');
}
