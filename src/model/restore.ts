// The one door every input passes: URL hashes, scene files, dropped files, panel edits and
// CLI overrides. restore() fills defaults, migrates old versions, repairs or drops what it does
// not understand, and scales down what the tab cannot hold. It never throws: it returns the
// nearest valid scenario and a problem per field that was wrong.

import {
  DEFAULT_TOPOLOGY,
  MAX_GPUS,
  SCENARIO_VERSION,
  Scenario,
  TOPOLOGY_KINDS,
  defaultScenario,
  type Problem,
  type TopologyKind,
} from './scenario';
import { fitTopology, countGpus } from './generators';
import { apply, diff } from './merge-patch';
import type { z } from 'zod';

export interface Restored {
  scenario: Scenario;
  problems: Problem[];
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);
const MAX_DEPTH = 12;
const MAX_STRING = 10_000;
const MAX_VALUES = 5_000_000;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-copies plain JSON data only: drops prototype keys, functions, cycles, excess depth. */
function sanitize(input: unknown, problems: Problem[]): Json | undefined {
  let budget = MAX_VALUES;
  const walk = (v: unknown, path: string, depth: number): Json | undefined => {
    if (--budget < 0) {
      if (budget === -1) problems.push({ path, message: 'input too large; the rest was ignored' });
      return undefined;
    }
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return v;
      problems.push({ path, message: `not a finite number (${String(v)})` });
      return undefined;
    }
    if (typeof v === 'string') {
      if (v.length <= MAX_STRING) return v;
      problems.push({ path, message: `text longer than ${MAX_STRING} characters was cut` });
      return v.slice(0, MAX_STRING);
    }
    if (depth >= MAX_DEPTH) {
      problems.push({ path, message: 'nested too deeply; ignored' });
      return undefined;
    }
    if (Array.isArray(v)) {
      const out: Json[] = [];
      for (let i = 0; i < v.length; i++) {
        const item = walk(v[i], `${path}[${i}]`, depth + 1);
        if (item === undefined) continue;
        out.push(item);
      }
      return out;
    }
    if (isObject(v)) {
      const out: { [k: string]: Json } = {};
      for (const key of Object.keys(v)) {
        const p = path ? `${path}.${key}` : key;
        if (FORBIDDEN_KEYS.has(key)) {
          problems.push({ path: p, message: 'forbidden key ignored' });
          continue;
        }
        const item = walk(v[key], p, depth + 1);
        if (item !== undefined)
          Object.defineProperty(out, key, {
            value: item,
            enumerable: true,
            writable: true,
            configurable: true,
          });
      }
      return out;
    }
    problems.push({ path, message: `unsupported value (${typeof v}) ignored` });
    return undefined;
  };
  return walk(input, '', 0);
}

/** Older scenario versions become current ones here. Version 0 had `topology.family`. */
function migrate(raw: Record<string, Json>, problems: Problem[]): void {
  const v = raw.version;
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    problems.push({
      path: 'version',
      message: `unknown version ${JSON.stringify(v)}; read as version ${SCENARIO_VERSION}`,
    });
  } else if (v > SCENARIO_VERSION) {
    problems.push({
      path: 'version',
      message: `made by a newer FabricScope (version ${v}); read as version ${SCENARIO_VERSION}, unknown fields dropped`,
    });
  } else if (v === 0 && isObject(raw.topology) && 'family' in raw.topology) {
    const t = raw.topology as Record<string, Json>;
    t.kind = t.family;
    delete t.family;
  }
  raw.version = SCENARIO_VERSION;
}

/**
 * Takes from `input` every field `defaults` knows, recursing into plain objects; reports the
 * fields it does not know. Records (free-keyed objects) and arrays are taken whole; the
 * schema checks them.
 */
function mergeKnown(
  defaults: unknown,
  input: Json | undefined,
  path: string,
  problems: Problem[],
  freeKeyed: Set<string>,
): unknown {
  if (input === undefined) return structuredClone(defaults);
  if (!isObject(defaults) || freeKeyed.has(path)) return input;
  if (!isObject(input)) {
    problems.push({
      path,
      message: `expected an object, got ${input === null ? 'null' : Array.isArray(input) ? 'a list' : typeof input}; defaults used`,
    });
    return structuredClone(defaults);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(defaults)) {
    out[key] = mergeKnown(defaults[key], input[key], path ? `${path}.${key}` : key, problems, freeKeyed);
  }
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(defaults, key))
      problems.push({ path: path ? `${path}.${key}` : key, message: 'unknown field ignored' });
  }
  return out;
}

const FREE_KEYED = new Set([
  'floor.pinned',
  'catalog.media',
  'catalog.switches',
  'catalog.gpus',
  'catalog.servers',
  'topology.nodes',
  'topology.links',
  'topology.dims',
  'topology.rackDims',
  'autoFamilies',
  'traffic.failedLinks',
  'traffic.flows',
]);

function getPath(obj: unknown, path: PropertyKey[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** Replaces the value at path with the default's, or removes it (array items, record entries). */
function repairPath(obj: Record<string, unknown>, defaults: unknown, path: PropertyKey[]): void {
  for (let cut = path.length; cut > 0; cut--) {
    const head = path.slice(0, cut);
    const parent = getPath(obj, head.slice(0, -1)) as Record<PropertyKey, unknown> | unknown[] | undefined;
    const key = head[head.length - 1];
    if (!parent || typeof parent !== 'object') continue;
    const def = getPath(defaults, head);
    if (def !== undefined) {
      (parent as Record<PropertyKey, unknown>)[key] = structuredClone(def);
      return;
    }
    if (Array.isArray(parent) && typeof key === 'number') {
      parent[key] = REMOVED; // spliced after the round, so later paths keep their indices
      return;
    }
    if (!Array.isArray(parent) && key in parent) {
      delete (parent as Record<PropertyKey, unknown>)[key];
      return;
    }
  }
}

/** A schema issue in the words the fields use ("at least 1", "a whole number"), not the
 * validator's ("Too small: expected number to be >=1"). */
function issueText(issue: z.core.$ZodIssue): string {
  const n = (x: number | bigint) => Number(x).toLocaleString('en-US');
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${n(issue.minimum)} items`;
      if (issue.origin === 'string') return `needs at least ${n(issue.minimum)} characters`;
      return `${issue.inclusive ? 'at least' : 'more than'} ${n(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array') return `at most ${n(issue.maximum)} items`;
      if (issue.origin === 'string') return `at most ${n(issue.maximum)} characters`;
      return `${issue.inclusive ? 'at most' : 'less than'} ${n(issue.maximum)}`;
    case 'invalid_type':
      if (issue.expected === 'int') return 'a whole number';
      return `expected ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'not_multiple_of':
      return `a multiple of ${n(issue.divisor as number)}`;
    default:
      return issue.message;
  }
}

/** What the repair put in the field's place, when it is a plain value ("; 1 used"). */
function usedText(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return `; ${value} used`;
  if (typeof value === 'string') return `; ${JSON.stringify(value)} used`;
  return value === undefined ? '; dropped' : '; the default used';
}

/** Lists with a length cap: the first entries are kept, not the whole list replaced. */
const CAPPED_LISTS: [string, string, number][] = [
  ['traffic', 'flows', 100_000],
  ['traffic', 'failedLinks', 10_000],
];

function truncateLists(merged: Record<string, unknown>, problems: Problem[]): void {
  for (const [group, key, max] of CAPPED_LISTS) {
    const parent = merged[group];
    const list = isObject(parent) ? parent[key] : undefined;
    if (!Array.isArray(list) || list.length <= max) continue;
    problems.push({
      path: `${group}.${key}`,
      message: `${list.length.toLocaleString('en-US')} entries, at most ${max.toLocaleString('en-US')}: the first ${max.toLocaleString('en-US')} kept`,
    });
    list.length = max;
  }
}

const REMOVED = Symbol('removed');

function dropRemoved(v: unknown): void {
  if (Array.isArray(v)) {
    for (let i = v.length - 1; i >= 0; i--) if (v[i] === REMOVED) v.splice(i, 1);
    for (const item of v) dropRemoved(item);
  } else if (isObject(v)) for (const item of Object.values(v)) dropRemoved(item);
}

const pathText = (path: PropertyKey[]): string =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`)).join('');

export function restore(input: unknown): Restored {
  try {
    return restoreUnsafe(input);
  } catch (e) {
    // A bug here must not take the app down: the default opens and the user is told.
    return {
      scenario: defaultScenario(),
      problems: [
        { path: '', message: `could not read the scenario (${(e as Error).message}); the default opened` },
      ],
    };
  }
}

function restoreUnsafe(input: unknown): Restored {
  const problems: Problem[] = [];
  const base = defaultScenario();
  let raw = sanitize(input, problems);
  if (!isObject(raw)) {
    if (input !== undefined)
      problems.push({ path: '', message: 'not a scenario object; the default scenario opened' });
    raw = {};
  }
  migrate(raw, problems);

  // The topology's kind decides its defaults.
  const rawTopology = isObject(raw.topology) ? raw.topology : undefined;
  let kind: TopologyKind = base.topology.kind;
  if (raw.topology !== undefined && !rawTopology) {
    problems.push({ path: 'topology', message: 'expected an object; the default topology used' });
  } else if (rawTopology && rawTopology.kind !== undefined) {
    if (TOPOLOGY_KINDS.includes(rawTopology.kind as TopologyKind)) kind = rawTopology.kind as TopologyKind;
    else
      problems.push({
        path: 'topology.kind',
        message: `unknown topology ${JSON.stringify(rawTopology.kind)}; one of ${TOPOLOGY_KINDS.join(', ')}`,
      });
  }
  const defaults = { ...base, topology: structuredClone(DEFAULT_TOPOLOGY[kind]) };
  if (rawTopology) raw = { ...raw, topology: { ...rawTopology, kind } };
  const merged = mergeKnown(defaults, raw, '', problems, FREE_KEYED) as Record<string, unknown>;

  truncateLists(merged, problems);
  // Repair field by field until the schema accepts it (each round fixes at least one path).
  let result = Scenario.safeParse(merged);
  for (let round = 0; !result.success && round < 50; round++) {
    for (const issue of result.error.issues) {
      // A bad number inside a flow [src, dst, weight] drops that flow (not the number, which
      // would leave a two-item flow to be reported again).
      const inFlow = issue.path[0] === 'traffic' && issue.path[1] === 'flows' && issue.path.length > 3;
      repairPath(merged, defaults, inFlow ? issue.path.slice(0, 3) : issue.path);
      problems.push({
        path: pathText(issue.path),
        message: inFlow
          ? `${issueText(issue)}; the flow is dropped`
          : `${issueText(issue)}${usedText(getPath(merged, issue.path))}`,
      });
    }
    dropRemoved(merged);
    result = Scenario.safeParse(merged);
  }
  let scenario: Scenario = result.success ? result.data : defaults;
  if (!result.success)
    problems.push({ path: '', message: 'could not repair the scenario; the default opened' });

  problems.push(...fitTopology(scenario));
  if (scenario.compare) scenario = { ...scenario, compare: restoreCompare(scenario, problems) };
  const gpus = countGpus(scenario);
  if (gpus > MAX_GPUS) {
    problems.push({
      path: 'topology',
      message: `${gpus.toLocaleString('en-US')} GPUs is more than this tool holds (${MAX_GPUS.toLocaleString('en-US')}); scaled down`,
    });
    scenario = scaleDown(scenario);
    // Halving a size can break a family rule (a leaf-spine spine count, say): fit again.
    problems.push(...fitTopology(scenario));
  }
  return { scenario, problems };
}

/**
 * Side B of a comparison must itself be a valid scenario: its problems are reported under
 * compare.overrides, and the overrides are kept as the difference B − A that survived.
 */
function restoreCompare(a: Scenario, problems: Problem[]): Scenario['compare'] {
  const cmp = a.compare!;
  const base = { ...a, compare: null };
  const overrides = { ...cmp.overrides };
  if ('compare' in overrides) {
    problems.push({
      path: 'compare.overrides.compare',
      message: 'a comparison cannot nest another; ignored',
    });
    delete overrides.compare;
  }
  let b = restoreUnsafe(apply(base, overrides));
  if (b.problems.length) {
    // A bad override is dropped, so B keeps A's value there rather than a global default.
    for (const p of b.problems) {
      problems.push({ path: `compare.overrides.${p.path}`.replace(/\.$/, ''), message: p.message });
      deletePath(overrides, p.path);
    }
    b = restoreUnsafe(apply(base, overrides));
  }
  const kept = diff(base, { ...b.scenario, compare: null });
  return { ...cmp, overrides: (kept ?? {}) as Record<string, unknown> };
}

/** Removes a dotted path (`media.leaf`, `traffic.flows[3]`) from a raw object, as far as it exists. */
function deletePath(obj: Record<string, unknown>, path: string): void {
  const keys = path.split(/\.|\[(\d+)\]/).filter((k) => k);
  let cur: unknown = obj;
  for (let i = 0; i < keys.length; i++) {
    if (!isObject(cur) || !Object.hasOwn(cur, keys[i])) return;
    if (i === keys.length - 1 || !isObject(cur[keys[i]])) {
      delete cur[keys[i]];
      return;
    }
    cur = cur[keys[i]];
  }
}

/** Halves the family's size parameter until the GPU count fits. */
function scaleDown(s: Scenario): Scenario {
  const t = structuredClone(s.topology) as Record<string, unknown>;
  const key = SIZE_KEY[s.topology.kind];
  for (let i = 0; i < 64 && countGpus({ ...s, topology: t as Scenario['topology'] }) > MAX_GPUS; i++) {
    if (key === 'dims') {
      const d = t.dims as number[];
      const j = d.indexOf(Math.max(...d));
      d[j] = Math.max(1, Math.floor(d[j] / 2));
    } else if (key === 'k') t.k = Math.max(2, (Math.floor((t.k as number) / 4) * 2) | 0);
    else if (key) t[key] = Math.max(1, Math.floor((t[key] as number) / 2));
  }
  const out = { ...s, topology: t as Scenario['topology'] };
  if (countGpus(out) > MAX_GPUS)
    return { ...out, topology: structuredClone(DEFAULT_TOPOLOGY[s.topology.kind]) };
  return out;
}

const SIZE_KEY: Record<TopologyKind, string | undefined> = {
  'fat-tree': 'k',
  'leaf-spine': 'gpus',
  clos3: 'gpus',
  'rail-optimized': 'sus',
  dragonfly: 'g',
  torus: 'dims',
  custom: undefined,
};

/** Sets a dotted path (`topology.k`, `media.leaf`, `floor.pinned.3`) on a raw scenario copy. */
export function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let cur: Record<string, unknown> = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (FORBIDDEN_KEYS.has(k)) return;
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (!FORBIDDEN_KEYS.has(last)) cur[last] = value;
}
