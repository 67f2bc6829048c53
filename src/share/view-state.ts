// What a share link carries besides the scenario: how the view looked.

import { z } from 'zod';
import type { Problem } from '../model/scenario';

const vec3 = z.tuple([
  z.number().min(-1e7).max(1e7),
  z.number().min(-1e7).max(1e7),
  z.number().min(-1e7).max(1e7),
]);

export const ViewState = z.object({
  camera: z.object({ position: vec3, target: vec3 }).optional(),
  selection: z
    .object({
      kind: z.enum(['rack', 'node', 'link', 'server']),
      index: z.number().int().min(0).max(1e8),
    })
    .optional(),
  hiddenTiers: z.array(z.string().max(20)).max(16).optional(),
  tour: z.object({ id: z.string().max(100), step: z.number().int().min(0).max(1000) }).optional(),
});
export type ViewState = z.infer<typeof ViewState>;

/** Keeps each view field that is valid, drops the others with a problem. */
export function restoreView(raw: unknown): { view: ViewState; problems: Problem[] } {
  const problems: Problem[] = [];
  if (raw === undefined) return { view: {}, problems };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { view: {}, problems: [{ path: 'view', message: 'not an object; ignored' }] };
  }
  const view: Record<string, unknown> = {};
  const shape = ViewState.shape;
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(shape, key)) {
      problems.push({ path: `view.${key}`, message: 'unknown field ignored' });
      continue;
    }
    const parsed = shape[key as keyof typeof shape].safeParse(value);
    if (parsed.success) view[key] = parsed.data;
    else
      problems.push({ path: `view.${key}`, message: parsed.error.issues[0]?.message ?? 'invalid; ignored' });
  }
  return { view: view as ViewState, problems };
}
