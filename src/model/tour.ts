// Guided tours: a scenario and steps, each with a camera pose, scenario overrides, highlighted
// elements and a caption. Captions hold {placeholders} filled from the model's own figures, so
// a tour never states a number the model did not compute.

import { z } from 'zod';
import { TIERS } from './fabric';
import { MEDIUM_FAMILIES } from './catalog';
import type { Problem } from './scenario';

/** Where the camera looks: the whole cluster, one tier's switches, or one rack. */
export const Focus = z.union([
  z.literal('all'),
  z.object({ tier: z.enum(TIERS) }),
  z.object({ rack: z.number().int().min(0).max(1e6) }),
]);

export const CameraPose = z.object({
  focus: Focus,
  /** Degrees around the vertical axis, 0 looking along +z. */
  azimuthDeg: z.number().min(-360).max(360),
  /** Degrees above the floor. */
  elevationDeg: z.number().min(5).max(89),
  /** Distance as a multiple of the distance that fits the focus in view. */
  zoom: z.number().min(0.05).max(5),
});
export type CameraPose = z.infer<typeof CameraPose>;

export const TourStep = z.object({
  title: z.string().min(1).max(120),
  caption: z.string().min(1).max(600),
  camera: CameraPose,
  /** A merge patch applied to the tour's scenario for this step (and kept until changed). */
  overrides: z.record(z.string(), z.unknown()).optional(),
  highlight: z
    .object({
      tiers: z.array(z.enum(TIERS)).max(8).optional(),
      media: z.array(z.enum(MEDIUM_FAMILIES)).max(8).optional(),
    })
    .optional(),
  /** Seconds the step stays in autoplay. */
  durationS: z.number().min(2).max(120),
});
export type TourStep = z.infer<typeof TourStep>;

export const Tour = z.object({
  kind: z.literal('tour'),
  version: z.literal(1),
  title: z.string().min(1).max(120),
  description: z.string().max(600),
  /** The preset the tour plays on. */
  scene: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
  steps: z.array(TourStep).min(1).max(50),
});
export type Tour = z.infer<typeof Tour>;

/** Validates a tour file; an invalid tour is refused whole, with its problems. */
export function restoreTour(raw: unknown): { tour: Tour | null; problems: Problem[] } {
  const r = Tour.safeParse(raw);
  if (r.success) return { tour: r.data, problems: [] };
  return {
    tour: null,
    problems: r.error.issues
      .slice(0, 10)
      .map((i) => ({ path: `tour.${i.path.join('.')}`, message: i.message })),
  };
}

/** Figures a caption can name, e.g. {gpus}, {b.opticsShare}, {delta.totalPowerPct}. */
export type CaptionFigures = Record<string, string>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_.]*)\}/g;

/** Fills a caption's {placeholders}; an unknown one stays visible as "{name?}" so it is noticed. */
export function fillCaption(template: string, figures: CaptionFigures): string {
  return template.replace(PLACEHOLDER, (_, key: string) => figures[key] ?? `{${key}?}`);
}

/** Placeholders a caption uses (tests check every tour names only figures the model provides). */
export function captionKeys(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}
