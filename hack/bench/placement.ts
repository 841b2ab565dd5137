// Placement benchmark: 10,000 tasks in batches of 10 (each batch a placeTasks call on the
// snapshot the previous one returned), strategies [spread zone, binpack memory] and a
// memberOf constraint, on 500, 5,000 and 50,000 instances over 3 zones. Each size runs
// several times, the sizes interleaved within each repeat so that a noisy, shared machine
// slows them alike; medians are printed. Per-decision latency = batch time / tasks in the
// batch; cost per decision = total time / tasks placed; CPU µs/decision = the process's CPU
// time per placement (GC threads included), which other tenants inflate less than wall time.
// Each run starts from a collected heap (--expose-gc). The last lines compare the cost of a
// decision at the largest size with the one at 5,000, each the median of the per-repeat
// ratios: the engine should grow slowly with the number of instances.
//   npm run bench:placement            (REPEATS=5 by default; SIZES=500,5000,50000 to choose)
import type { ContainerInstanceView } from '../../src/domain/container-instance.ts';
import { DEFAULT_LINUX_RESERVED_TCP_PORTS } from '../../src/domain/resources.ts';
import { ClusterSnapshot, placeTasks, seededRng, type PlacementRequest } from '../../src/placement/index.ts';

const TASKS = 10_000;
const BATCH = 10;
const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const SIZES = (process.env.SIZES ?? '500,5000,50000').split(',').map(Number);
const REPEATS = Number(process.env.REPEATS ?? 5);

function cluster(size: number): ContainerInstanceView[] {
  return Array.from({ length: size }, (_, k) => ({
    id: `i-${String(k).padStart(6, '0')}`,
    status: 'ACTIVE' as const,
    agentConnected: true,
    agentVersion: '1.80.0',
    attributes: {
      'ecs.availability-zone': ZONES[k % ZONES.length] as string,
      'ecs.instance-type': k % 4 === 0 ? 'c5.2xlarge' : 'm5.2xlarge',
      stack: k % 10 === 0 ? 'dev' : 'prod',
    },
    registeredResources: { cpu: 8192, memory: 32768, tcpPorts: DEFAULT_LINUX_RESERVED_TCP_PORTS, udpPorts: [] },
  }));
}

const request: PlacementRequest = {
  kind: 'runTask',
  group: 'family:bench',
  count: BATCH,
  requirement: { cpu: 128, memory: 256, tcpPorts: [], udpPorts: [], gpu: 0, eni: 0, requiredAttributes: {} },
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:stack == prod and attribute:ecs.instance-type =~ m5.*' }],
  placementStrategy: [
    { type: 'spread', field: 'attribute:ecs.availability-zone' },
    { type: 'binpack', field: 'memory' },
  ],
};

interface Run {
  placementsPerSecond: number;
  /** Process CPU time per placement, µs: what the machine's other tenants do not inflate. */
  cpuMicros: number;
  p50Ms: number;
  p99Ms: number;
  placed: number;
}

/** Present when node runs with --expose-gc (npm run bench:placement does). */
const collectGarbage = (globalThis as { gc?: () => void }).gc;

function runOnce(size: number, seed: number): Run {
  let snapshot = ClusterSnapshot.build(cluster(size), []);
  // Start each run with a clean heap: the previous run's garbage and the cluster just built
  // are not this run's placements.
  collectGarbage?.();
  const rng = seededRng(seed);
  const perDecision: number[] = [];
  let placed = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  for (let batch = 0; batch < TASKS / BATCH; batch += 1) {
    const t0 = performance.now();
    const result = placeTasks(request, snapshot, rng);
    const elapsed = performance.now() - t0;
    for (let k = 0; k < BATCH; k += 1) perDecision.push(elapsed / BATCH);
    placed += result.placements.length;
    snapshot = result.snapshot;
  }
  const total = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  perDecision.sort((a, b) => a - b);
  return {
    placementsPerSecond: (placed / total) * 1000,
    cpuMicros: (cpu.user + cpu.system) / placed,
    p50Ms: quantile(perDecision, 0.5),
    p99Ms: quantile(perDecision, 0.99),
    placed,
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

console.log(`placement benchmark: ${TASKS} tasks in batches of ${BATCH}, spread zone + binpack memory + memberOf, ${REPEATS} runs per size (medians)`);
runOnce(500, 0); // warm-up: let the JIT settle before measuring
const runs = new Map<number, Run[]>(SIZES.map((size) => [size, []]));
for (let repeat = 0; repeat < REPEATS; repeat += 1) {
  for (const size of SIZES) runs.get(size)?.push(runOnce(size, repeat + 1));
}
console.log('instances   placements/s   µs/decision   CPU µs/decision   p50 ms/decision   p99 ms/decision   placed');
for (const size of SIZES) {
  const of = runs.get(size) ?? [];
  const rate = median(of.map((r) => r.placementsPerSecond));
  console.log(
    [
      String(size).padStart(9),
      rate.toFixed(0).padStart(14),
      (1e6 / rate).toFixed(1).padStart(13),
      median(of.map((r) => r.cpuMicros)).toFixed(1).padStart(17),
      median(of.map((r) => r.p50Ms)).toFixed(4).padStart(17),
      median(of.map((r) => r.p99Ms)).toFixed(4).padStart(17),
      String(median(of.map((r) => r.placed))).padStart(8),
    ].join(' '),
  );
}
const base = SIZES.includes(5000) ? 5000 : SIZES[1];
const top = SIZES[SIZES.length - 1];
if (base !== undefined && top !== undefined && top !== base) {
  const pairs = (read: (r: Run) => number) =>
    median((runs.get(top) ?? []).map((r, k) => read(r) / read((runs.get(base) ?? [])[k] as Run)));
  console.log(`cost per decision, ${top} vs ${base} instances (median of ${REPEATS} same-run ratios):`);
  console.log(
    `  mean ${pairs((r) => 1 / r.placementsPerSecond).toFixed(2)}x   CPU ${pairs((r) => r.cpuMicros).toFixed(2)}x   p50 ${pairs((r) => r.p50Ms).toFixed(2)}x   p99 ${pairs((r) => r.p99Ms).toFixed(2)}x`,
  );
}
