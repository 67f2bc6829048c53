// Typed arrays a solve uses and drops, kept for the next one. At 100k GPUs a solve's temporaries
// run to hundreds of MB, and fresh memory costs a page fault per 4 kB page: in Chromium every
// ring re-solve faulted about 60,000 pages (≈ 235 MB, ~140 ms of a 350–580 ms solve), because
// large buffers go back to the system when dropped. The rule: never give back an array that
// anything may still read (a result, a closure, a list that keeps a view). Code borrows its
// temporaries and gives them back when done; a borrowed array that ends up in a result is simply
// never given back, and the collector takes it as it takes any other.

type Typed = Float64Array | Float32Array | Int32Array | Uint32Array | Uint8Array;
interface TypedConstructor<T extends Typed> {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  new (length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** Below this, fresh arrays are cheap (the allocator keeps small blocks): not pooled. */
const MIN_BYTES = 1 << 16;

/** At most this much is held between solves (the largest buffers go first past it): a 100k ring
 * re-solve gives back about 100 MB. Compare mode runs two solve workers. */
export const MAX_HELD_BYTES = 128 * 2 ** 20;

/** Free buffers, smallest first. */
const free: ArrayBuffer[] = [];
let held = 0;

/** Bytes held for reuse now (for tests and benchmarks). */
export const heldBytes = (): number => held;

/** Empties the pool (tests; and whoever wants the memory back). */
export function dropScratch(): void {
  free.length = 0;
  held = 0;
}

/**
 * An array of `length` elements, zero-filled unless `zero` is false (then its contents are
 * whatever the last borrower left). From a free buffer between its size and twice it, if any.
 */
export function borrow<T extends Typed>(Kind: TypedConstructor<T>, length: number, zero = true): T {
  const bytes = length * Kind.BYTES_PER_ELEMENT;
  if (bytes < MIN_BYTES) return new Kind(length);
  const i = firstFitting(bytes);
  if (i < free.length && free[i].byteLength <= 2 * bytes) {
    const buf = free[i];
    free.splice(i, 1);
    held -= buf.byteLength;
    const view = new Kind(buf, 0, length);
    if (zero) view.fill(0);
    return view;
  }
  return new Kind(length);
}

/** Returns arrays (or views sharing one buffer: each buffer is kept once) for later borrows;
 * null stands for an array a caller did not need. */
export function giveBack(...arrays: (Typed | null)[]): void {
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) {
    if (!a) continue;
    const buf = a.buffer as ArrayBuffer;
    // Small, transferred away (detached: length 0) or given already: nothing to keep.
    if (buf.byteLength < MIN_BYTES || seen.has(buf) || free.includes(buf)) continue;
    seen.add(buf);
    free.splice(firstFitting(buf.byteLength), 0, buf);
    held += buf.byteLength;
  }
  while (held > MAX_HELD_BYTES) held -= free.pop()!.byteLength;
}

/** Index of the first free buffer of at least `bytes`. */
function firstFitting(bytes: number): number {
  let lo = 0;
  let hi = free.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (free[mid].byteLength < bytes) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
