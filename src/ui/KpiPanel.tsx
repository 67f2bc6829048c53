import { useStore } from '../state/store';
import { fmtInt, fmtPct, fmtWatts } from './format';

/** The scenario's key figures. */
export function KpiPanel() {
  const bom = useStore((s) => s.analysis.bom);
  const items: [string, string, string][] = [
    ['gpus', 'GPUs', fmtInt(bom.gpus)],
    ['switches', 'Switches', fmtInt(bom.switches.total)],
    ['links', 'Links', fmtInt(bom.links.total)],
    ['transceivers', 'Transceivers', fmtInt(bom.transceivers + bom.cpoPorts)],
    ['power', 'Total power', fmtWatts(bom.power.totalW)],
    ['optics-share', 'Optics share of power', fmtPct(bom.power.opticsShare)],
  ];
  return (
    <section className="kpis" aria-label="Key figures">
      {items.map(([id, label, value]) => (
        <div className="kpi" key={id} data-kpi={id}>
          <div className="kpi-value">{value}</div>
          <div className="kpi-label">{label}</div>
        </div>
      ))}
      {bom.infeasibleLinks > 0 && (
        <div className="kpi warn" data-kpi="infeasible">
          <div className="kpi-value">{fmtInt(bom.infeasibleLinks)}</div>
          <div className="kpi-label">Links the medium cannot reach</div>
        </div>
      )}
    </section>
  );
}
