// Which links differ between sides A and B of a comparison. When both fabrics have the same
// links (same endpoints in the same order), per link: the medium family or the rate changed.
// Otherwise (the overrides rebuilt the fabric) the tiers the overrides touch are highlighted.

import type { SceneResult } from '../layout/pipeline';
import { TIERS, type Tier } from '../model/fabric';
import { sameLinkList } from '../model/linkMatch';

export interface LinkDiff {
  how: 'per-link' | 'tiers';
  a: Uint8Array;
  b: Uint8Array;
  countA: number;
  countB: number;
  tiers: Tier[];
}

/**
 * Beyond half of A's links, or beyond 50,000 (the 100k preset's 254k optical links), a highlight
 * paints the hall one colour and points at nothing, so it starts off.
 */
export const DIFF_AUTO_MAX_SHARE = 0.5;
export const DIFF_AUTO_MAX_LINKS = 50_000;

/** Whether the highlight is drawn: the user's choice, else only when it picks out a readable set. */
export function diffShown(choice: boolean | null, diff: LinkDiff | null, linkCount: number): boolean {
  if (choice !== null) return choice;
  return !!diff && diff.countA <= Math.min(DIFF_AUTO_MAX_LINKS, DIFF_AUTO_MAX_SHARE * Math.max(1, linkCount));
}

/** Tiers a comparison's overrides touch (all tiers when that cannot be told). */
export function touchedTiers(overrides: Record<string, unknown>): Tier[] {
  const out = new Set<Tier>();
  const keysOf = (v: unknown) => (v && typeof v === 'object' ? Object.keys(v) : []);
  for (const [k, v] of Object.entries(overrides)) {
    if (k === 'media' || k === 'linkGbps' || k === 'switches')
      for (const t of keysOf(v)) {
        if ((TIERS as readonly string[]).includes(t)) out.add(t as Tier);
        if (t === 'ocs') out.add('ocs');
      }
    else if (k === 'scaleUp') out.add('scale-up');
    else if (k === 'topology') {
      for (const t of keysOf(v)) {
        if (/leaf/i.test(t)) out.add('leaf');
        if (/spine/i.test(t)) out.add('spine');
      }
    } else if (k === 'autoFamilies' || k === 'floor' || k === 'cpoNicFamily' || k === 'catalog')
      for (const t of TIERS) if (t !== 'scale-up') out.add(t);
  }
  return out.size ? [...out] : [...TIERS];
}

const cache = new WeakMap<SceneResult, WeakMap<SceneResult, LinkDiff>>();

export function linkDiff(a: SceneResult, b: SceneResult, overrides: Record<string, unknown>): LinkDiff {
  const hit = cache.get(a)?.get(b);
  if (hit) return hit;
  let out: LinkDiff;
  if (sameLinkList(a.fabric, b.fabric)) {
    const fa = a.analysis.media.linkFamily;
    const fb = b.analysis.media.linkFamily;
    const m = new Uint8Array(a.fabric.linkCount);
    let n = 0;
    for (let l = 0; l < m.length; l++)
      if (fa[l] !== fb[l] || a.fabric.linkGbps[l] !== b.fabric.linkGbps[l]) {
        m[l] = 1;
        n++;
      }
    out = { how: 'per-link', a: m, b: m, countA: n, countB: n, tiers: [] };
  } else {
    const tiers = touchedTiers(overrides);
    const idx = new Set(tiers.map((t) => TIERS.indexOf(t)));
    const mask = (s: SceneResult) => {
      const m = new Uint8Array(s.fabric.linkCount);
      let n = 0;
      for (let l = 0; l < m.length; l++)
        if (idx.has(s.fabric.linkTier[l])) {
          m[l] = 1;
          n++;
        }
      return [m, n] as const;
    };
    const [ma, na] = mask(a);
    const [mb, nb] = mask(b);
    out = { how: 'tiers', a: ma, b: mb, countA: na, countB: nb, tiers };
  }
  if (!cache.has(a)) cache.set(a, new WeakMap());
  cache.get(a)!.set(b, out);
  return out;
}
