// JSON merge patches (RFC 7386): a share link stores how a scenario differs from its preset.

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The patch that turns `base` into `target` (undefined when they are equal). */
export function diff(base: unknown, target: unknown): Json | undefined {
  if (isObject(base) && isObject(target)) {
    const out: Record<string, Json> = {};
    for (const key of Object.keys(target)) {
      const d = diff(base[key], target[key]);
      if (d !== undefined) out[key] = d;
    }
    for (const key of Object.keys(base)) if (!(key in target)) out[key] = null;
    return Object.keys(out).length ? out : undefined;
  }
  return JSON.stringify(base) === JSON.stringify(target) ? undefined : (structuredClone(target) as Json);
}

/**
 * Applies a merge patch; never assigns prototype keys. Patch values are taken as they are, not
 * cloned: a hostile patch may be nested thousands deep, and restore() copies only what it keeps.
 */
export function apply(base: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(base) ? { ...base } : {};
  for (const key of Object.keys(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (patch[key] === null) delete out[key];
    else out[key] = apply(out[key], patch[key]);
  }
  return out;
}
