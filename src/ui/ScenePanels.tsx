// DOM panels over the 3D view: tooltip, details of the selection, legend with tier toggles,
// search, keyboard help and the performance HUD. Text only; nothing is rendered as HTML.

import { useMemo, useRef, useState } from 'react';
import { MEDIUM_FAMILIES, FAMILY_LABEL, isOptical } from '../model/catalog';
import { TIERS } from '../model/fabric';
import { useStore, type Pick } from '../state/store';
import {
  FAILED_COLOR,
  INFEASIBLE_COLOR,
  MEDIUM_COLOR,
  OVER_COLOR,
  TIER_COLOR,
  UTIL_STOPS,
} from '../view/colors';
import { pickRows, pickTitle, search } from './describe';
import { fmtInt } from './format';

const kindLabel: Record<Pick['kind'], string> = {
  node: 'Device',
  server: 'Server',
  rack: 'Rack',
  link: 'Link',
  bundle: 'Cable bundle',
};

export function Tooltip() {
  const hover = useStore((s) => s.hover);
  const scene = useStore((s) => s.scene);
  const util = useStore((s) => (s.utilizationHash === s.scene?.hash ? s.linkUtilization : null));
  const failed = useStore((s) => s.scenario.traffic.failedLinks);
  if (!hover || !scene) return null;
  const rows = pickRows(scene, hover, util, failed).slice(0, 6);
  const left = hover.x + 16;
  const top = hover.y + 16;
  return (
    <div className="tooltip" role="tooltip" data-testid="tooltip" style={{ left, top }}>
      <div className="tooltip-kind">{kindLabel[hover.kind]}</div>
      <div className="tooltip-title">{pickTitle(scene, hover)}</div>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

export function DetailsPanel() {
  const sel = useStore((s) => s.selection);
  const scene = useStore((s) => s.scene);
  const util = useStore((s) => (s.utilizationHash === s.scene?.hash ? s.linkUtilization : null));
  const failed = useStore((s) => s.scenario.traffic.failedLinks);
  const select = useStore((s) => s.select);
  const fly = useStore((s) => s.flyToSelection);
  if (!sel || !scene) return null;
  const rows = pickRows(scene, sel, util, failed);
  return (
    <aside className="details" aria-label="Selection details" data-testid="details">
      <div className="details-head">
        <div>
          <div className="tooltip-kind">{kindLabel[sel.kind]}</div>
          <h3 data-testid="details-title">{pickTitle(scene, sel)}</h3>
        </div>
        <button type="button" onClick={() => select(null)} aria-label="Close details">
          ×
        </button>
      </div>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k} data-row={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <button type="button" className="btn" onClick={fly}>
        Fly to (G)
      </button>
    </aside>
  );
}

const COLOR_MODES = ['medium', 'tier', 'utilization'] as const;

export function Legend() {
  const tierVisible = useStore((s) => s.tierVisible);
  const toggleTier = useStore((s) => s.toggleTier);
  const mode = useStore((s) => s.colorMode);
  const setMode = useStore((s) => s.setColorMode);
  const hasUtil = useStore((s) => s.linkUtilization !== null && s.utilizationHash === s.hash);
  const scene = useStore((s) => s.scene);
  const used = useMemo(() => {
    const fams = new Set<number>();
    const tiers = new Set<number>();
    if (scene) {
      for (const b of scene.geometry.links) tiers.add(b.tier);
      const lf = scene.analysis.media.linkFamily;
      for (let l = 0; l < lf.length; l++) fams.add(lf[l]);
    }
    return { fams, tiers };
  }, [scene]);
  return (
    <section className="legend" aria-label="Legend">
      <div
        className="legend-modes"
        role="radiogroup"
        aria-label="Colour links by"
        onKeyDown={(e) => {
          // Arrow keys move the choice, as in any radio group (skipping a disabled mode).
          const step =
            e.key === 'ArrowRight' || e.key === 'ArrowDown'
              ? 1
              : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
                ? -1
                : 0;
          if (!step) return;
          e.preventDefault();
          e.stopPropagation(); // not also a tour step
          const modes = COLOR_MODES.filter((m) => m !== 'utilization' || hasUtil);
          const next = modes[(modes.indexOf(mode) + step + modes.length) % modes.length];
          setMode(next);
          (e.currentTarget.querySelector(`[data-mode="${next}"]`) as HTMLElement | null)?.focus();
        }}
      >
        {COLOR_MODES.map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            data-mode={m}
            aria-checked={mode === m}
            tabIndex={mode === m ? 0 : -1}
            className={mode === m ? 'on' : ''}
            disabled={m === 'utilization' && !hasUtil}
            onClick={() => setMode(m)}
          >
            {m}
          </button>
        ))}
      </div>
      {mode === 'medium' && (
        <ul className="swatches">
          {MEDIUM_FAMILIES.map((m, i) =>
            used.fams.has(i) ? (
              <li key={m}>
                <span className="sw" style={{ background: MEDIUM_COLOR[m] }} />
                {FAMILY_LABEL[m]}
                <span className="muted">{isOptical(m) ? ' · optical' : ' · copper'}</span>
              </li>
            ) : null,
          )}
          <li>
            <span className="sw" style={{ background: INFEASIBLE_COLOR }} />
            beyond reach
          </li>
        </ul>
      )}
      {mode === 'utilization' && (
        <div
          className="ramp"
          style={{
            background: `linear-gradient(90deg, ${UTIL_STOPS.map(([u, c]) => `${c} ${u * 100}%`).join(', ')})`,
          }}
        >
          <span>0%</span>
          <span>100%</span>
        </div>
      )}
      {mode === 'utilization' && (
        <ul className="swatches">
          <li>
            <span className="sw" style={{ background: OVER_COLOR }} />
            above 100% (drawn on top)
          </li>
          <li>
            <span className="sw" style={{ background: FAILED_COLOR }} />
            failed
          </li>
        </ul>
      )}
      <div className="legend-tiers" aria-label="Tiers">
        {TIERS.map((t, i) =>
          used.tiers.has(i) ? (
            <label key={t} className="tier-toggle">
              <input type="checkbox" checked={tierVisible[i]} onChange={() => toggleTier(i)} data-tier={t} />
              <span className="sw" style={{ background: TIER_COLOR[t] }} />
              {t} <kbd>{i + 1}</kbd>
            </label>
          ) : null,
        )}
      </div>
      <p className="muted small">
        {mode === 'medium' ? 'Warm lines are copper, cool lines optics. ' : ''}Zoomed out, links between two
        racks draw as one bundle in its worst colour.
      </p>
    </section>
  );
}

export function SearchBox() {
  const scene = useStore((s) => s.scene);
  const select = useStore((s) => s.select);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const results = useMemo(() => (scene && q ? search(scene.fabric, q) : []), [scene, q]);
  const choose = (p: Pick) => {
    select(p, true);
    setOpen(false);
    input.current?.blur();
  };
  return (
    <div className="search">
      <input
        ref={input}
        id="search"
        type="search"
        placeholder="Find device or rack (/)"
        aria-label="Find a device by name"
        value={q}
        autoComplete="off"
        onChange={(e) => {
          setQ(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && results[0]) choose(results[0]);
          if (e.key === 'Escape') input.current?.blur();
        }}
      />
      {open && q && scene && (
        <ul className="search-results" role="listbox">
          {results.length === 0 && <li className="muted">no match</li>}
          {results.map((p) => (
            <li key={`${p.kind}${p.id}`} role="option" aria-selected={false} onMouseDown={() => choose(p)}>
              {pickTitle(scene, p)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export const SHORTCUTS: [string, string][] = [
  ['drag', 'orbit'],
  ['right-drag / Ctrl-drag', 'pan'],
  ['wheel', 'zoom'],
  ['click', 'select'],
  ['double-click', 'select and fly to'],
  ['Shift-drag on a rack', 'move the rack (it stays pinned)'],
  ['M', 'move mode: drag racks without Shift'],
  ['F', 'fit the whole cluster'],
  ['G', 'fly to the selection'],
  ['/', 'find a device'],
  ['1 – 7', 'show / hide a tier'],
  ['C', 'colour by medium / tier / utilization'],
  ['X', 'fail the selected link / device (the solve reruns)'],
  ['H', 'performance overlay'],
  ['Esc', 'clear the selection; leave a tour or presentation mode'],
  ['Space', 'tour: play / pause'],
  ['→ / ←', 'tour: next / previous step'],
  ['P', 'presentation mode (fullscreen, panels hidden)'],
  ['A', 'animate traffic flowing along the links'],
  ['?', 'this help'],
];

export function HelpOverlay() {
  const help = useStore((s) => s.help);
  const toggle = useStore((s) => s.toggleHelp);
  if (!help) return null;
  return (
    <div className="help" role="dialog" aria-label="Keyboard shortcuts" onClick={() => toggle(false)}>
      <div className="help-card" onClick={(e) => e.stopPropagation()}>
        <h3>Keyboard and mouse</h3>
        <table>
          <tbody>
            {SHORTCUTS.map(([k, v]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" className="btn" onClick={() => toggle(false)}>
          Close
        </button>
      </div>
    </div>
  );
}

export function Hud() {
  const hud = useStore((s) => s.hud);
  const stats = useStore((s) => s.stats);
  const timings = useStore((s) => s.scene?.timings);
  const solveMs = useStore((s) => s.solveMs);
  const phase = useStore((s) => s.phase);
  if (!hud) return null;
  const ms = (v: number | undefined | null) => (v == null ? '—' : `${Math.round(v)} ms`);
  const rows: [string, string][] = [
    ['fps', stats.fps ? String(stats.fps) : '— (idle)'],
    ['draw calls', fmtInt(stats.drawCalls)],
    ['triangles', fmtInt(stats.triangles)],
    ['lines', fmtInt(stats.lines)],
    ['build', ms(timings?.buildMs)],
    ['placement', ms(timings?.placementMs)],
    ['analysis', ms(timings?.analysisMs)],
    ['solve', ms(solveMs)],
    ['phase', phase],
  ];
  return (
    <div className="hud" data-testid="hud" aria-label="Performance">
      {rows.map(([k, v]) => (
        <div key={k} data-hud={k}>
          <span>{k}</span>
          <b>{v}</b>
        </div>
      ))}
    </div>
  );
}
