// Share links: `#v1.<preset>.<payload>` where payload is base64url(deflate(JSON)) of the
// scenario's merge patch against its preset (or the whole scenario, preset "-") and the view.
// Decoding never throws: a truncated, corrupted, oversized or hostile hash gives problems and
// the nearest valid scenario, all through restore().

import { Inflate, deflateSync, strFromU8, strToU8 } from 'fflate';
import { restore } from '../model/restore';
import type { Problem, Scenario } from '../model/scenario';
import { apply, diff } from '../model/merge-patch';
import { restoreView, type ViewState } from './view-state';

export const CODEC_VERSION = 1;
/** Longest hash we try to read; links beyond this are refused before any work. */
export const MAX_HASH_CHARS = 64_000;
/** Largest inflated payload (guards against compression bombs). */
export const MAX_JSON_BYTES = 8 * 1024 * 1024;

export interface Shared {
  scenario: Scenario;
  presetId: string | null;
  view: ViewState;
  problems: Problem[];
}

/** Presets a link may be a delta of: ID → raw scene JSON. */
export type PresetLookup = (id: string) => unknown;

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Inflates with an output cap; null when the data is corrupt or too large. */
function inflateCapped(data: Uint8Array): string | null {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let failed = false;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > MAX_JSON_BYTES) failed = true;
    else chunks.push(chunk);
  });
  try {
    for (let i = 0; i < data.length && !failed; i += 4096)
      inflater.push(data.subarray(i, i + 4096), i + 4096 >= data.length);
  } catch {
    return null;
  }
  if (failed || size === 0) return null;
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return strFromU8(all);
}

/** The share hash (with its leading `#`) for a scenario and view. */
export function encodeShare(
  scenario: Scenario,
  view: ViewState,
  presetId: string | null,
  presets: PresetLookup,
): string {
  let base: unknown = undefined;
  if (presetId) {
    const preset = presets(presetId);
    if (preset !== undefined) base = restore(preset).scenario;
  }
  const s = base === undefined ? scenario : (diff(base, scenario) ?? {});
  const body: Record<string, unknown> = { s };
  if (Object.keys(view).length) body.v = view;
  const payload = toBase64Url(deflateSync(strToU8(JSON.stringify(body)), { level: 9 }));
  return `#v${CODEC_VERSION}.${base === undefined ? '-' : presetId}.${payload}`;
}

/** Reads a share hash (with or without `#`). Never throws. */
export function decodeShare(hash: string, presets: PresetLookup, defaultPreset: string): Shared {
  try {
    return decodeUnsafe(hash, presets, defaultPreset);
  } catch (e) {
    const r = restore(presets(defaultPreset));
    const message = `the link could not be read (${(e as Error).message}); the default opened`;
    return { scenario: r.scenario, presetId: defaultPreset, view: {}, problems: [{ path: 'link', message }] };
  }
}

function decodeUnsafe(hash: string, presets: PresetLookup, defaultPreset: string): Shared {
  const problems: Problem[] = [];
  const fallback = (message: string): Shared => {
    problems.push({ path: 'link', message });
    const r = restore(presets(defaultPreset));
    return {
      scenario: r.scenario,
      presetId: defaultPreset,
      view: {},
      problems: [...problems, ...r.problems],
    };
  };
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.length > MAX_HASH_CHARS)
    return fallback(
      `the link is ${text.length.toLocaleString('en-US')} characters, more than ${MAX_HASH_CHARS.toLocaleString('en-US')}; the default opened`,
    );
  const m = /^v(\d+)\.([A-Za-z0-9_-]{1,100})\.(.*)$/s.exec(text);
  if (!m)
    return fallback(
      'the link is not a FabricScope scenario (expected #v1.<preset>.<data>); the default opened',
    );
  const version = Number(m[1]);
  if (version !== CODEC_VERSION)
    return fallback(
      `the link has format version ${m[1]}; this FabricScope reads version ${CODEC_VERSION}; the default opened`,
    );
  const presetId = m[2] === '-' ? null : m[2];
  const bytes = fromBase64Url(m[3]);
  if (!bytes || !bytes.length)
    return fallback('the link data is not valid base64url (truncated or altered?); the default opened');
  const json = inflateCapped(bytes);
  if (json === null)
    return fallback(
      'the link data does not decompress (truncated, altered, or too large); the default opened',
    );
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return fallback('the link data is not valid JSON; the default opened');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return fallback('the link data is not an object; the default opened');
  const { s, v } = body as { s?: unknown; v?: unknown };
  let usedPreset = presetId;
  let base: unknown = undefined;
  if (presetId) {
    let raw = presets(presetId);
    if (raw === undefined) {
      problems.push({
        path: 'link',
        message: `the link builds on preset "${presetId}", which this version does not have; its changes were applied to the default`,
      });
      raw = presets(defaultPreset);
      usedPreset = null;
    }
    base = restore(raw).scenario;
  }
  // The encoder diffed against the restored preset, so the patch applies to it.
  const r = restore(base === undefined ? s : apply(base, s));
  const vr = restoreView(v);
  return {
    scenario: r.scenario,
    presetId: usedPreset,
    view: vr.view,
    problems: [...problems, ...r.problems, ...vr.problems],
  };
}
