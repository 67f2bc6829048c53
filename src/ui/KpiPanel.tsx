import { useStore } from '../state/store';
import { fmtM } from './describe';
import { fmtInt, fmtPct, fmtWatts } from './format';

/** The scenario's key figures, for the placed floor (they follow every drag). */
export function KpiPanel() {
  const bom = useStore((s) => s.scene?.analysis.bom);
  const stale = useStore((s) => s.scene?.hash !== s.hash);
  const items: [string, string, string][] = bom
    ? [
        ['gpus', 'GPUs', fmtInt(bom.gpus)],
        ['switches', 'Switches', fmtInt(bom.switches.total)],
        ['links', 'Links', fmtInt(bom.links.total)],
        ['transceivers', 'Transceivers', fmtInt(bom.transceivers + bom.cpoPorts)],
        ['power', 'Total power', fmtWatts(bom.power.totalW)],
        ['optics-share', 'Optics share of power', fmtPct(bom.power.opticsShare)],
        ['cable-length', 'Cable length', fmtM(bom.cables.totalLengthM)],
      ]
    : [];
  return (
    <section className={`kpis ${stale ? 'stale' : ''}`} aria-label="Key figures" aria-busy={stale}>
      {!bom && <div className="kpi muted">Placing…</div>}
      {items.map(([id, label, value]) => (
        <div className="kpi" key={id} data-kpi={id}>
          <div className="kpi-value">{value}</div>
          <div className="kpi-label">{label}</div>
        </div>
      ))}
      {bom && bom.infeasibleLinks > 0 && (
        <div className="kpi warn" data-kpi="infeasible">
          <div className="kpi-value">{fmtInt(bom.infeasibleLinks)}</div>
          <div className="kpi-label">Links the medium cannot reach</div>
        </div>
      )}
    </section>
  );
}
