// Where every number comes from: the catalog values in force for this scenario (defaults with
// the scenario's overrides), each with its source and kind. Text only, never HTML.

import { useState } from 'react';
import {
  FAMILY_LABEL,
  GPUS,
  MEDIA,
  SERVERS,
  SWITCHES,
  PROPAGATION_NS_PER_M,
  PROPAGATION_SOURCE,
} from '../model/catalog';
import { resolveCatalog } from '../model/resolved';
import { SOURCE_KIND_LABEL, type Source } from '../model/sources';
import { useStore } from '../state/store';

function Cited({ value, source, overridden }: { value: string; source: Source; overridden: boolean }) {
  const text = overridden
    ? `${value} (scenario override; default: ${source.ref})`
    : `${SOURCE_KIND_LABEL[source.kind]}: ${source.ref}`;
  return (
    <td title={text} className={overridden ? 'overridden' : `src-${source.kind}`}>
      {value}
      {overridden && ' *'}
    </td>
  );
}

const kinds = (sources: Source[]) => [...new Set(sources.map((s) => SOURCE_KIND_LABEL[s.kind]))].join(', ');

export function SourcesPanel() {
  const [open, setOpen] = useState(false);
  const scenario = useStore((s) => s.scenario);
  if (!open)
    return (
      <button
        type="button"
        className="btn"
        onClick={() => setOpen(true)}
        title="Where every catalog number comes from"
      >
        Sources
      </button>
    );
  const cat = resolveCatalog(scenario);
  const o = scenario.catalog;
  const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en-US') : n.toFixed(2));
  return (
    <>
      <button type="button" className="btn on" onClick={() => setOpen(false)}>
        Sources
      </button>
      <div
        className="help"
        role="dialog"
        aria-label="Sources of the catalog figures"
        onClick={() => setOpen(false)}
      >
        <div className="help-card sources-card" onClick={(e) => e.stopPropagation()}>
          <h3>Where the numbers come from</h3>
          <p className="muted">
            Hover a value for its source. Kinds: datasheet, paper, vendor claim, press / secondary,
            assumption. A * marks a value this scenario overrides. Propagation: {PROPAGATION_NS_PER_M} ns/m (
            {PROPAGATION_SOURCE.ref}).
          </p>
          <h4>Media (per module or cable end)</h4>
          <table>
            <thead>
              <tr>
                <th>module</th>
                <th>family</th>
                <th>Gb/s</th>
                <th>reach m</th>
                <th>W</th>
                <th>+ns</th>
                <th>cost</th>
                <th>lasers</th>
                <th>kinds</th>
              </tr>
            </thead>
            <tbody>
              {MEDIA.map((d) => {
                const m = cat.medium(d.id);
                const ov = o.media[d.id] ?? {};
                return (
                  <tr key={d.id} data-source-row={d.id}>
                    <td>{d.id}</td>
                    <td>{FAMILY_LABEL[d.family]}</td>
                    <Cited value={fmt(m.rateGbps)} source={d.sources.rate} overridden={false} />
                    <Cited value={fmt(m.reachM)} source={d.sources.reach} overridden={'reachM' in ov} />
                    <Cited value={fmt(m.watts)} source={d.sources.watts} overridden={'watts' in ov} />
                    <Cited
                      value={fmt(m.latencyNs)}
                      source={d.sources.latency}
                      overridden={'latencyNs' in ov}
                    />
                    <Cited value={fmt(m.cost)} source={d.sources.cost} overridden={'cost' in ov} />
                    <Cited value={fmt(m.lasers)} source={d.sources.lasers} overridden={'lasers' in ov} />
                    <td className="muted">{kinds(Object.values(d.sources))}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h4>Switches</h4>
          <table>
            <thead>
              <tr>
                <th>model</th>
                <th>ports</th>
                <th>Tb/s</th>
                <th>W</th>
                <th>ns</th>
                <th>cost</th>
              </tr>
            </thead>
            <tbody>
              {SWITCHES.map((d) => {
                const m = cat.switchModel(d.id);
                const ov = o.switches[d.id] ?? {};
                return (
                  <tr key={d.id} data-source-row={d.id}>
                    <td>{d.label}</td>
                    <Cited value={fmt(m.maxPorts)} source={d.sources.ports} overridden={false} />
                    <Cited value={fmt(m.capacityGbps / 1000)} source={d.sources.ports} overridden={false} />
                    <Cited value={fmt(m.watts)} source={d.sources.watts} overridden={'watts' in ov} />
                    <Cited
                      value={fmt(m.latencyNs)}
                      source={d.sources.latency}
                      overridden={'latencyNs' in ov}
                    />
                    <Cited value={fmt(m.cost)} source={d.sources.cost} overridden={'cost' in ov} />
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h4>GPUs and servers</h4>
          <table>
            <tbody>
              {GPUS.map((d) => {
                const ov = o.gpus[d.id] ?? {};
                const m = { ...d, ...ov };
                return (
                  <tr key={d.id} data-source-row={d.id}>
                    <td>{d.label}</td>
                    <Cited value={`${fmt(m.watts)} W`} source={d.sources.watts} overridden={'watts' in ov} />
                    <Cited
                      value={`NIC ${fmt(m.nicGbps)} Gb/s`}
                      source={d.sources.nic}
                      overridden={'nicGbps' in ov}
                    />
                    <Cited
                      value={`scale-up ${fmt(m.scaleUpGbps)} Gb/s`}
                      source={d.sources.scaleUp}
                      overridden={'scaleUpGbps' in ov}
                    />
                  </tr>
                );
              })}
              {SERVERS.map((d) => {
                const ov = o.servers[d.id] ?? {};
                const m = { ...d, ...ov };
                return (
                  <tr key={d.id} data-source-row={d.id}>
                    <td>{d.label}</td>
                    <Cited
                      value={`+${fmt(m.overheadW)} W beyond GPUs`}
                      source={d.sources.overhead}
                      overridden={'overheadW' in ov}
                    />
                    <td />
                    <td />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </>
  );
}
