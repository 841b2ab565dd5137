// `stevedore cluster up|down|nodes|status`: the local control plane for development, the demo
// and tests (CONTROL-PLANE.md). State lives in .stevedore/ at the repository root.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Command } from './commands.ts';
import { repoRoot } from '../localcluster/binaries.ts';
import { loadKubeConfig } from '../localcluster/kubeconfig.ts';
import { isRunning, readControlPlaneState, startControlPlane, stopControlPlane } from '../localcluster/control-plane.ts';
import {
  createSimulatedNodes,
  defaultNodeSet,
  deleteSimulatedNodes,
  isNodeReady,
  listSimulatedNodes,
  planNodeSet,
  waitForNodesReady,
  type NodeSetOptions,
} from '../localcluster/simulated-nodes.ts';

// STEVEDORE_STATE_DIR moves it elsewhere (benchmarks use a scratch directory).
const stateDir = process.env.STEVEDORE_STATE_DIR ?? join(repoRoot, '.stevedore');
const controlPlaneDir = join(stateDir, 'controlplane');
export const kubeconfigPath = join(stateDir, 'kubeconfig');

const nodeSetFlags = {
  count: { type: 'string' },
  zones: { type: 'string' },
  cpu: { type: 'string' },
  memory: { type: 'string' },
  pods: { type: 'string' },
  'instance-type': { type: 'string' },
  label: { type: 'string', multiple: true },
  prefix: { type: 'string' },
} as const;

const usage = `Usage:
  stevedore cluster up [--nodes N] [--zones a,b,c] [--cpu 4] [--memory 16Gi] [--pods 110]
                       [--instance-type m5.xlarge] [--label k=v]... [--scheduler]
  stevedore cluster nodes add [--count N] [--zones ...] [--cpu ...] [--memory ...] [--pods ...]
                              [--instance-type ...] [--label k=v]... [--prefix kwok-node]
  stevedore cluster nodes remove NAME... | --count N | --all
  stevedore cluster nodes list
  stevedore cluster status
  stevedore cluster down
`;

export const clusterCommand: Command = {
  summary: 'start, inspect or stop the local control plane (etcd, kube-apiserver, kwok Nodes)',
  async run(args) {
    const [verb, ...rest] = args;
    switch (verb) {
      case 'up':
        return up(rest);
      case 'down':
        return down();
      case 'nodes':
        return nodes(rest);
      case 'status':
        return status();
      default:
        process.stderr.write(usage);
        return 2;
    }
  },
};

async function up(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...nodeSetFlags, nodes: { type: 'string' }, scheduler: { type: 'boolean' } } });
  const nodeSet = nodeSetFrom({ ...values, count: values.nodes ?? values.count });
  const started = Date.now();
  const nodeCount = await ensureLocalCluster(nodeSet, { scheduler: values.scheduler ?? false });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `Local control plane ready in ${seconds}s with ${nodeCount} simulated Nodes.\n\n` +
      `  export KUBECONFIG=${kubeconfigPath}\n  kubectl get nodes -L topology.kubernetes.io/zone\n\n` +
      `Add Nodes with \`npm run cluster:nodes -- add --count 3\`; stop everything with \`npm run cluster:down\`.\n`,
  );
  return 0;
}

/**
 * Starts the local control plane unless it is running, and creates the Nodes of `nodeSet`
 * that are missing. Returns the number of simulated Nodes.
 */
export async function ensureLocalCluster(nodeSet: NodeSetOptions = defaultNodeSet, options: { scheduler?: boolean } = {}): Promise<number> {
  const existing = await readControlPlaneState(controlPlaneDir);
  if (existing !== undefined && isRunning(existing)) {
    process.stderr.write(`The local control plane is already running (${existing.server}).\n`);
  } else {
    if (existing !== undefined) await stopControlPlane(existing);
    await rm(controlPlaneDir, { recursive: true, force: true });
    await startControlPlane({
      dir: controlPlaneDir,
      kubeconfig: kubeconfigPath,
      detached: true,
      scheduler: options.scheduler ?? false,
      log: (message) => process.stderr.write(`${message}\n`),
    });
  }
  const kc = loadKubeConfig(kubeconfigPath);
  const specs = planNodeSet(nodeSet);
  await createSimulatedNodes(kc, specs);
  await waitForNodesReady(kc, specs.map((s) => s.name));
  return (await listSimulatedNodes(kc)).length;
}

async function down(): Promise<number> {
  const state = await readControlPlaneState(controlPlaneDir);
  if (state !== undefined) await stopControlPlane(state);
  await rm(stateDir, { recursive: true, force: true });
  process.stdout.write(state === undefined ? 'No local control plane was running.\n' : 'Stopped the local control plane and removed its state.\n');
  return 0;
}

async function nodes(args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  const state = await readControlPlaneState(controlPlaneDir);
  if (state === undefined || !isRunning(state)) {
    process.stderr.write('The local control plane is not running: start it with `npm run cluster:up`.\n');
    return 1;
  }
  const kc = loadKubeConfig(kubeconfigPath);
  if (verb === 'list') {
    for (const node of await listSimulatedNodes(kc)) {
      const labels = node.metadata?.labels ?? {};
      process.stdout.write(
        `${node.metadata?.name}\t${labels['topology.kubernetes.io/zone']}\t${labels['node.kubernetes.io/instance-type']}\t` +
          `cpu=${node.status?.allocatable?.cpu} memory=${node.status?.allocatable?.memory} pods=${node.status?.allocatable?.pods}\t` +
          `${isNodeReady(node) ? 'Ready' : 'NotReady'}\n`,
      );
    }
    return 0;
  }
  if (verb === 'add') {
    const { values } = parseArgs({ args: rest, options: nodeSetFlags });
    const nodeSet = nodeSetFrom({ ...values, count: values.count ?? '1' });
    const existing = await listSimulatedNodes(kc);
    nodeSet.startIndex = nextIndex(existing.map((n) => n.metadata?.name ?? ''), nodeSet.prefix);
    const specs = planNodeSet(nodeSet);
    await createSimulatedNodes(kc, specs);
    await waitForNodesReady(kc, specs.map((s) => s.name));
    process.stdout.write(`Added ${specs.map((s) => `${s.name} (${s.zone})`).join(', ')}.\n`);
    return 0;
  }
  if (verb === 'remove') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { count: { type: 'string' }, all: { type: 'boolean' } } });
    const existing = (await listSimulatedNodes(kc)).map((n) => n.metadata?.name ?? '');
    // Newest first, as a scale-in of an Auto Scaling group would typically go.
    const byAge = [...existing].sort((a, b) => indexOf(b) - indexOf(a));
    const names = values.all ? existing : values.count !== undefined ? byAge.slice(0, positiveInt(values.count, 'count')) : positionals;
    await deleteSimulatedNodes(kc, names);
    process.stdout.write(names.length === 0 ? 'No Nodes removed.\n' : `Removed ${names.join(', ')}.\n`);
    return 0;
  }
  process.stderr.write(usage);
  return 2;
}

async function status(): Promise<number> {
  const state = await readControlPlaneState(controlPlaneDir);
  if (state === undefined) {
    process.stdout.write('No local control plane.\n');
    return 1;
  }
  const running = isRunning(state);
  process.stdout.write(`${running ? 'Running' : 'Not running (some processes have exited)'}: ${state.server}\nKUBECONFIG=${kubeconfigPath}\n`);
  for (const p of state.processes) process.stdout.write(`  ${p.name.padEnd(24)} pid ${p.pid}  log ${p.logFile}\n`);
  return running ? 0 : 1;
}

function nodeSetFrom(values: { count?: string; zones?: string; cpu?: string; memory?: string; pods?: string; 'instance-type'?: string; label?: string[]; prefix?: string }): NodeSetOptions {
  return {
    count: values.count === undefined ? defaultNodeSet.count : positiveInt(values.count, 'count', true),
    zones: values.zones?.split(',').map((z) => z.trim()).filter((z) => z !== '') ?? defaultNodeSet.zones,
    cpu: values.cpu ?? defaultNodeSet.cpu,
    memory: values.memory ?? defaultNodeSet.memory,
    pods: values.pods === undefined ? defaultNodeSet.pods : positiveInt(values.pods, 'pods'),
    instanceType: values['instance-type'] ?? defaultNodeSet.instanceType,
    labels: Object.fromEntries((values.label ?? []).map(parseLabel)),
    prefix: values.prefix ?? defaultNodeSet.prefix,
  };
}

function parseLabel(text: string): [string, string] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`--label ${text}: expected key=value`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function positiveInt(text: string, flag: string, allowZero = false): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new Error(`--${flag} ${text}: expected a whole number${allowZero ? '' : ' above 0'}`);
  return n;
}

function indexOf(name: string): number {
  const match = /-(\d+)$/.exec(name);
  return match ? Number(match[1]) : -1;
}

function nextIndex(names: string[], prefix: string): number {
  const used = names.filter((n) => n.startsWith(`${prefix}-`)).map(indexOf);
  return used.length === 0 ? 0 : Math.max(...used) + 1;
}
