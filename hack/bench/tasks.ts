// bench:tasks — how fast Stevedore turns Tasks into running Pods, next to kube-scheduler doing
// the same for plain Pods and to Pods created already bound to a Node (no scheduler at all: the
// ceiling of this control plane), on the same control plane in the same run. The machine is
// shared and noisy, so only ratios measured side by side mean much.
//
//   npm run bench:tasks [-- --tasks 2000 --nodes 200 --runs 3 --workers 32 --sides stevedore,kube-scheduler,pre-bound
//                           --scheduler-qps 5000 --scheduler-burst 5000 --kwok-parallelism 16 --timeout 900 --max-minutes 120]
//
// kube-scheduler runs with client limits as high as scheduler_perf gives it (its default of 50
// requests/s would be what it measures); the operator has no client-side limit. kwok's client
// has none either; its parallelism (default 4) is raised so that it does not bound both sides.
//
// Each run of a side creates N objects (64 at a time), times from the first create until all
// run (Tasks RUNNING, Pods Running, as a watch sees it), counts the API writes from
// kube-apiserver's apiserver_request_total (POST/PUT/PATCH/APPLY/DELETE, every resource but
// kwok's Node and Lease heartbeats), then deletes everything. Sides alternate; medians are
// printed at the end.
import { parseArgs } from 'node:util';
import type { OperatorProcess } from '../../src/localcluster/operator-process.ts';
import {
  clearNamespace, exitAfter, exitOnSignals, formatWritesPerObject, log, measureSide, median, perSecond, positiveInt, preBoundSide, schedulerSide, seconds,
  startBenchCluster, startBenchOperator, stevedoreSide, stopOperator, totalWrites, type BenchCluster, type Side, type SideRun,
} from './support.ts';

const { values } = parseArgs({
  options: {
    tasks: { type: 'string', default: '2000' },
    nodes: { type: 'string', default: '200' },
    runs: { type: 'string', default: '3' },
    workers: { type: 'string', default: '32' },
    // A subset while tuning one side; the ratios need all three.
    sides: { type: 'string', default: 'stevedore,kube-scheduler,pre-bound' },
    'scheduler-qps': { type: 'string', default: '5000' },
    'scheduler-burst': { type: 'string', default: '5000' },
    'kwok-parallelism': { type: 'string', default: '16' },
    'max-minutes': { type: 'string', default: '120' },
    timeout: { type: 'string', default: '900' },
  },
});
const count = positiveInt('tasks', values.tasks);
const nodeCount = positiveInt('nodes', values.nodes);
const runs = positiveInt('runs', values.runs);
const timeoutMs = positiveInt('timeout', values.timeout) * 1000;

exitOnSignals();
exitAfter(positiveInt('max-minutes', values['max-minutes']));
let cluster: BenchCluster | undefined;
let operator: OperatorProcess | undefined;
try {
  cluster = await startBenchCluster({
    nodes: nodeCount,
    schedulerClientLimits: { qps: positiveInt('scheduler-qps', values['scheduler-qps']), burst: positiveInt('scheduler-burst', values['scheduler-burst']) },
    kwokParallelism: positiveInt('kwok-parallelism', values['kwok-parallelism']),
  });
  operator = await startBenchOperator(cluster, positiveInt('workers', values.workers));

  const allSides: Record<string, Side> = { stevedore: stevedoreSide(cluster.kc), 'kube-scheduler': schedulerSide(cluster.kc), 'pre-bound': preBoundSide(cluster.kc, cluster.nodeNames) };
  const sides: Side[] = (values.sides ?? '').split(',').map((name) => {
    const side = allSides[name.trim()];
    if (side === undefined) throw new Error(`--sides: unknown side '${name}' (stevedore, kube-scheduler, pre-bound)`);
    return side;
  });
  const results = new Map<Side, SideRun[]>(sides.map((side) => [side, []]));
  for (let i = 0; i < runs; i++) {
    for (const side of sides) {
      const result = await measureSide(cluster.kc, side, { count, timeoutMs });
      results.get(side)?.push(result);
      log(`${side.label}, run ${i + 1}: created in ${seconds(result.createMs)}, all running after ${seconds(result.runningMs)} (${perSecond(count, result.runningMs)}); writes per object ${formatWritesPerObject(result.writes, count)}`);
      log(`  (deleted in ${seconds(await clearNamespace(cluster.kc, side.kind, timeoutMs))})`);
    }
  }

  log('');
  log(`${count} objects on ${nodeCount} Nodes, median of ${runs} runs (each from the first create to all running):`);
  const medianMs = (side: Side) => median((results.get(side) ?? []).map((r) => r.runningMs));
  for (const side of sides) {
    const sideRuns = results.get(side) ?? [];
    const ms = medianMs(side);
    // The run whose write total is the median, so that its breakdown adds up.
    const byWrites = [...sideRuns].sort((a, b) => totalWrites(a.writes) - totalWrites(b.writes));
    const medianWrites = byWrites[Math.floor(byWrites.length / 2)];
    log(`  ${side.label.padEnd(16)} ${seconds(ms).padStart(9)}  ${perSecond(count, ms).padStart(7)}  writes per object ${medianWrites === undefined ? '-' : formatWritesPerObject(medianWrites.writes, count)}`);
    log(`  ${''.padEnd(16)} runs: ${sideRuns.map((r) => seconds(r.runningMs)).join(', ')}`);
  }
  if (sides.length === 3) {
    const [stevedore, scheduler, preBound] = sides.map(medianMs) as [number, number, number];
    log(`  ratio Stevedore / kube-scheduler time: ${(stevedore / scheduler).toFixed(2)}`);
    log(`  ratio kube-scheduler / pre-bound time: ${(scheduler / preBound).toFixed(2)}; Stevedore / pre-bound: ${(stevedore / preBound).toFixed(2)}`);
  }
} catch (error) {
  if (operator !== undefined) process.stderr.write(`operator output (newest part):\n${operator.output().slice(-5_000)}\n`);
  throw error;
} finally {
  if (operator !== undefined) await stopOperator(operator);
  await cluster?.stop();
}
