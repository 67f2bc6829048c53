// The same cable on another fabric: failed links are stored by link index, and side B of a
// comparison may be a different fabric (an OCS spine instead of an electrical one), where the
// same index is another cable. A link is matched by the names of its two devices; the k-th of
// several parallel links between them matches the k-th between the same devices on the other side.

import { nodeName, type Fabric } from './fabric';

/** Whether two fabrics have the same links (ends and tier) between the same node numbers, in the
 * same order: a comparison whose overrides did not rebuild the fabric (media, rates, placement). */
export function sameLinkList(a: Fabric, b: Fabric): boolean {
  if (a.linkCount !== b.linkCount || a.nodeCount !== b.nodeCount) return false;
  for (let l = 0; l < a.linkCount; l++)
    if (a.linkA[l] !== b.linkA[l] || a.linkB[l] !== b.linkB[l] || a.linkTier[l] !== b.linkTier[l])
      return false;
  return true;
}

/** sameLinkList, with the same names on the node numbers: a link is then itself on both. */
function sameLinks(a: Fabric, b: Fabric): boolean {
  if (!sameLinkList(a, b)) return false;
  for (let n = 0; n < a.nodeCount; n++) if (nodeName(a, n) !== nodeName(b, n)) return false;
  return true;
}

/** Key of an unordered node pair. */
const pairKey = (n: number, x: number, y: number) => (x < y ? x * n + y : y * n + x);

/**
 * For each link of `from` listed in `links`, its counterpart on `to`, or -1 when `to` has no
 * link between devices of the same names (or fewer parallel ones).
 */
export function matchLinks(from: Fabric, to: Fabric, links: number[]): Int32Array {
  const out = new Int32Array(links.length).fill(-1);
  if (!links.length) return out;
  if (sameLinks(from, to)) {
    links.forEach((l, i) => (out[i] = l >= 0 && l < to.linkCount ? l : -1));
    return out;
  }
  const byName = new Map<string, number>();
  for (let n = 0; n < to.nodeCount; n++) byName.set(nodeName(to, n), n);
  // The pairs asked for, on both sides.
  const wantFrom = new Set<number>();
  const wantTo = new Set<number>();
  const toPair = new Map<number, number>();
  for (const l of links) {
    if (l < 0 || l >= from.linkCount) continue;
    const kf = pairKey(from.nodeCount, from.linkA[l], from.linkB[l]);
    wantFrom.add(kf);
    const a = byName.get(nodeName(from, from.linkA[l]));
    const b = byName.get(nodeName(from, from.linkB[l]));
    if (a === undefined || b === undefined) continue;
    const kt = pairKey(to.nodeCount, a, b);
    wantTo.add(kt);
    toPair.set(kf, kt);
  }
  // Parallel links of each pair, in link order.
  const parallel = (f: Fabric, want: Set<number>) => {
    const m = new Map<number, number[]>();
    for (let l = 0; l < f.linkCount; l++) {
      const k = pairKey(f.nodeCount, f.linkA[l], f.linkB[l]);
      if (!want.has(k)) continue;
      const list = m.get(k);
      if (list) list.push(l);
      else m.set(k, [l]);
    }
    return m;
  };
  const onFrom = parallel(from, wantFrom);
  const onTo = parallel(to, wantTo);
  links.forEach((l, i) => {
    if (l < 0 || l >= from.linkCount) return;
    const kf = pairKey(from.nodeCount, from.linkA[l], from.linkB[l]);
    const kt = toPair.get(kf);
    if (kt === undefined) return;
    const k = onFrom.get(kf)!.indexOf(l);
    out[i] = onTo.get(kt)?.[k] ?? -1;
  });
  return out;
}

const cache = new WeakMap<Fabric, WeakMap<Fabric, { links: number[]; out: Int32Array }>>();

/** matchLinks for the same fabrics and the same list (by identity) as last time: remembered, as the
 * solve, the view and the compare panel all ask for it. */
export function matchLinksCached(from: Fabric, to: Fabric, links: number[]): Int32Array {
  let byTo = cache.get(from);
  if (!byTo) cache.set(from, (byTo = new WeakMap()));
  const hit = byTo.get(to);
  if (hit && hit.links === links) return hit.out;
  const out = matchLinks(from, to, links);
  byTo.set(to, { links, out });
  return out;
}

/** Of `links`, those that are links of `from` (others are not links at all), and how many of
 * those found no counterpart (`matched` from matchLinks). */
export function matchCounts(
  from: Fabric,
  links: number[],
  matched: Int32Array,
): { of: number; unmatched: number } {
  let of = 0;
  let unmatched = 0;
  links.forEach((l, i) => {
    if (l < 0 || l >= from.linkCount) return;
    of++;
    if (matched[i] < 0) unmatched++;
  });
  return { of, unmatched };
}
