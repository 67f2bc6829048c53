// The preset scenes bundled into the app (scenes/*.json, ID = file name without .json).

const files = import.meta.glob('../../scenes/*.json', { eager: true, import: 'default' }) as Record<
  string,
  unknown
>;

export const PRESETS: ReadonlyMap<string, unknown> = new Map(
  Object.entries(files)
    .map(([path, json]) => [path.replace(/^.*\//, '').replace(/\.json$/, ''), json] as const)
    .filter(([id]) => !id.startsWith('tour-'))
    .sort(([a], [b]) => a.localeCompare(b)),
);

export const DEFAULT_PRESET = 'demo';

export function presetName(id: string): string {
  const p = PRESETS.get(id) as { name?: unknown } | undefined;
  return typeof p?.name === 'string' ? p.name : id;
}
