// Reads the SCENARIO argument of a CLI command: a scene file, a preset id, or a share URL.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setPath } from '../model/restore';
import type { Problem } from '../model/scenario';
import { decodeShare } from '../share/codec';

export const SCENES_DIR = fileURLToPath(new URL('../../scenes/', import.meta.url));

export function presetIds(): string[] {
  return readdirSync(SCENES_DIR)
    .filter((f) => f.endsWith('.json') && !f.startsWith('tour-'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

export class UsageError extends Error {}

export const presetRawById = (id: string): unknown => {
  const file = `${SCENES_DIR}${id}.json`;
  return /^[A-Za-z0-9_-]+$/.test(id) && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};

/**
 * The raw scenario JSON the argument names. A share URL's problems (a damaged link) are
 * returned so the caller can report them as it reports any other scenario problem.
 */
export function loadRaw(arg: string, problems: Problem[] = []): unknown {
  if (/^https?:\/\/|^[?#]/.test(arg)) {
    const url = new URL(arg, 'http://localhost/');
    if (url.hash.length > 1) {
      const shared = decodeShare(url.hash, presetRawById, 'demo');
      problems.push(...shared.problems);
      return shared.scenario;
    }
    const scene = url.searchParams.get('scene');
    if (scene) return loadRaw(scene, problems);
    throw new UsageError(`the URL holds no scenario (neither #v1.… nor ?scene=ID): ${arg}`);
  }
  const file = existsSync(arg) ? arg : `${SCENES_DIR}${arg}.json`;
  if (!existsSync(file))
    throw new UsageError(`no scene file or preset named "${arg}"; presets: ${presetIds().join(', ')}`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * `--set path=value`: value is JSON when it parses (numbers, booleans, lists), else text. A
 * scenario that is not a JSON object comes back as it is, for restore() to name.
 */
export function applySets(raw: unknown, sets: string[]): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    if (!sets.length) return raw;
    const got = raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw;
    throw new UsageError(`the scenario is not a JSON object (got ${got}): --set has nothing to set`);
  }
  const out = structuredClone(raw) as Record<string, unknown>;
  for (const s of sets) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set expects path=value, got "${s}"`);
    const text = s.slice(eq + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      /* plain text */
    }
    const path = s.slice(0, eq);
    // A new topology family starts from its own defaults, not the old family's parameters.
    if (path === 'topology.kind') out.topology = {};
    setPath(out, path, value);
  }
  return out;
}

export interface CliArgs {
  scenario: string;
  sets: string[];
  flags: Set<string>;
  /** --help or -h: print the usage and exit 0, nothing else. */
  help: boolean;
}

export function parseArgs(argv: string[], known: string[]): CliArgs {
  const sets: string[] = [];
  const flags = new Set<string>();
  let scenario = '';
  if (argv.includes('--help') || argv.includes('-h')) return { scenario, sets, flags, help: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--set') {
      if (i + 1 >= argv.length) throw new UsageError('--set needs path=value');
      sets.push(argv[++i]);
    } else if (a.startsWith('--set=')) sets.push(a.slice(6));
    else if (a.startsWith('--')) {
      if (!known.includes(a)) throw new UsageError(`unknown option ${a}`);
      flags.add(a);
    } else if (!scenario) scenario = a;
    else throw new UsageError(`unexpected argument "${a}"`);
  }
  if (!scenario) throw new UsageError('missing SCENARIO (a scene file, a preset id or a share URL)');
  return { scenario, sets, flags, help: false };
}
