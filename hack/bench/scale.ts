// bench:scale — Stevedore at scale on the local control plane: many simulated Nodes, many Tasks
// through the operator, and in the same run kube-scheduler with as many plain Pods.
//
//   npm run bench:scale [-- --nodes 2000 --tasks 20000 --repeats 1 --workers 32
//                           --scheduler-qps 5000 --scheduler-burst 5000 --kwok-parallelism 16 --timeout 3600 --max-minutes 240]
//
// Prints for Stevedore: time from the first create to all Tasks RUNNING, tasks/s, placement
// decision latency p50/p99 as the operator measured it (its stevedore_placement_decision_seconds
// histogram, read from its /metrics before and after each repeat; a quantile is interpolated
// inside its bucket, and the bucket's bounds are printed with it), the time from a Task's
// creation to its placement, and the operator's peak RSS (VmHWM of its process). For
// kube-scheduler: the time to all Pods Running and pods/s. For both: API writes per object, as
// bench:tasks counts them. Sides alternate when --repeats > 1; medians are printed at the end.
import { parseArgs } from 'node:util';
import type { OperatorProcess } from '../../src/localcluster/operator-process.ts';
import { histogram, histogramDelta, quantile, type Histogram, type Quantile } from './prometheus.ts';
import {
  clearNamespace, exitAfter, exitOnSignals, formatWritesPerObject, log, measureSide, median, peakRssBytes, perSecond, positiveInt, schedulerSide, seconds,
  startBenchCluster, startBenchOperator, stevedoreSide, stopOperator, totalWrites, type BenchCluster, type SideRun,
} from './support.ts';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '2000' },
    tasks: { type: 'string', default: '20000' },
    repeats: { type: 'string', default: '1' },
    workers: { type: 'string', default: '32' },
    'scheduler-qps': { type: 'string', default: '5000' },
    'scheduler-burst': { type: 'string', default: '5000' },
    'kwok-parallelism': { type: 'string', default: '16' },
    'max-minutes': { type: 'string', default: '240' },
    timeout: { type: 'string', default: '3600' },
  },
});
const nodeCount = positiveInt('nodes', values.nodes);
const count = positiveInt('tasks', values.tasks);
const repeats = positiveInt('repeats', values.repeats);
const timeoutMs = positiveInt('timeout', values.timeout) * 1000;

interface StevedoreRun extends SideRun {
  decisions: Histogram | undefined;
  placementLatency: Histogram | undefined;
  peakRss: number;
}

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
  const op = await startBenchOperator(cluster, positiveInt('workers', values.workers));
  operator = op;
  const metricsUrl = op.metricsUrl;
  if (metricsUrl === undefined) throw new Error('the operator serves no /metrics');
  const scrape = async () => (await fetch(metricsUrl)).text();
  log(`Operator up (pid ${op.pid}, peak RSS so far ${mib(await peakRssBytes(op.pid))})`);

  const stevedore = stevedoreSide(cluster.kc);
  const scheduler = schedulerSide(cluster.kc);
  const stevedoreRuns: StevedoreRun[] = [];
  const schedulerRuns: SideRun[] = [];
  for (let i = 0; i < repeats; i++) {
    let before = '';
    let after = '';
    const run = await measureSide(cluster.kc, stevedore, {
      count,
      timeoutMs,
      hooks: { before: async () => void (before = await scrape()), after: async () => void (after = await scrape()) },
    });
    const decisions = delta(after, before, 'stevedore_placement_decision_seconds');
    const placementLatency = delta(after, before, 'stevedore_task_placement_latency_seconds');
    const stevedoreRun = { ...run, decisions, placementLatency, peakRss: await peakRssBytes(op.pid) };
    stevedoreRuns.push(stevedoreRun);
    log(`Stevedore, repeat ${i + 1}: created in ${seconds(run.createMs)}, all RUNNING after ${seconds(run.runningMs)} (${perSecond(count, run.runningMs)}); ` +
      `decision ${describe(decisions)}; creation to placement ${describe(placementLatency)}; operator peak RSS ${mib(stevedoreRun.peakRss)}; writes per task ${formatWritesPerObject(run.writes, count)}`);
    log(`  (deleted in ${seconds(await clearNamespace(cluster.kc, stevedore.kind, timeoutMs))})`);

    const plain = await measureSide(cluster.kc, scheduler, { count, timeoutMs });
    schedulerRuns.push(plain);
    log(`kube-scheduler, repeat ${i + 1}: created in ${seconds(plain.createMs)}, all Running after ${seconds(plain.runningMs)} (${perSecond(count, plain.runningMs)}); writes per Pod ${formatWritesPerObject(plain.writes, count)}`);
    log(`  (deleted in ${seconds(await clearNamespace(cluster.kc, scheduler.kind, timeoutMs))})`);
  }

  const s = median(stevedoreRuns.map((r) => r.runningMs));
  const k = median(schedulerRuns.map((r) => r.runningMs));
  const middle = <T extends SideRun>(runs: T[]) => [...runs].sort((a, b) => totalWrites(a.writes) - totalWrites(b.writes))[Math.floor(runs.length / 2)];
  const byP99 = [...stevedoreRuns].sort((a, b) => (p(a.decisions, 0.99)?.value ?? 0) - (p(b.decisions, 0.99)?.value ?? 0));
  const typical = byP99[Math.floor(byP99.length / 2)];
  log('');
  log(`${count} Tasks / Pods on ${nodeCount} Nodes, ${repeats === 1 ? 'one repeat' : `median of ${repeats} repeats`}:`);
  log(`  Stevedore:      all RUNNING after ${seconds(s)}, ${perSecond(count, s, ' tasks/s')}`);
  log(`                  placement decision ${describe(typical?.decisions)}`);
  log(`                  creation to placement ${describe(typical?.placementLatency)}`);
  log(`                  operator peak RSS ${mib(Math.max(...stevedoreRuns.map((r) => r.peakRss)))}`);
  log(`                  writes per task ${formatWritesPerObject(middle(stevedoreRuns)?.writes ?? new Map(), count)}`);
  log(`  kube-scheduler: all Running after ${seconds(k)}, ${perSecond(count, k, ' pods/s')}`);
  log(`                  writes per Pod ${formatWritesPerObject(middle(schedulerRuns)?.writes ?? new Map(), count)}`);
  log(`  ratio Stevedore / kube-scheduler time: ${(s / k).toFixed(2)}`);
} catch (error) {
  if (operator !== undefined) process.stderr.write(`operator output (newest part):\n${operator.output().slice(-5_000)}\n`);
  throw error;
} finally {
  if (operator !== undefined) await stopOperator(operator);
  await cluster?.stop();
}

function delta(after: string, before: string, name: string): Histogram | undefined {
  const later = histogram(after, name);
  return later === undefined ? undefined : histogramDelta(later, histogram(before, name));
}

function p(h: Histogram | undefined, q: number): Quantile | undefined {
  return h === undefined ? undefined : quantile(h, q);
}

/** "p50 0.21 ms (bucket 0.1-0.5 ms), p99 1.90 ms (bucket 1-5 ms), mean 0.30 ms, 20000 observed". */
function describe(h: Histogram | undefined): string {
  if (h === undefined || h.count === 0) return 'not measured (no observations)';
  const one = (label: string, q: Quantile | undefined) =>
    q === undefined ? `${label} -` : `${label} ${ms(q.value)} (bucket ${bound(q.lower)}-${bound(q.upper)} ms)`;
  return `${one('p50', p(h, 0.5))}, ${one('p99', p(h, 0.99))}, mean ${ms(h.sum / h.count)}, ${h.count} observed`;
}

function ms(secondsValue: number): string {
  if (secondsValue >= 10) return `${secondsValue.toFixed(0)} s`;
  const value = secondsValue * 1000;
  return `${value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toPrecision(2)} ms`;
}

/** A bucket bound in ms, without float noise (0.0003 s is 0.3 ms, not 0.30000000000000004). */
function bound(secondsValue: number): string {
  return secondsValue === Infinity ? 'inf' : String(Number((secondsValue * 1000).toPrecision(6)));
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
