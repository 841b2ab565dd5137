/**
 * The install story against the run's real API server: the chart lints and renders,
 * deploy/stevedore.yaml is the chart rendered with default values, the manifest installs with
 * server-side apply (CRDs, Namespace, RBAC, ServiceAccount, Deployment) and meets the restricted
 * Pod Security Standard, `helm install` works, and the ServiceAccount has exactly the
 * permissions the operator needs (asked of the API server's authorizer with `kubectl auth
 * can-i`, impersonating the ServiceAccount and its groups). The operator Pods do not run here
 * (no image; kwok plays the kubelets and nothing schedules them): that is not asserted.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ensureBinaries, repoRoot, type Binaries } from '../../src/localcluster/binaries.ts';
import { chartDir, manifestPath, releaseName, releaseNamespace, renderManifest } from '../../hack/render-manifest.ts';
import { eventually } from './support/kube.ts';

interface Result {
  ok: boolean;
  stdout: string;
  stderr: string;
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

interface Container {
  name: string;
  image: string;
  args: string[];
  env: { name: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  securityContext: Record<string, unknown>;
}

interface Deployment extends K8sObject {
  spec: { replicas: number; template: { metadata: { labels: Record<string, string> }; spec: { serviceAccountName: string; terminationGracePeriodSeconds: number; securityContext: Record<string, unknown>; containers: Container[] } } };
}

const kubeconfig = inject('kubeconfig');
let binaries: Binaries;

const exec = (command: string, args: string[], stdin?: string): Result => {
  const result = spawnSync(command, args, { input: stdin, encoding: 'utf8', timeout: 120_000, cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
  if (result.error !== undefined) throw result.error;
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
};
const helm = (args: string[]): Result => exec(binaries.helm, args);
const kubectl = (args: string[], stdin?: string): Result => exec(binaries.kubectl, ['--kubeconfig', kubeconfig, ...args], stdin);
const must = (result: Result): string => {
  expect(result.stderr, result.stderr).not.toMatch(/error/i);
  expect(result.ok, result.stderr).toBe(true);
  return result.stdout;
};

const objects = (yaml: string): K8sObject[] =>
  parseAllDocuments(yaml)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
const find = <T extends K8sObject>(all: K8sObject[], kind: string, name: string): T => {
  const found = all.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in ${all.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found as T;
};
const template = (...set: string[]): K8sObject[] =>
  objects(must(helm(['template', releaseName, chartDir, '--namespace', releaseNamespace, ...set.flatMap((s) => ['--set', s])])));

/** A namespace the API server has never seen: can-i answers for "any namespace". */
const elsewhere = 'helm-test-any-namespace';
/** The second install: `helm install` of release "scoped", watching one namespace. */
const scoped = { release: 'scoped', namespace: 'stevedore-scoped', watch: 'team-a' };

beforeAll(async () => {
  binaries = await ensureBinaries({ build: false });
});

afterAll(() => {
  // Leave the CRDs (other files use them); remove everything else this file installed.
  helm(['uninstall', scoped.release, '--namespace', scoped.namespace, '--kubeconfig', kubeconfig]);
  kubectl(['delete', 'clusterrole,clusterrolebinding', '-l', `app.kubernetes.io/instance=${releaseName}`, '--wait=false']);
  kubectl(['delete', 'namespace', releaseNamespace, scoped.namespace, scoped.watch, '--wait=false', '--ignore-not-found']);
});

describe('the chart', () => {
  it('passes helm lint --strict, with default values and with every optional part on', () => {
    must(helm(['lint', '--strict', chartDir]));
    must(helm(['lint', '--strict', chartDir, '--set', 'watchNamespace=team-a', '--set', 'metrics.serviceMonitor.enabled=true', '--set', 'replicaCount=1']));
  });

  it('renders the operator Deployment with the flags, env, ports and probes the operator implements', () => {
    const all = template();
    const deployment = find<Deployment>(all, 'Deployment', 'stevedore');
    expect(deployment.metadata.namespace).toBe(releaseNamespace);
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.serviceAccountName).toBe('stevedore');
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    const [container] = pod.containers;
    expect(pod.containers).toHaveLength(1);
    expect(container?.image).toBe('stevedore:0.1.0');
    expect(container?.args).toEqual([
      'operator',
      '--leader-elect=true',
      '--leader-election-namespace=$(POD_NAMESPACE)',
      '--leader-election-id=stevedore-operator',
      '--metrics-bind-address=:8080',
      '--health-probe-bind-address=:8081',
      '--log-level=info',
    ]);
    expect(container?.env).toEqual([
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ]);
    expect(container?.ports.map((p) => [p.name, p.containerPort])).toEqual([
      ['metrics', 8080],
      ['health', 8081],
    ]);
    expect(container?.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container?.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'health' });
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container?.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(find(all, 'PodDisruptionBudget', 'stevedore')).toMatchObject({ spec: { minAvailable: 1 } });
    expect(find(all, 'Service', 'stevedore-metrics')).toMatchObject({ spec: { ports: [{ name: 'metrics', port: 8080, targetPort: 'metrics' }] } });
    expect(all.some((o) => o.kind === 'ServiceMonitor')).toBe(false);
  });

  it('renders options: watchNamespace, one replica, the ServiceMonitor; refuses two replicas without leader election, and unknown or invalid values', () => {
    const all = template('watchNamespace=team-a', 'replicaCount=1', 'metrics.serviceMonitor.enabled=true');
    expect(find<Deployment>(all, 'Deployment', 'stevedore').spec.template.spec.containers[0]?.args).toContain('--watch-namespace=team-a');
    expect(find(all, 'RoleBinding', 'stevedore-workloads').metadata.namespace).toBe('team-a');
    expect(all.filter((o) => o.kind === 'ClusterRoleBinding').map((o) => o.metadata.name)).toEqual(['stevedore']);
    expect(all.some((o) => o.kind === 'PodDisruptionBudget')).toBe(false);
    expect(find(all, 'ServiceMonitor', 'stevedore')).toMatchObject({ spec: { endpoints: [{ port: 'metrics', path: '/metrics' }] } });

    const refused = helm(['template', releaseName, chartDir, '--set', 'leaderElection.enabled=false']);
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toContain('replicaCount > 1 needs leaderElection.enabled=true');

    // values.schema.json: a misspelt or invalid value fails instead of being ignored.
    const misspelt = helm(['template', releaseName, chartDir, '--set', 'replicas=3']);
    expect(misspelt.ok).toBe(false);
    expect(misspelt.stderr).toContain("additional properties 'replicas' not allowed");
    const badLevel = helm(['template', releaseName, chartDir, '--set', 'logLevel=verbose']);
    expect(badLevel.ok).toBe(false);
    expect(badLevel.stderr).toContain('/logLevel');
  });

  it('deploy/stevedore.yaml is the chart rendered with default values (run `npm run gen:manifest`)', () => {
    expect(readFileSync(manifestPath, 'utf8')).toBe(renderManifest(binaries.helm));
  });
});

describe('installing deploy/stevedore.yaml with kubectl apply --server-side', () => {
  let manifest: K8sObject[];

  beforeAll(() => {
    manifest = objects(readFileSync(manifestPath, 'utf8'));
    const applied = kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=helm-test', '-f', manifestPath]);
    expect(applied.ok, applied.stderr).toBe(true);
    // The restricted Pod Security Standard of the Namespace warns about workloads that would violate it.
    expect(applied.stderr).not.toMatch(/PodSecurity|would violate/);
  });

  it('creates every object of the manifest', () => {
    expect(manifest.map((o) => o.kind).sort()).toEqual(
      [
        'ClusterRole',
        'ClusterRole',
        'ClusterRoleBinding',
        'ClusterRoleBinding',
        'CustomResourceDefinition',
        'CustomResourceDefinition',
        'CustomResourceDefinition',
        'CustomResourceDefinition',
        'CustomResourceDefinition',
        'Deployment',
        'Namespace',
        'PodDisruptionBudget',
        'Role',
        'RoleBinding',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
    // kubectl get -f reads back every object of the file from the API server.
    const got = must(kubectl(['get', '-f', manifestPath, '-o', 'name'])).trim().split('\n');
    expect(got).toHaveLength(manifest.length);
    expect(got).toContain('deployment.apps/stevedore');
    expect(got).toContain('serviceaccount/stevedore');
  });

  it('establishes the CRDs', async () => {
    for (const crd of manifest.filter((o) => o.kind === 'CustomResourceDefinition')) {
      must(kubectl(['wait', '--for=condition=Established', '--timeout=30s', `crd/${crd.metadata.name}`]));
    }
    await eventually(() => expect(must(kubectl(['api-resources', '--api-group=ecs.stevedore.dev', '-o', 'name'])).split('\n').filter(Boolean).sort()).toEqual(
      ['clusters.ecs.stevedore.dev', 'scheduledtasks.ecs.stevedore.dev', 'services.ecs.stevedore.dev', 'taskdefinitions.ecs.stevedore.dev', 'tasks.ecs.stevedore.dev'],
    ));
  });

  it("admits the operator's Pod under the namespace's restricted Pod Security Standard", async () => {
    // The ReplicaSet controller creates the Pods; PodSecurity admission enforces on Pods.
    const pods = await eventually(
      () => {
        const got = JSON.parse(must(kubectl(['get', 'pods', '-n', releaseNamespace, '-l', 'app.kubernetes.io/name=stevedore', '-o', 'json']))) as { items: K8sObject[] };
        expect(got.items).toHaveLength(2);
        return got.items;
      },
      { timeoutMs: 30_000 },
    );
    expect(pods.map((p) => (p as unknown as { spec: { serviceAccountName: string } }).spec.serviceAccountName)).toEqual(['stevedore', 'stevedore']);
    const labels = JSON.parse(must(kubectl(['get', 'namespace', releaseNamespace, '-o', 'jsonpath={.metadata.labels}']))) as Record<string, string>;
    expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

/** `kubectl auth can-i` as the ServiceAccount, with the groups its token carries. */
const canI = (namespace: string, serviceAccount: string, args: string[]): boolean => {
  const result = kubectl([
    'auth',
    'can-i',
    ...args,
    `--as=system:serviceaccount:${namespace}:${serviceAccount}`,
    '--as-group=system:serviceaccounts',
    `--as-group=system:serviceaccounts:${namespace}`,
    '--as-group=system:authenticated',
  ]);
  const answer = result.stdout.trim();
  if (answer !== 'yes' && answer !== 'no') throw new Error(`kubectl auth can-i ${args.join(' ')}: ${result.stderr}`);
  return answer === 'yes';
};

type Row = [allowed: boolean, what: string, args: string[]];
/** Table rows as named cases, titled "can list nodes" / "cannot update nodes". */
const cases = (rows: Row[]): [title: string, allowed: boolean, args: string[]][] =>
  rows.map(([allowed, what, args]) => [`${allowed ? 'can' : 'cannot'} ${what}`, allowed, args]);
const ns = releaseNamespace;

const defaultInstall: Row[] = [
  // Nodes: read, never written.
  [true, 'list nodes', ['list', 'nodes']],
  [true, 'watch nodes', ['watch', 'nodes']],
  [false, 'update nodes', ['update', 'nodes']],
  [false, 'patch nodes', ['patch', 'nodes']],
  [false, 'delete nodes', ['delete', 'nodes']],
  [false, 'update nodes/status', ['update', 'nodes', '--subresource=status']],
  // Pods: read everywhere, created bound and deleted in any namespace, patched only to take a
  // stopping service task out of the endpoints, never updated.
  [true, 'list pods in all namespaces', ['list', 'pods', '--all-namespaces']],
  [true, 'create pods in any namespace', ['create', 'pods', '-n', elsewhere]],
  [true, 'delete pods in any namespace', ['delete', 'pods', '-n', elsewhere]],
  [false, 'update pods', ['update', 'pods', '-n', elsewhere]],
  [true, 'patch pods (the serving label)', ['patch', 'pods', '-n', elsewhere]],
  [false, 'create pods/binding', ['create', 'pods', '--subresource=binding', '-n', elsewhere]],
  [false, 'create pods/eviction', ['create', 'pods', '--subresource=eviction', '-n', elsewhere]],
  [false, 'create pods/exec', ['create', 'pods', '--subresource=exec', '-n', elsewhere]],
  // Secrets and ConfigMaps: never (the kubelet reads what task Pods name).
  [false, 'get secrets in its own namespace', ['get', 'secrets', '-n', ns]],
  [false, 'list secrets in all namespaces', ['list', 'secrets', '--all-namespaces']],
  [false, 'get configmaps', ['get', 'configmaps', '-n', elsewhere]],
  // The ECS kinds.
  [true, 'create clusters (the default one)', ['create', 'clusters.ecs.stevedore.dev']],
  [true, 'patch clusters/status', ['patch', 'clusters.ecs.stevedore.dev', '--subresource=status']],
  [false, 'delete clusters', ['delete', 'clusters.ecs.stevedore.dev']],
  [true, 'watch taskdefinitions in all namespaces', ['watch', 'taskdefinitions.ecs.stevedore.dev', '--all-namespaces']],
  [true, 'update taskdefinitions/status', ['update', 'taskdefinitions.ecs.stevedore.dev', '--subresource=status', '-n', elsewhere]],
  [true, 'update taskdefinitions/finalizers', ['update', 'taskdefinitions.ecs.stevedore.dev', '--subresource=finalizers', '-n', elsewhere]],
  [false, 'create taskdefinitions', ['create', 'taskdefinitions.ecs.stevedore.dev', '-n', elsewhere]],
  [false, 'delete taskdefinitions', ['delete', 'taskdefinitions.ecs.stevedore.dev', '-n', elsewhere]],
  [true, 'update services.ecs/status', ['update', 'services.ecs.stevedore.dev', '--subresource=status', '-n', elsewhere]],
  [false, 'create services.ecs', ['create', 'services.ecs.stevedore.dev', '-n', elsewhere]],
  [false, 'delete services.ecs', ['delete', 'services.ecs.stevedore.dev', '-n', elsewhere]],
  [true, 'create tasks (for ECS Services)', ['create', 'tasks.ecs.stevedore.dev', '-n', elsewhere]],
  [true, 'delete tasks (stopped-task retention)', ['delete', 'tasks.ecs.stevedore.dev', '-n', elsewhere]],
  [true, 'update tasks/status', ['update', 'tasks.ecs.stevedore.dev', '--subresource=status', '-n', elsewhere]],
  [true, 'patch tasks/status', ['patch', 'tasks.ecs.stevedore.dev', '--subresource=status', '-n', elsewhere]],
  [true, 'update tasks/finalizers (blockOwnerDeletion on task Pods)', ['update', 'tasks.ecs.stevedore.dev', '--subresource=finalizers', '-n', elsewhere]],
  [true, 'watch scheduledtasks in all namespaces', ['watch', 'scheduledtasks.ecs.stevedore.dev', '--all-namespaces']],
  [true, 'patch scheduledtasks/status (fires are recorded there)', ['patch', 'scheduledtasks.ecs.stevedore.dev', '--subresource=status', '-n', elsewhere]],
  [true, 'update scheduledtasks/finalizers (blockOwnerDeletion on their Tasks)', ['update', 'scheduledtasks.ecs.stevedore.dev', '--subresource=finalizers', '-n', elsewhere]],
  [false, 'create scheduledtasks', ['create', 'scheduledtasks.ecs.stevedore.dev', '-n', elsewhere]],
  [false, 'update scheduledtasks', ['update', 'scheduledtasks.ecs.stevedore.dev', '-n', elsewhere]],
  [false, 'delete scheduledtasks', ['delete', 'scheduledtasks.ecs.stevedore.dev', '-n', elsewhere]],
  // TaskDefinition revisions.
  [true, 'create controllerrevisions', ['create', 'controllerrevisions.apps', '-n', elsewhere]],
  [true, 'list controllerrevisions', ['list', 'controllerrevisions.apps', '-n', elsewhere]],
  [false, 'update controllerrevisions', ['update', 'controllerrevisions.apps', '-n', elsewhere]],
  [false, 'delete controllerrevisions', ['delete', 'controllerrevisions.apps', '-n', elsewhere]],
  // Core Services for ECS loadBalancers.
  [true, 'create core services', ['create', 'services', '-n', elsewhere]],
  [true, 'delete core services', ['delete', 'services', '-n', elsewhere]],
  // PodDisruptionBudgets for ECS Services (TargetGroupBindings: see below, their CRD is not installed).
  [true, 'create poddisruptionbudgets', ['create', 'poddisruptionbudgets.policy', '-n', elsewhere]],
  [true, 'watch poddisruptionbudgets', ['watch', 'poddisruptionbudgets.policy', '-n', elsewhere]],
  // Events.
  [true, 'create events', ['create', 'events', '-n', elsewhere]],
  [true, 'create events.events.k8s.io', ['create', 'events.events.k8s.io', '-n', 'default']],
  [false, 'delete events', ['delete', 'events', '-n', elsewhere]],
  // Leader election: one Lease in the release namespace.
  [true, 'create leases in the release namespace', ['create', 'leases.coordination.k8s.io', '-n', ns]],
  [true, 'get its Lease', ['get', 'leases.coordination.k8s.io/stevedore-operator', '-n', ns]],
  [true, 'update its Lease', ['update', 'leases.coordination.k8s.io/stevedore-operator', '-n', ns]],
  [false, 'update another Lease in the release namespace', ['update', 'leases.coordination.k8s.io/kube-scheduler', '-n', ns]],
  [false, 'delete its Lease', ['delete', 'leases.coordination.k8s.io/stevedore-operator', '-n', ns]],
  [false, 'create leases in another namespace', ['create', 'leases.coordination.k8s.io', '-n', 'kube-system']],
  [false, 'update leases in kube-system', ['update', 'leases.coordination.k8s.io/kube-controller-manager', '-n', 'kube-system']],
  // Nothing else.
  [false, 'create deployments', ['create', 'deployments.apps', '-n', ns]],
  [false, 'create namespaces', ['create', 'namespaces']],
  [false, 'get namespaces', ['get', 'namespaces']],
  [false, 'create serviceaccount tokens', ['create', 'serviceaccounts', '--subresource=token', '-n', ns]],
  [false, 'create clusterrolebindings', ['create', 'clusterrolebindings.rbac.authorization.k8s.io']],
  [false, 'escalate clusterroles', ['escalate', 'clusterroles.rbac.authorization.k8s.io']],
  [false, 'impersonate users', ['impersonate', 'users']],
  [false, 'update customresourcedefinitions', ['update', 'customresourcedefinitions.apiextensions.k8s.io']],
  [false, 'anything on everything', ['*', '*', '--all-namespaces']],
];

describe('least privilege of the installed ServiceAccount (kubectl auth can-i)', () => {
  it.each(cases(defaultInstall))('%s', (_title, allowed, args) => {
    expect(canI(ns, 'stevedore', args)).toBe(allowed);
  });

  // kubectl auth can-i cannot name a kind the API server does not serve (it asks about a core
  // resource of that name instead), so these ask through a SubjectAccessReview.
  it.each([
    [true, 'get'],
    [true, 'create'],
    [true, 'patch'],
    [true, 'delete'],
    [false, 'list'],
    [false, 'watch'],
  ])('TargetGroupBindings (AWS Load Balancer Controller, not installed here): allowed %s, %s', (allowed, verb) => {
    const review = {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: `system:serviceaccount:${ns}:stevedore`,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
        resourceAttributes: { group: 'elbv2.k8s.aws', resource: 'targetgroupbindings', verb, namespace: elsewhere },
      },
    };
    const answer = JSON.parse(must(kubectl(['create', '-o', 'json', '-f', '-'], JSON.stringify(review)))) as { status?: { allowed?: boolean } };
    expect(answer.status?.allowed === true).toBe(allowed);
  });
});

describe('helm install with watchNamespace', () => {
  const sa = `${scoped.release}-stevedore`;

  beforeAll(() => {
    must(kubectl(['create', 'namespace', scoped.watch]));
    const installed = helm([
      'install',
      scoped.release,
      chartDir,
      '--kubeconfig',
      kubeconfig,
      '--namespace',
      scoped.namespace,
      '--create-namespace',
      '--set',
      `watchNamespace=${scoped.watch}`,
      '--set',
      'replicaCount=1',
    ]);
    expect(installed.ok, installed.stderr).toBe(true);
    expect(installed.stdout).toContain(`Watching: namespace ${scoped.watch}`);
  });

  it('is a deployed release', () => {
    const list = JSON.parse(must(helm(['list', '--kubeconfig', kubeconfig, '--namespace', scoped.namespace, '-o', 'json']))) as { name: string; status: string }[];
    expect(list.map((r) => [r.name, r.status])).toEqual([[scoped.release, 'deployed']]);
    must(kubectl(['get', 'deployment', sa, '-n', scoped.namespace]));
  });

  const rows: Row[] = [
    [true, 'create pods in the watched namespace', ['create', 'pods', '-n', scoped.watch]],
    [false, 'create pods elsewhere', ['create', 'pods', '-n', elsewhere]],
    [true, 'list pods in all namespaces (Node capacity)', ['list', 'pods', '--all-namespaces']],
    [true, 'create tasks in the watched namespace', ['create', 'tasks.ecs.stevedore.dev', '-n', scoped.watch]],
    [false, 'create tasks elsewhere', ['create', 'tasks.ecs.stevedore.dev', '-n', elsewhere]],
    [false, 'list taskdefinitions in all namespaces', ['list', 'taskdefinitions.ecs.stevedore.dev', '--all-namespaces']],
    [true, 'list nodes', ['list', 'nodes']],
    [true, 'patch clusters/status', ['patch', 'clusters.ecs.stevedore.dev', '--subresource=status']],
    [true, 'create leases in its release namespace', ['create', 'leases.coordination.k8s.io', '-n', scoped.namespace]],
    [false, 'create leases in the other release namespace', ['create', 'leases.coordination.k8s.io', '-n', releaseNamespace]],
    [false, 'get secrets in the watched namespace', ['get', 'secrets', '-n', scoped.watch]],
  ];

  it.each(cases(rows))('%s', (_title, allowed, args) => {
    expect(canI(scoped.namespace, sa, args)).toBe(allowed);
  });
});
