// The Export menu in the top bar: the scenario as a JSON file (and opening one), the view as a
// high-resolution PNG, the figures (both sides of a comparison, the solve) and every link's
// utilization as CSV, the bill of materials as CSV and the topology as Graphviz DOT.

import { useEffect, useRef, useState } from 'react';
import { bomToCsv, fabricToDot, scenarioToJson } from '../share/export';
import { useStore } from '../state/store';
import { capturePng } from '../view/capture';
import { useCompare } from '../state/compare';
import { useSolve } from '../state/solve';
import { figuresCsv, linkUtilizationCsv } from './exportFigures';
import { download, downloadCsv, fileStem, importScenarioFile } from './files';
import './share.css';

/** Pixel ratio of the exported PNG, relative to the view's CSS size. */
export const PNG_SCALE = 3;

export function ExportMenu() {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const ready = useStore((s) => s.scene !== null && s.scene.hash === s.hash);
  const hash = useStore((s) => s.hash);
  const solved = useSolve((s) => !!s.results[hash]);
  const comparing = useStore((s) => !!s.scenario.compare);
  const bReady = useCompare((s) => !!s.sceneB && s.sceneB.hash === s.hashB);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const stem = () => fileStem(useStore.getState().scenario.name);
  const run = (f: () => void | Promise<void>) => async () => {
    setOpen(false);
    setBusy(true);
    try {
      await f();
    } finally {
      setBusy(false);
    }
  };

  const items: {
    id: string;
    label: string;
    hint: string;
    disabled?: boolean;
    act: () => void | Promise<void>;
  }[] = [
    {
      id: 'json',
      label: 'Scenario (JSON)',
      hint: 'a scene file to open again or edit',
      act: () => download(`${stem()}.json`, scenarioToJson(useStore.getState().scenario), 'application/json'),
    },
    {
      id: 'import',
      label: 'Open scenario file…',
      hint: 'or drop a .json file anywhere',
      act: () => fileInput.current?.click(),
    },
    {
      id: 'png',
      label: `View as PNG (${PNG_SCALE}×)`,
      hint: comparing ? 'the main 3D view (side A), high resolution' : 'the 3D view only, high resolution',
      disabled: !ready,
      act: async () => {
        const blob = await capturePng(PNG_SCALE);
        if (blob) download(`${stem()}.png`, blob);
        else
          useStore.setState({ problems: [{ path: 'export', message: 'the 3D view could not be captured' }] });
      },
    },
    {
      id: 'figures',
      label: 'Figures (CSV)',
      hint: comparing
        ? bReady
          ? 'both sides and B − A: power, cost, latency, the solve'
          : 'once side B is placed'
        : 'power, cost, latency, the solve and its bottlenecks',
      // In a comparison it waits for B: a file of A alone would not be what it says.
      disabled: !ready || (comparing && !bReady),
      act: () => {
        const csv = figuresCsv();
        if (csv) downloadCsv(`${stem()}-figures.csv`, csv);
      },
    },
    {
      id: 'links',
      label: 'Link utilization (CSV)',
      hint: solved
        ? `every link's utilization under the solve${comparing ? ' (side A)' : ''}`
        : 'once the solve has finished',
      disabled: !ready || !solved,
      act: async () => {
        const csv = await linkUtilizationCsv();
        if (csv) downloadCsv(`${stem()}-links.csv`, csv);
      },
    },
    {
      id: 'csv',
      label: 'Bill of materials (CSV)',
      hint: comparing ? 'counts, power and cost of side A' : 'counts, power and cost',
      disabled: !ready,
      act: () => {
        const st = useStore.getState();
        if (st.scene) downloadCsv(`${stem()}-bom.csv`, bomToCsv(st.scenario, st.scene.analysis.bom));
      },
    },
    {
      id: 'dot',
      label: 'Topology (Graphviz DOT)',
      hint: '"node":"port" -- "node":"port"',
      disabled: !ready,
      act: () => {
        const st = useStore.getState();
        if (st.scene)
          download(`${stem()}.dot`, fabricToDot(st.scene.fabric, st.scenario.name), 'text/vnd.graphviz');
      },
    },
  ];

  return (
    <div className="export" ref={root}>
      <button
        type="button"
        className={`btn ${open ? 'on' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        disabled={busy}
        onClick={() => setOpen((o) => !o)}
        data-testid="export"
      >
        {busy ? 'Exporting…' : 'Export ▾'}
      </button>
      {open && (
        <div className="menu" role="menu" aria-label="Export">
          {items.map((it) => (
            <button
              key={it.id}
              type="button"
              role="menuitem"
              disabled={it.disabled}
              data-export={it.id}
              onClick={() => void run(it.act)()}
            >
              <span>{it.label}</span>
              <span className="muted small">{it.hint}</span>
            </button>
          ))}
        </div>
      )}
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) void importScenarioFile(f);
        }}
      />
    </div>
  );
}
