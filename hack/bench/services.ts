// bench:services — a rolling deployment of an N-task ECS service (minimum 50%, maximum 200%,
// tasks with a health check so that health is immediate) from a new revision to COMPLETED,
// next to a Kubernetes Deployment of N Pods with the same surge and unavailability
// (maxSurge 100%, maxUnavailable 50%) from a new Pod template to every updated Pod Ready, with
// kube-controller-manager and kube-scheduler on the same control plane in the same run.
//
//   npm run bench:services [-- --tasks 500 --nodes 50 --runs 3 --workers 32]
//
// Each run measures from the write that starts the rollout (a TaskDefinition revision; a
// Deployment's new Pod template) until it is done as the object's own status says (PRIMARY
// COMPLETED with one deployment left; updated = ready = available = replicas), polled every
// 250 ms. Runs alternate Stevedore / Deployment; medians and their ratio are printed at the end.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { repoRoot, ensureBinaries } from '../../src/localcluster/binaries.ts';
import { startControlPlane } from '../../src/localcluster/control-plane.ts';
import { loadKubeConfig } from '../../src/localcluster/kubeconfig.ts';
import { findFreePort } from '../../src/localcluster/free-port.ts';
import { createSimulatedNodes, defaultNodeSet, planNodeSet, waitForNodesReady } from '../../src/localcluster/simulated-nodes.ts';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';

const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '500' }, nodes: { type: 'string', default: '50' }, runs: { type: 'string', default: '3' }, workers: { type: 'string', default: '32' } },
});
const taskCount = Number(values.tasks);
const nodeCount = Number(values.nodes);
const runs = Number(values.runs);
const log = (message: string) => process.stdout.write(`${message}\n`);
const apiVersion = `${GROUP}/${VERSION}`;
const namespace = 'bench';

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const binaries = await ensureBinaries({ build: true });
const dir = await mkdtemp(join(tmpdir(), 'stevedore-bench-services-'));
const controlPlane = await startControlPlane({ dir, scheduler: true, build: false });
const kc = loadKubeConfig(controlPlane.kubeconfig);
const core = kc.makeApiClient(CoreV1Api);
const apps = kc.makeApiClient(AppsV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);
const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
let operator: ReturnType<typeof spawn> | undefined;
process.once('exit', () => operator?.kill('SIGKILL'));
try {
  log(`Control plane up; creating ${nodeCount} simulated Nodes`);
  const nodes = planNodeSet({ ...defaultNodeSet, count: nodeCount, prefix: 'bench' });
  await createSimulatedNodes(kc, nodes);
  await waitForNodesReady(kc, nodes.map((n) => n.name), 120_000);
  await run(binaries.kubectl, ['--kubeconfig', controlPlane.kubeconfig, 'apply', '--server-side', '-f', join(repoRoot, 'crds')]);
  await run(binaries.kubectl, ['--kubeconfig', controlPlane.kubeconfig, 'wait', '--for', 'condition=Established', 'crd', '-l', 'app.kubernetes.io/part-of=stevedore']);

  const probePort = await findFreePort();
  operator = spawn(join(repoRoot, 'bin', 'stevedore'), ['operator', '--kubeconfig', controlPlane.kubeconfig, '--leader-elect=false', '--metrics-bind-address=0', `--health-probe-bind-address=127.0.0.1:${probePort}`, '--log-level=warn', `--workers=${values.workers}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: process.env['OPERATOR_NODE_OPTIONS'] ?? '' },
  });
  await until(async () => (await fetch(`http://127.0.0.1:${probePort}/readyz`).catch(() => undefined))?.status === 200, 60_000);

  await core.createNamespace({ body: { metadata: { name: namespace } } });
  await until(async () => (await core.readNamespacedServiceAccount({ name: 'default', namespace }).catch(() => undefined)) !== undefined, 30_000);

  // The ECS service at revision 1, steady.
  await registerRevision(1);
  await custom.createNamespacedCustomObject({
    group: GROUP, version: VERSION, plural: 'services', namespace,
    body: { apiVersion, kind: 'Service', metadata: { name: 'bench' }, spec: { taskDefinition: 'bench', desiredCount: taskCount, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 } } },
  });
  await until(() => serviceDone(1), 900_000, 500);
  log(`ECS service steady at ${taskCount} tasks`);

  // The Deployment, steady.
  await apps.createNamespacedDeployment({ namespace, body: deployment(1) });
  await until(() => deploymentDone(), 900_000, 500);
  log(`Deployment steady at ${taskCount} Pods`);

  const stevedore: number[] = [];
  const kubernetes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const revision = i + 2;
    let started = performance.now();
    await registerRevision(revision);
    await until(() => serviceDone(revision), 900_000, 250);
    stevedore.push(performance.now() - started);
    log(`Stevedore service rollout, run ${i + 1}: ${((performance.now() - started) / 1000).toFixed(2)} s`);

    started = performance.now();
    await apps.patchNamespacedDeployment({ name: 'bench', namespace, body: { spec: { template: deployment(revision).spec?.template } } }, mergePatch);
    await until(() => deploymentDone(), 900_000, 250);
    kubernetes.push(performance.now() - started);
    log(`Kubernetes Deployment rollout, run ${i + 1}: ${((performance.now() - started) / 1000).toFixed(2)} s`);
  }
  const ms = median(stevedore);
  const mk = median(kubernetes);
  log('');
  log(`Rolling update of ${taskCount} tasks on ${nodeCount} Nodes (min 50% / max 200%; maxUnavailable 50% / maxSurge 100%), median of ${runs} runs:`);
  log(`  Stevedore ECS service (new revision -> PRIMARY COMPLETED):     ${(ms / 1000).toFixed(2)} s`);
  log(`  Kubernetes Deployment (new template -> all updated Pods Ready): ${(mk / 1000).toFixed(2)} s`);
  log(`  ratio Stevedore / Deployment time: ${(ms / mk).toFixed(2)}`);
} finally {
  operator?.kill('SIGTERM');
  await controlPlane.stop();
  await rm(dir, { recursive: true, force: true });
}

async function registerRevision(revision: number): Promise<void> {
  const body = {
    apiVersion, kind: 'TaskDefinition', metadata: { name: 'bench' },
    spec: { containerDefinitions: [{ name: 'app', image: `registry.example/app:${revision}`, cpu: 32, memory: 32, healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, retries: 1 } }] },
  };
  if (revision === 1) await custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'taskdefinitions', namespace, body });
  else await custom.patchNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'taskdefinitions', namespace, name: 'bench', body: { spec: body.spec } }, mergePatch);
}

interface ServiceView {
  status?: { taskDefinition?: string; runningCount?: number; deployments?: { status: string; rolloutState?: string }[] };
}

async function serviceDone(revision: number): Promise<boolean> {
  const s = (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'services', namespace, name: 'bench' })) as ServiceView;
  const deployments = s.status?.deployments ?? [];
  return s.status?.taskDefinition === `bench:${revision}` && deployments.length === 1 && deployments[0]?.rolloutState === 'COMPLETED' && s.status?.runningCount === taskCount;
}

function deployment(revision: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench', namespace },
    spec: {
      replicas: taskCount,
      selector: { matchLabels: { app: 'bench-deployment' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: '50%' } },
      template: {
        metadata: { labels: { app: 'bench-deployment' } },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 0,
          containers: [
            {
              name: 'app',
              image: `registry.example/app:${revision}`,
              resources: { requests: { cpu: '32m', memory: '32Mi' }, limits: { memory: '32Mi' } },
              // As the ECS health check: readiness, immediate under kwok.
              readinessProbe: { exec: { command: ['/bin/sh', '-c', 'true'] }, periodSeconds: 5, failureThreshold: 1 },
            },
          ],
        },
      },
    },
  };
}

async function deploymentDone(): Promise<boolean> {
  const d = await apps.readNamespacedDeployment({ name: 'bench', namespace });
  const s = d.status;
  return (s?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) && s?.updatedReplicas === taskCount && s?.readyReplicas === taskCount && s?.availableReplicas === taskCount && s?.replicas === taskCount;
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
