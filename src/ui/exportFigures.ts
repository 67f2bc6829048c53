// What the figure and link-utilization exports read from the stores: side A, and side B when a
// comparison's other side is placed, with whatever solves and worst-path latencies have landed.

import { compareFigures, type SideFigures } from '../model/compare';
import { figuresToCsv, linkUtilizationCsvChunks } from '../share/export';
import { useCompare } from '../state/compare';
import { figuresKey, useFigures } from '../state/figures';
import { useSolve } from '../state/solve';
import { useStore } from '../state/store';

/** The figures CSV: one column, or A, B, B − A and % while a comparison shows both sides. */
export function figuresCsv(): string | null {
  const st = useStore.getState();
  const sc = st.scene;
  if (!sc || sc.hash !== st.hash) return null;
  const results = useSolve.getState().results;
  const worst = useFigures.getState().worstPathNs;
  const solveA = results[st.hash]?.summary;
  const a: SideFigures = { bom: sc.analysis.bom, worstPathNs: worst[figuresKey(sc)], solve: solveA };
  const cs = useCompare.getState();
  const cmp = st.scenario.compare;
  if (cmp && cs.sceneB && cs.hashB && cs.sceneB.hash === cs.hashB) {
    const solveB = results[cs.hashB]?.summary;
    const b: SideFigures = {
      bom: cs.sceneB.analysis.bom,
      worstPathNs: worst[figuresKey(cs.sceneB)],
      solve: solveB,
    };
    return figuresToCsv(st.scenario.name, compareFigures(a, b), [solveA, solveB], [cmp.labelA, cmp.labelB]);
  }
  return figuresToCsv(st.scenario.name, compareFigures(a, a), [solveA]);
}

/**
 * Every link's utilization under side A's solve, in parts; null until the solve has landed.
 * Written in chunks with a pause between them, so the page keeps answering at 100k GPUs.
 */
export async function linkUtilizationCsv(): Promise<string[] | null> {
  const st = useStore.getState();
  const entry = useSolve.getState().results[st.hash];
  if (!st.scene || st.scene.hash !== st.hash || !entry) return null;
  const parts: string[] = [];
  for (const part of linkUtilizationCsvChunks(
    st.scene.fabric,
    entry.linkUtilization,
    st.scenario.traffic.failedLinks,
  )) {
    parts.push(part);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return parts;
}
