// npm run --silent report -- SCENARIO [--set path=value]... [--pretty]
// Prints the scenario's figures as one JSON object (shape documented in README). Problems with
// the scenario or an override go to stderr, naming the field, and exit with status 2.

import { analyze } from '../layout/analyze';
import { place } from '../layout/place';
import { compareFigures, numericDelta, sideA, sideB, type SolveFigures } from '../model/compare';
import { NODE_GPU, TIERS, nodeName, type Fabric } from '../model/fabric';
import { solveScenario } from '../solver';
import { build } from '../model/generators';
import { worstPathLatencyNs } from '../model/latency';
import { matchCounts, matchLinks } from '../model/linkMatch';
import { moduleLatencyNs } from '../model/media';
import { toReport, type Report } from '../model/report';
import { resolveCatalog } from '../model/resolved';
import { restore } from '../model/restore';
import type { Problem, Scenario } from '../model/scenario';
import { UsageError, applySets, loadRaw, parseArgs } from './load';

const USAGE =
  'usage: npm run --silent report -- SCENARIO [--set path=value]... [--pretty] [--detail] [--no-solve]';
const HELP = `${USAGE}

Prints the scenario's figures (counts, cables, power, cost, latency, the flow solve) as one JSON
object; README.md ("Report CLI") lists its fields.

  SCENARIO          a scene file, a preset id (demo, colossus-100k, …) or a share URL
  --set path=value  overrides a scenario field by its dotted path; value is JSON where it parses
                    (--set topology.k=8, --set traffic.pattern=all-to-all), text otherwise
  --pretty          indented JSON
  --detail          every link and flow (fabrics up to 20,000 links)
  --no-solve        skips the flow solver
  --help, -h        this text

A bad scenario or override prints its problems on stderr (field.path: message) and exits 2.
`;
/** --detail lists every link and flow only for fabrics this small (the output would be huge). */
const DETAIL_MAX_LINKS = 20_000;
const DETAIL_MAX_FLOWS = 5_000;

interface Options {
  solve: boolean;
  detail: boolean;
}

/** The figures of one side: build, place, media, BOM, worst-path latency, solve. */
function reportOf(
  scenario: Scenario,
  o: Options,
  failedFrom?: Fabric,
): { report: Report & { solve?: unknown; detail?: unknown }; fabric: Fabric } {
  const fabric = build(scenario);
  // Side B's failed links are side A's cables, found on B's fabric by their devices' names.
  const failed = scenario.traffic.failedLinks;
  const matched = failedFrom && failed.length ? matchLinks(failedFrom, fabric, failed) : null;
  const onB = matched ? [...matched].filter((l) => l >= 0) : null;
  const s = onB ? { ...scenario, traffic: { ...scenario.traffic, failedLinks: onB } } : scenario;
  const report = reportFor(s, fabric, o);
  const { of, unmatched } =
    matched && failedFrom ? matchCounts(failedFrom, failed, matched) : { of: 0, unmatched: 0 };
  if (unmatched && report.solve)
    (report.solve as { notes: string[] }).notes.push(
      `${unmatched} of side A's ${of} failed links ${unmatched === 1 ? 'has' : 'have'} no counterpart on this side (no link between the same two devices); not failed here`,
    );
  return { report, fabric };
}

function reportFor(s: Scenario, fabric: Fabric, o: Options): Report & { solve?: unknown; detail?: unknown } {
  // The same force-directed floor plan the app places, so the CLI prints the page's figures.
  const a = analyze(fabric, s, place(fabric, s));
  const worstPathNs = worstPathLatencyNs(fabric, a.lengthM, a.media, resolveCatalog(s));
  const out: Report & { solve?: unknown; detail?: unknown } = toReport(s, a.bom, [], { worstPathNs });
  if (!o.solve) return out;
  const solved = solveScenario(fabric, s, { lengthM: a.lengthM, moduleNs: moduleLatencyNs(a.media) });
  out.solve = solved.summary;
  if (o.detail) {
    if (fabric.linkCount > DETAIL_MAX_LINKS) {
      out.detail = {
        omitted: `--detail lists at most ${DETAIL_MAX_LINKS.toLocaleString('en-US')} links; this fabric has ${fabric.linkCount.toLocaleString('en-US')}`,
      };
    } else {
      const links = [];
      for (let l = 0; l < fabric.linkCount; l++)
        links.push({
          link: l,
          a: nodeName(fabric, fabric.linkA[l]),
          b: nodeName(fabric, fabric.linkB[l]),
          tier: TIERS[fabric.linkTier[l]],
          medium: a.media.kinds[a.media.linkKind[l]].family,
          lengthM: Number(a.lengthM[l].toFixed(2)),
          gbps: fabric.linkGbps[l],
          utilization: Number(solved.linkUtilization[l].toFixed(6)),
        });
      const gpuNode: number[] = [];
      for (let n = 0; n < fabric.nodeCount; n++) if (fabric.nodeKind[n] === NODE_GPU) gpuNode.push(n);
      // A leaf-pair commodity stands for every GPU pair under its two leaves (weight: how many).
      const end = (node: number) =>
        fabric.nodeKind[node] === NODE_GPU ? nodeName(fabric, node) : `GPUs under ${nodeName(fabric, node)}`;
      const flows = solved.detail(DETAIL_MAX_FLOWS).map(({ srcGpu, dstGpu, srcNode, dstNode, ...f }) =>
        f.folded === 'leaf-pair'
          ? { ...f, src: end(srcNode), dst: end(dstNode) }
          : {
              ...f,
              srcGpu,
              dstGpu,
              src: nodeName(fabric, gpuNode[srcGpu]),
              dst: nodeName(fabric, gpuNode[dstGpu]),
            },
      );
      out.detail = { links, flows };
    }
  }
  return out;
}

function main(argv: string[]): number {
  let args;
  let raw;
  const linkProblems: Problem[] = [];
  try {
    args = parseArgs(argv, ['--pretty', '--detail', '--no-solve']);
    if (args.help) {
      process.stdout.write(HELP);
      return 0;
    }
    raw = applySets(loadRaw(args.scenario, linkProblems), args.sets);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    return 2;
  }
  const restored = restore(raw);
  const { scenario } = restored;
  const problems = [...linkProblems, ...restored.problems];
  if (problems.length) {
    for (const p of problems) process.stderr.write(`${p.path || '(scenario)'}: ${p.message}\n`);
    return 2;
  }
  const opts: Options = { solve: !args.flags.has('--no-solve'), detail: args.flags.has('--detail') };
  const { report: ra, fabric: fabricA } = reportOf(sideA(scenario), opts);
  const out: Record<string, unknown> = { ...ra };
  const b = sideB(scenario);
  const solveFigures = (r: typeof ra) => r.solve as SolveFigures | undefined;
  if (scenario.compare && b) {
    const rb = reportOf(b, { ...opts, detail: false }, fabricA).report;
    out.compare = {
      question: scenario.compare.question,
      labelA: scenario.compare.labelA,
      labelB: scenario.compare.labelB,
      overrides: scenario.compare.overrides,
      a: ra,
      b: rb,
      delta: numericDelta(ra, rb),
      table: compareFigures(
        { bom: ra, worstPathNs: ra.worstPathNs, solve: solveFigures(ra) },
        { bom: rb, worstPathNs: rb.worstPathNs, solve: solveFigures(rb) },
      ),
    };
  }
  process.stdout.write(`${JSON.stringify(out, null, args.flags.has('--pretty') ? 2 : undefined)}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
