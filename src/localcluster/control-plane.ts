import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ensureBinaries, controlPlaneComponents, controlPlaneDir, pinnedVersions } from './binaries.ts';
import { generatePki, type Pki } from './certificates.ts';
import { findFreePort } from './free-port.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { isAlive, sleep, startProcess, stopPid, type ManagedProcess } from './managed-process.ts';

/**
 * A real Kubernetes control plane on loopback: etcd, kube-apiserver (RBAC on),
 * kube-controller-manager (garbage collection, namespaces, node lifecycle) and kwok playing the
 * kubelet of every Node; kube-scheduler only when asked for. Every port is free-picked, so
 * several control planes run side by side.
 */
export interface ControlPlaneOptions {
  /** Directory for certificates, etcd data, logs and the kubeconfig. Created if missing. */
  dir: string;
  /** Keep the processes running after this Node.js process exits (`cluster up`). */
  detached?: boolean;
  /** Also start kube-scheduler (benchmarks against the default scheduler). */
  scheduler?: boolean;
  /**
   * kube-scheduler's client-side rate limit. Its default (50 requests/s, burst 100) caps it at
   * about 50 Pods/s; benchmarks raise it as scheduler_perf does, so that they measure the
   * scheduler rather than its client.
   */
  schedulerClientLimits?: { qps: number; burst: number };
  /**
   * How many Pod stages, Node stages and Node Leases kwok works on at once (its default is 4
   * each). kwok's client has no rate limit of its own; this is what bounds how fast it starts
   * Pods, so benchmarks raise it.
   */
  kwokParallelism?: number;
  /** How long each component may take to become healthy (default 60 s; a loaded machine needs more). */
  readyTimeoutMs?: number;
  /** Where to write the admin kubeconfig; default `<dir>/kubeconfig`. */
  kubeconfig?: string;
  /** Build missing binaries (a cold build takes many minutes). Default true. */
  build?: boolean;
  log?: (message: string) => void;
}

/** Everything needed to use and stop a running control plane; written to `state.json`. */
export interface ControlPlaneState {
  dir: string;
  kubeconfig: string;
  server: string;
  versions: Record<string, string>;
  processes: { name: string; pid: number; logFile: string }[];
}

export interface ControlPlane extends ControlPlaneState {
  stop(): Promise<void>;
}

const stateFileName = 'state.json';
const defaultReadyTimeoutMs = 60_000;

export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const log = options.log ?? (() => {});
  const readyTimeoutMs = options.readyTimeoutMs ?? defaultReadyTimeoutMs;
  const dir = options.dir;
  const detached = options.detached ?? false;
  await mkdir(join(dir, 'pki'), { recursive: true });
  await mkdir(join(dir, 'logs'), { recursive: true });

  // Only what this control plane runs: no helm, and kube-scheduler only when asked for.
  const binaries = await ensureBinaries({ build: options.build ?? true, components: [...controlPlaneComponents, ...(options.scheduler === true ? (['kube-scheduler'] as const) : [])] });
  const [pki, ports] = await Promise.all([generatePki(join(dir, 'pki')), pickPorts()]);
  const server = `https://127.0.0.1:${ports.apiserver}`;
  const kubeconfig = options.kubeconfig ?? join(dir, 'kubeconfig');
  await writeKubeconfig({ path: kubeconfig, server, caCert: pki.caCert, clientCert: pki.adminCert, clientKey: pki.adminKey, name: 'stevedore-local' });

  const started: ManagedProcess[] = [];
  const state: ControlPlaneState = { dir, kubeconfig, server, versions: pinnedVersions(), processes: [] };
  const launch = (name: string, command: string, args: string[]): ManagedProcess => {
    const process = startProcess({ name, command, args, detached, logFile: join(dir, 'logs', `${name}.log`) });
    started.push(process);
    state.processes.push({ name, pid: process.pid, logFile: process.logFile });
    return process;
  };
  const controlPlane: ControlPlane = { ...state, stop: () => stopControlPlane(state) };
  // An attached control plane goes with the process that started it, even one that exits
  // without calling stop() (an uncaught error, Ctrl-C in a benchmark).
  const killOnExit = () => state.processes.forEach((p) => isAlive(p.pid) && process.kill(p.pid, 'SIGKILL'));
  if (!detached) process.once('exit', killOnExit);

  try {
    log('starting etcd');
    const etcd = launch('etcd', binaries.etcd, etcdArgs(dir, ports));
    await waitUntil('etcd', etcd, () => httpOk(`http://127.0.0.1:${ports.etcdClient}/health`), readyTimeoutMs);

    log('starting kube-apiserver');
    const apiserver = launch('kube-apiserver', binaries.kubeApiserver, apiserverArgs(pki, ports));
    await waitUntil('kube-apiserver', apiserver, () => httpsOk(`${server}/readyz`, pki), readyTimeoutMs);

    log('starting kube-controller-manager and kwok');
    const controllerManager = launch('kube-controller-manager', binaries.kubeControllerManager, controllerManagerArgs(pki, ports, kubeconfig));
    const kwok = launch('kwok', binaries.kwok, await kwokArgs(dir, kubeconfig, options.kwokParallelism));
    const scheduler = options.scheduler
      ? launch('kube-scheduler', binaries.kubeScheduler, await schedulerArgs(dir, ports, kubeconfig, options.schedulerClientLimits))
      : undefined;
    await waitUntil('kube-controller-manager', controllerManager, () => httpsOk(`https://127.0.0.1:${ports.controllerManager}/healthz`, pki, { insecure: true }), readyTimeoutMs);
    if (scheduler !== undefined) await waitUntil('kube-scheduler', scheduler, () => httpsOk(`https://127.0.0.1:${ports.scheduler}/healthz`, pki, { insecure: true }), readyTimeoutMs);
    if (!isAlive(kwok.pid)) throw new Error(`kwok exited at start; see ${kwok.logFile}`);

    Object.assign(controlPlane, state);
    await writeFile(join(dir, stateFileName), JSON.stringify(state, null, 2));
    return controlPlane;
  } catch (error) {
    await stopControlPlane(state);
    throw error;
  }
}

/** Stops every process of a control plane (newest first), waiting until each is gone. */
export async function stopControlPlane(state: Pick<ControlPlaneState, 'processes'>): Promise<void> {
  for (const process of [...state.processes].reverse()) await stopPid(process.pid);
}

/** Reads the state of a control plane started in `dir`, or undefined if there is none. */
export async function readControlPlaneState(dir: string): Promise<ControlPlaneState | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, stateFileName), 'utf8')) as ControlPlaneState;
  } catch {
    return undefined;
  }
}

/** True when every process of the control plane is still running. */
export function isRunning(state: ControlPlaneState): boolean {
  return state.processes.length > 0 && state.processes.every((p) => isAlive(p.pid));
}

interface Ports {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
}

async function pickPorts(): Promise<Ports> {
  const ports = new Set<number>();
  while (ports.size < 5) ports.add(await findFreePort());
  const [etcdClient, etcdPeer, apiserver, controllerManager, scheduler] = [...ports] as [number, number, number, number, number];
  return { etcdClient, etcdPeer, apiserver, controllerManager, scheduler };
}

function etcdArgs(dir: string, ports: Ports): string[] {
  const client = `http://127.0.0.1:${ports.etcdClient}`;
  const peer = `http://127.0.0.1:${ports.etcdPeer}`;
  return [
    '--name=local',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=local=${peer}`,
    // Throwaway data: durability buys nothing here and fsync dominates write latency.
    '--unsafe-no-fsync',
    '--quota-backend-bytes=8589934592',
    '--log-level=warn',
  ];
}

function apiserverArgs(pki: Pki, ports: Ports): string[] {
  return [
    `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${ports.apiserver}`,
    `--tls-cert-file=${pki.servingCert}`,
    `--tls-private-key-file=${pki.servingKey}`,
    `--client-ca-file=${pki.caCert}`,
    '--authorization-mode=RBAC',
    '--service-cluster-ip-range=10.0.0.0/24',
    '--allow-privileged=true',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${pki.serviceAccountPub}`,
    `--service-account-signing-key-file=${pki.serviceAccountKey}`,
    // One client (the operator or a benchmark) may burst far beyond a kubelet's rates; fairness
    // queuing would only add latency to a single-tenant local server.
    '--enable-priority-and-fairness=false',
    '--max-requests-inflight=2000',
    '--max-mutating-requests-inflight=1000',
    '--profiling=false',
    '--v=0',
  ];
}

function controllerManagerArgs(pki: Pki, ports: Ports, kubeconfig: string): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.controllerManager}`,
    '--leader-elect=false',
    '--use-service-account-credentials=false',
    `--root-ca-file=${pki.caCert}`,
    `--service-account-private-key-file=${pki.serviceAccountKey}`,
    `--cluster-signing-cert-file=${pki.caCert}`,
    `--cluster-signing-key-file=${pki.caKey}`,
    '--kube-api-qps=200',
    '--kube-api-burst=400',
    '--profiling=false',
    '--v=0',
  ];
}

/**
 * kube-scheduler reads its client settings from a KubeSchedulerConfiguration file (the
 * --kube-api-qps/--kube-api-burst flags are deprecated and ignored once a file is given), so
 * one is always written: the kubeconfig, no leader election, no profiling, and the client
 * limits when asked for (else kube-scheduler's defaults).
 */
async function schedulerArgs(dir: string, ports: Ports, kubeconfig: string, limits: ControlPlaneOptions['schedulerClientLimits']): Promise<string[]> {
  const configFile = join(dir, 'kube-scheduler.yaml');
  const config = {
    apiVersion: 'kubescheduler.config.k8s.io/v1',
    kind: 'KubeSchedulerConfiguration',
    clientConnection: { kubeconfig, ...(limits === undefined ? {} : { qps: limits.qps, burst: limits.burst }) },
    leaderElection: { leaderElect: false },
    enableProfiling: false,
  };
  await writeFile(configFile, stringify(config));
  return [
    `--config=${configFile}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.scheduler}`,
    '--v=0',
  ];
}

async function kwokArgs(dir: string, kubeconfig: string, parallelism: number | undefined): Promise<string[]> {
  const args = [
    `--kubeconfig=${kubeconfig}`,
    '--manage-all-nodes=true',
    `--config=${join(controlPlaneDir, 'kwok-stages.yaml')}`,
    // Heartbeat through a Lease, as kubelets do, so the node lifecycle controller sees them.
    '--node-lease-duration-seconds=40',
    // Room for tens of thousands of Pod IPs (the default /24 holds 254).
    '--cidr=10.64.0.0/12',
  ];
  if (parallelism === undefined) return args;
  // Parallelism has no flag; a second --config file adds a KwokConfiguration to the stages.
  const configFile = join(dir, 'kwok-configuration.yaml');
  const options = { podPlayStageParallelism: parallelism, nodePlayStageParallelism: parallelism, nodeLeaseParallelism: parallelism };
  await writeFile(configFile, stringify({ apiVersion: 'config.kwok.x-k8s.io/v1alpha1', kind: 'KwokConfiguration', options }));
  return [...args, `--config=${configFile}`];
}

async function waitUntil(name: string, process: ManagedProcess, ready: () => Promise<boolean>, readyTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(process.pid)) throw new Error(`${name} exited during start-up:\n${await tail(process.logFile)}`);
    if (await ready()) return;
    await sleep(100);
  }
  throw new Error(`${name} was not ready after ${readyTimeoutMs / 1000}s:\n${await tail(process.logFile)}`);
}

async function tail(file: string, lines = 30): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpRequest(url, { timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function httpsOk(url: string, pki: Pki, options: { insecure?: boolean } = {}): Promise<boolean> {
  return Promise.all([readFile(pki.caCert), readFile(pki.adminCert), readFile(pki.adminKey)]).then(
    ([ca, cert, key]) =>
      new Promise((resolve) => {
        const req = httpsRequest(url, { ca, cert, key, timeout: 2_000, rejectUnauthorized: !options.insecure }, (res) => {
          res.resume();
          resolve(res.statusCode === 200);
        });
        req.on('error', () => resolve(false));
        req.on('timeout', () => req.destroy());
        req.end();
      }),
  );
}
