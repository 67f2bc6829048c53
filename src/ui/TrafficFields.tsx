// The traffic panel's typed fields: a number committed on Enter or when focus leaves (not per
// keystroke: every commit re-solves), and the custom pattern's flow list as text. Values go
// through setTraffic → restore(), which clamps and names the field in the problem banner.

import { useEffect, useState } from 'react';
import { MESSAGE_BYTES, type Scenario } from '../model/scenario';
import { setTraffic } from '../state/solve';
import { formatFlows, parseFlows } from '../traffic/flowsText';
import { formatBytes, parseBytes } from '../traffic/sizeText';

type Traffic = Scenario['traffic'];
type NumericField = 'pipelineStages' | 'tensorParallel' | 'seed';

export function NumberField({
  field,
  value,
  label,
  title,
  min,
  max,
}: {
  field: NumericField;
  value: number;
  label: string;
  title: string;
  min: number;
  max: number;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const n = Number(text.trim());
    // Not a number: nothing changes (the last value stays). Out of range: restore() clamps it, the
    // banner names the field and the field shows the value applied, even when that is the old one.
    const applied =
      text.trim() !== '' && Number.isFinite(n) && n !== value
        ? setTraffic({ [field]: n } as Partial<Traffic>).traffic[field]
        : value;
    setText(String(applied));
  };
  return (
    <label title={title}>
      {label}
      <input
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={text}
        data-testid={`traffic-${field}`}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}

/** Sizes offered in the message field's list (nccl-tests sweeps these); any other can be typed. */
const SIZES = [1 << 20, 16 << 20, 256 << 20, 1 << 30, 4 * 2 ** 30, 16 * 2 ** 30];

/** The message size, typed ("256 MiB", "1 GB", "4096") or picked from a list. */
export function MessageField({ value }: { value: number }) {
  const [text, setText] = useState(formatBytes(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(formatBytes(value));
    setError(null);
  }, [value]);
  const revert = () => {
    setText(formatBytes(value));
    setError(null);
  };
  const commit = (typed: string) => {
    // Unchanged or emptied: nothing to apply.
    if (typed === formatBytes(value) || typed.trim() === '') return revert();
    const r = parseBytes(typed);
    const [min, max] = MESSAGE_BYTES;
    const error =
      r.error ??
      (r.bytes < min
        ? `"${typed.trim()}" is less than one byte`
        : r.bytes > max
          ? `"${typed.trim()}" is more than 1 PB (10^15 bytes)`
          : null);
    setError(error);
    // A size that does not read changes nothing (the solved size stays the one shown before).
    if (error === null && r.bytes !== null) {
      if (r.bytes !== value) setTraffic({ messageBytes: r.bytes });
      else setText(formatBytes(value));
    }
  };
  return (
    <label title="Bytes each GPU contributes to the collective (nccl-tests' size): 256 MiB, 1 GB, 4096 …">
      Message
      <input
        type="text"
        list="message-sizes"
        spellCheck={false}
        value={text}
        data-testid="traffic-size"
        aria-invalid={error !== null}
        onChange={(e) => {
          setText(e.target.value);
          // A size picked from the list applies at once, as a select would.
          if ((e.nativeEvent as InputEvent).inputType === 'insertReplacementText') commit(e.target.value);
        }}
        onBlur={() => commit(text)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(text);
          if (e.key === 'Escape') revert();
        }}
      />
      <datalist id="message-sizes">
        {SIZES.map((b) => (
          <option key={b} value={formatBytes(b)} />
        ))}
      </datalist>
      {error && (
        <span className="bad small" role="alert" data-testid="traffic-size-error">
          Message not applied: {error}
        </span>
      )}
    </label>
  );
}

/** Lists longer than this are not shown as text (an imported scene's 100,000 flows, a large paste). */
export const EDITABLE_FLOWS = 5000;

export function FlowsField({ flows, gpus }: { flows: Traffic['flows']; gpus: number }) {
  const editable = flows.length <= EDITABLE_FLOWS;
  const [text, setText] = useState(() => (editable ? formatFlows(flows) : ''));
  const [error, setError] = useState<string | null>(null);
  // After Clear, the keyboard goes on in the empty field (the button it was on is gone).
  const [cleared, setCleared] = useState(false);
  useEffect(() => {
    setText(editable ? formatFlows(flows) : '');
    setError(null);
  }, [flows, editable]);
  if (!editable)
    // Wherever they came from (a file, a link, a paste), they can be cleared for new ones; Back
    // brings them back.
    return (
      <div className="flows-field" data-testid="traffic-flows-count">
        <p className="small muted">
          {flows.length.toLocaleString('en-US')} custom flows: more than{' '}
          {EDITABLE_FLOWS.toLocaleString('en-US')}, too many to edit as text here.
        </p>
        <button
          type="button"
          data-testid="traffic-flows-clear"
          onClick={() => {
            setCleared(true);
            setTraffic({ flows: [] });
          }}
        >
          Clear flows
        </button>
      </div>
    );
  const commit = () => {
    const r = parseFlows(text);
    setError(r.error);
    // A line that does not read changes nothing: the flows solved stay those shown before.
    if (!r.error) setTraffic({ flows: r.flows });
  };
  return (
    <label className="flows-field">
      <span>
        Flows <small className="muted">one “source destination [weight]” per line, GPUs 0–{gpus - 1}</small>
      </span>
      <textarea
        rows={4}
        spellCheck={false}
        value={text}
        data-testid="traffic-flows"
        aria-invalid={error !== null}
        ref={(el) => {
          if (el && cleared) {
            el.focus();
            setCleared(false);
          }
        }}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
      />
      {error && (
        <span className="bad small" role="alert" data-testid="traffic-flows-error">
          Flows not applied: {error}
        </span>
      )}
    </label>
  );
}
