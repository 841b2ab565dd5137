// The Service controller: the ECS service scheduler run against Kubernetes. Thin by design:
//
//   observe  the Service, its Tasks, its Cluster's container instances, its task definition
//            revisions (caches and the shared cluster view; observe-service.ts, service-cluster-reader.ts)
//   plan     planService (src/scheduler): pure, ECS-SEMANTICS 6
//   apply    create the Tasks it starts (owned by the Service, deterministic names) and set
//            desiredStatus STOPPED on the ones it stops (service-tasks.ts)
//   status   written once, conditional on the version observed (service-status.ts)
//
// The Task controller stays the only place that places tasks, commits them and runs Pods.
// A new deployment is written to status before any of its tasks is created: its id is the
// tasks' startedBy, and a restart must find it again rather than mint another.
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import type { Service, ServiceEvent, ServiceSpec, ServiceStatus } from '../../api/v1alpha1/service.ts';
import type { TaskDefinition } from '../../api/v1alpha1/task-definition.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import { canonicalJson, contentHash } from '../../api/v1alpha1/canonical-json.ts';
import type { Cached } from '../../kube/cached.ts';
import { clusters, controllerRevisions, pods, services, taskDefinitions, tasks } from '../../kube/resources.ts';
import { servingLabel, taskLabel } from '../../kube/task-pod.ts';
import type { V1ControllerRevision, V1Pod } from '../../kube/types.ts';
import type { ControllerRegistration } from '../controller-contract.ts';
import { seededRng } from '../../placement/index.ts';
import { computeServiceRevisionId, planService, serviceMessages, type ServiceObservation, type ServicePlan, type ServiceRevision } from '../../scheduler/index.ts';
import { objectKey, parseObjectKey } from '../../runtime/keys.ts';
import { controllerOf, ownerKeyOf, type OwnedObject } from '../../runtime/owners.ts';
import { done, requeueAfter, type Result } from '../../runtime/result.ts';
import { taskDefinitionLabel } from '../task-definition/revision-names.ts';
import { RevisionStore } from '../task-definition/revision-store.ts';
import {
  resolveServiceRevision,
  rolloutSettingsOf,
  schedulerStateOf,
  serviceNameOf,
  serviceTaskOf,
  taskDefinitionFactsOf,
} from './observe-service.ts';
import { taskKeyOf, ViewServiceClusterReader, type ServiceClusterReader } from './service-cluster-reader.ts';
import { ServiceExpectations } from './service-expectations.ts';
import { serviceMetrics } from './service-metrics.ts';
import { computeBlockedStatus, computeMergePatch, computeServiceStatus, kubernetesEventOf, kubernetesEventOfMessage } from './service-status.ts';
import { serviceTaskAnnotationsOf } from './service-task-annotations.ts';
import { findUnhealthyTargets, UnhealthyTargetLedger, withTargetHealth } from './service-target-health.ts';
import { buildServiceTask, buildStopPatch, nextTaskNames, taskNamePrefix } from './service-tasks.ts';

/** Holds a deleted Service until its tasks are stopped and removed (DRAINING → INACTIVE, 6.15). */
export const serviceFinalizer = 'ecs.stevedore.dev/service-tasks';

/** How soon a Service whose own writes are not in the cache yet is looked at again. */
const cacheLagRequeueMs = 250;
/** Writes in flight at once when a pass starts or stops many tasks. */
const writeConcurrency = 32;

export const serviceController: ControllerRegistration = {
  name: 'service',
  kind: 'Service',
  setup({ informers, kube, events, logger, registry, view }, enqueue) {
    const serviceCache = informers.informer<Service>(services);
    const taskCache = informers.informer<Task>(tasks);
    const podCache = informers.informer<V1Pod>(pods);
    const clusterCache = informers.informer<Cluster>(clusters);
    const definitionCache = informers.informer<TaskDefinition>(taskDefinitions);
    const revisionCache = informers.informer<V1ControllerRevision>(controllerRevisions, { labelSelector: taskDefinitionLabel });

    const store = new RevisionStore(definitionCache, revisionCache);
    const reader: ServiceClusterReader = new ViewServiceClusterReader(view, taskCache);
    const expectations = new ServiceExpectations();
    const metrics = serviceMetrics(registry, serviceCache);
    // The resourceVersion a Service had when this controller last wrote its status, until the
    // cache shows the write: planning from the older copy would count failures twice.
    const writtenFrom = new Map<string, string>();
    const unhealthyTargets = new UnhealthyTargetLedger();
    /** A task's own Pod (same name, controlled by it): its readiness is the target's health. */
    const podOf = (task: Cached<Task>): Cached<V1Pod> | undefined => {
      const pod = podCache.get(task.metadata.name, task.metadata.namespace);
      return pod !== undefined && controllerOf(pod as OwnedObject)?.uid === task.metadata.uid ? pod : undefined;
    };

    const keyOf = (s: Cached<Service>) => objectKey({ namespace: s.metadata.namespace, name: s.metadata.name });
    const enqueueAll = (namespace?: string) => {
      for (const s of serviceCache.list(namespace)) enqueue(keyOf(s));
    };
    serviceCache.onChange((s) => enqueue(keyOf(s)));
    taskCache.onChange((task) => {
      const owner = ownerKeyOf(task, { kind: 'Service', apiVersion: API_VERSION });
      if (owner !== undefined) enqueue(owner);
    });
    // Instances come and go, drain, fill up and free up: every service may see it. The view
    // reports spec, label, taint and readiness changes and removals, never a mere heartbeat.
    view.onNodeChange(() => enqueueAll());
    // A Pod's readiness is its target's health (load-balanced services): react to what it decides.
    const podFingerprints = new Map<string, string>();
    podCache.onChange((pod) => {
      const key = objectKey({ namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '' });
      const gone = podCache.get(pod.metadata?.name ?? '', pod.metadata?.namespace) === undefined;
      const fingerprint = gone ? '' : JSON.stringify([pod.status?.phase, pod.status?.conditions?.find((c) => c.type === 'Ready')?.status, pod.metadata?.labels?.[servingLabel]]);
      if (podFingerprints.get(key) === fingerprint) return;
      if (gone) podFingerprints.delete(key);
      else podFingerprints.set(key, fingerprint);
      const taskName = pod.metadata?.labels?.[taskLabel];
      const task = taskName === undefined ? undefined : taskCache.get(taskName, pod.metadata?.namespace);
      const owner = task === undefined ? undefined : ownerKeyOf(task, { kind: 'Service', apiVersion: API_VERSION });
      if (owner !== undefined && (serviceCache.get(parseObjectKey(owner).name, task?.metadata.namespace)?.spec.loadBalancers?.length ?? 0) > 0) enqueue(owner);
    });
    clusterCache.onChange(() => enqueueAll());
    definitionCache.onChange((td) => enqueueAll(td.metadata.namespace));
    revisionCache.onChange((cr) => enqueueAll(cr.metadata?.namespace));

    return async (key) => {
      const { namespace = '', name } = parseObjectKey(key);
      const service = serviceCache.get(name, namespace);
      if (service === undefined) {
        expectations.forget(key);
        writtenFrom.delete(key);
        unhealthyTargets.forget(key);
        return done;
      }
      if (writtenFrom.has(key)) {
        if (writtenFrom.get(key) === service.metadata.resourceVersion) return requeueAfter(cacheLagRequeueMs);
        writtenFrom.delete(key);
      }
      const now = Date.now();
      const lookup = (taskName: string) => taskCache.get(taskName, namespace)?.spec.desiredStatus;
      if (!expectations.satisfied(key, lookup, now)) return requeueAfter(cacheLagRequeueMs);

      const deleting = service.metadata.deletionTimestamp !== undefined;
      const finalizers = (service.metadata.finalizers ?? []) as readonly string[];
      if (deleting && !finalizers.includes(serviceFinalizer)) return done;
      let resourceVersion = service.metadata.resourceVersion as string;
      if (!deleting && !finalizers.includes(serviceFinalizer)) {
        resourceVersion = (await kube.addFinalizer(services, service.metadata as Parameters<typeof kube.addFinalizer>[1], serviceFinalizer)) ?? resourceVersion;
      }

      const spec = service.spec as ServiceSpec;
      const serviceName = serviceNameOf(service);
      const previous = service.status as Cached<ServiceStatus> | undefined;
      const generation = service.metadata.generation as number | undefined;
      const state = schedulerStateOf(previous);
      const owned = reader.tasksOf(namespace, service.metadata.uid as string);

      // Which Cluster: it must exist and allow the namespace (bad input is a condition, not a crash).
      const clusterName = spec.cluster ?? DEFAULT_CLUSTER_NAME;
      const cluster = reader.cluster(clusterName);
      if (!deleting && cluster === undefined) {
        if (clusterName === DEFAULT_CLUSTER_NAME) await createDefaultCluster();
        return writeBlocked(service, 'ClusterNotFound', `ClusterNotFoundException: Cluster not found. (Cluster "${clusterName}" does not exist)`, resourceVersion, now);
      }
      const allowed = cluster?.spec.allowedNamespaces;
      if (!deleting && allowed !== undefined && !allowed.includes(namespace)) {
        return writeBlocked(service, 'NamespaceNotAllowed', `Cluster "${clusterName}" does not allow namespace "${namespace}"`, resourceVersion, now);
      }

      // Which revision: the spec's, or (when it cannot be resolved) the one the service runs.
      const primary = state.deployments[0];
      const resolution = resolveServiceRevision(service, store, primary?.taskDefinition);
      let revision: ServiceRevision;
      let problem: { reason: string; message: string } | undefined;
      if (resolution.ok) revision = resolution.revision;
      else if (primary !== undefined) {
        revision = primary.revision;
        problem = { reason: resolution.reason, message: resolution.message };
      } else if (deleting) {
        return finishDeletion(service, owned, previous, generation, now);
      } else {
        return writeBlocked(service, resolution.reason, resolution.message, resourceVersion, now);
      }

      const instances = cluster === undefined ? [] : reader.instancesOf(clusterName);
      const loadBalancers = spec.loadBalancers ?? [];
      const references = new Set<string>([revision.taskDefinition, ...state.deployments.map((d) => d.taskDefinition)]);
      const observation: ServiceObservation = {
        serviceName,
        schedulingStrategy: spec.schedulingStrategy ?? 'REPLICA',
        desiredCount: spec.desiredCount ?? 0,
        rollout: rolloutSettingsOf(spec),
        healthCheckGracePeriodSeconds: spec.healthCheckGracePeriodSeconds ?? 0,
        // ECS: ENABLED by default on CreateService (6.1).
        availabilityZoneRebalancing: spec.availabilityZoneRebalancing !== 'DISABLED',
        revision,
        taskDefinitions: taskDefinitionFactsOf(namespace, references, store),
        deleting,
        tasks: owned.map((t) => withTargetHealth(serviceTaskOf(t), podOf(t), loadBalancers)),
        loadBalancerHealthReported: loadBalancers.length > 0,
        instances,
        snapshot: reader.snapshotOf(clusterName),
        state,
        now,
        // Same observation, same plan: a restarted pass draws the same ids.
        rng: seededRng(seedOf(service.metadata.uid as string, state.deployments.map((d) => d.id), computeServiceRevisionId(revision))),
      };
      const plan = planService(observation);

      const newDeployment = plan.deployments.find((d) => !state.deployments.some((s) => s.id === d.id));
      const started: string[] = [];
      const stopped: string[] = [];
      if (newDeployment === undefined) {
        // Stops first: the Task controller sees them before the new Tasks (one watch, in order),
        // so a task asked to stop no longer counts in the spread the new ones are placed by.
        stopped.push(...(await applyStops(owned, plan)));
        started.push(...(await applyStarts(service, serviceName, plan, owned)));
        expectations.expect(key, started, stopped, now);
      }
      // Else: record the deployment first; the next pass (woken by this write) starts its tasks.

      for (const t of plan.transitions) {
        const event = kubernetesEventOf(t.type);
        const message = t.deploymentId === undefined ? t.reason : `${t.reason} (${t.deploymentId})`;
        if (event.type === 'Warning') void events.warning(service, event.reason, message);
        else void events.normal(service, event.reason, message);
      }
      // Service events no transition carries (a blocked deployment, protected tasks) are Events too.
      const carried = new Set(plan.transitions.map((t) => t.reason));
      for (const e of plan.events) {
        if (carried.has(e.message)) continue;
        const event = kubernetesEventOfMessage(serviceName, e.message);
        if (event.type === 'Warning') void events.warning(service, event.reason, e.message);
        else void events.normal(service, event.reason, e.message);
      }
      const extraEvents: ServiceEvent[] = [];
      if (started.length > 0) {
        const message = serviceMessages.startedTasksMessage(serviceName, started);
        extraEvents.push({ id: contentHash([key, 'start', started]).slice(0, 36), createdAt: new Date(now).toISOString(), message });
        void events.normal(service, 'TasksStarted', message.length > 1024 ? `${message.slice(0, 1000)}…` : message);
      }
      if (stopped.length > 0) {
        const message = serviceMessages.stoppedTasksMessage(serviceName, stopped);
        extraEvents.push({ id: contentHash([key, 'stop', stopped]).slice(0, 36), createdAt: new Date(now).toISOString(), message });
        void events.normal(service, 'TasksStopped', message.length > 1024 ? `${message.slice(0, 1000)}…` : message);
      }
      const failingTargets = findUnhealthyTargets({ serviceName, serviceObjectName: service.metadata.name, loadBalancers, tasks: owned, podOf });
      const newlyFailing = unhealthyTargets.fresh(key, failingTargets);
      for (const report of newlyFailing) {
        extraEvents.push({ id: contentHash([key, 'unhealthy', report.key, now]).slice(0, 36), createdAt: new Date(now).toISOString(), message: report.message });
      }
      if (problem !== undefined && previous?.conditions?.find((c) => c.type === 'Stalled')?.reason !== problem.reason) {
        void events.warning(service, problem.reason, problem.message);
      }

      const status = computeServiceStatus({
        previous,
        plan: { ...plan, events: [...extraEvents.map((e) => ({ id: e.id, createdAt: now, message: e.message })), ...plan.events] },
        generation,
        now: new Date(now),
        specRejected: plan.state.rejectedRevisionId !== undefined && plan.state.rejectedRevisionId === computeServiceRevisionId(revision),
        ...(problem === undefined ? {} : { problem }),
      });
      await writeStatus(service, status, resourceVersion);
      // Reported once the status that carries them is written: a pass retried after a conflict finds them again.
      unhealthyTargets.record(key, failingTargets);
      for (const report of newlyFailing) void events.warning(service, 'UnhealthyTarget', report.message);
      // Counted once the status that records the trip is written: a pass retried after a conflict plans the same trip again.
      for (const t of plan.transitions) if (t.type === 'SERVICE_DEPLOYMENT_FAILED') metrics.circuitBreakerTripped(namespace, name);

      if (deleting) {
        const live = owned.filter((t) => t.status?.lastStatus !== 'STOPPED');
        if (live.length === 0) return finishDeletion(service, owned, previous, generation, now);
      }
      if (newDeployment !== undefined) return done;
      return plan.requeueAfterMs === undefined ? done : requeueAfter(Math.max(plan.requeueAfterMs, 100));
    };

    async function applyStarts(service: Cached<Service>, serviceName: string, plan: ServicePlan, owned: readonly Cached<Task>[]): Promise<string[]> {
      if (plan.start.length === 0) return [];
      const key = keyOf(service);
      const taken = new Set<string>([...taskCache.list(service.metadata.namespace).map((t) => t.metadata.name), ...expectations.pendingNames(key)]);
      const extraAnnotations = serviceTaskAnnotationsOf(service);
      const manifests: Task[] = [];
      for (const intent of plan.start) {
        const names = nextTaskNames(taskNamePrefix(service, intent.deploymentId), intent.count, taken);
        names.forEach((taskName, i) => {
          taken.add(taskName);
          const containerInstance = intent.containerInstanceIds?.[i];
          manifests.push(buildServiceTask({ service, serviceName, intent, name: taskName, ...(containerInstance === undefined ? {} : { containerInstance }), extraAnnotations }));
        });
      }
      const created: string[] = [];
      await forEachLimited(manifests, async (manifest) => {
        const outcome = await kube.create(manifest);
        if (outcome === 'created') created.push(manifest.metadata.name);
      });
      if (created.length > 0) logger.info({ key, count: created.length, owned: owned.length }, 'Created service Tasks');
      return created.sort();
    }

    async function applyStops(owned: readonly Cached<Task>[], plan: ServicePlan): Promise<string[]> {
      if (plan.stop.length === 0) return [];
      // The planner knows tasks by the same key as the placement snapshot: namespace/name.
      const byName = new Map(owned.map((t) => [taskKeyOf(t), t]));
      const stopped: string[] = [];
      await forEachLimited(plan.stop, async (intent) => {
        const task = byName.get(intent.taskArn);
        if (task === undefined || task.spec.desiredStatus === 'STOPPED') return;
        await kube.patch(buildStopPatch(task, intent));
        stopped.push(task.metadata.name);
      });
      return stopped.sort();
    }

    /** Every task stopped: remove them, show INACTIVE, and let the Service go. */
    async function finishDeletion(service: Cached<Service>, owned: readonly Cached<Task>[], previous: Cached<ServiceStatus> | undefined, generation: number | undefined, now: number): Promise<Result> {
      const live = owned.filter((t) => t.status?.lastStatus !== 'STOPPED' && t.spec.desiredStatus !== 'STOPPED');
      if (live.length > 0) {
        // No revision to plan with (never deployed): stop them directly.
        await forEachLimited(live, (t) => kube.patch(buildStopPatch(t, { taskArn: t.metadata.name, stopCode: 'ServiceSchedulerInitiated', reason: 'Service is being deleted' })).then(() => undefined));
        return done;
      }
      if (owned.some((t) => t.status?.lastStatus !== 'STOPPED')) return done;
      await forEachLimited(owned, (t) => kube.delete(tasks, { name: t.metadata.name, namespace: t.metadata.namespace as string }).then(() => undefined));
      if (owned.length > 0) return done; // their deletion wakes this key again
      if (previous?.status !== 'INACTIVE') {
        const status: ServiceStatus = { ...(previous as ServiceStatus | undefined), observedGeneration: generation, status: 'INACTIVE', runningCount: 0, pendingCount: 0 };
        await kube.patchStatus(services, { name: service.metadata.name, namespace: service.metadata.namespace }, status).catch(() => undefined);
      }
      await kube.removeFinalizer(services, service.metadata as Parameters<typeof kube.removeFinalizer>[1], serviceFinalizer);
      logger.info({ key: keyOf(service), at: new Date(now).toISOString() }, 'Deleted Service after stopping its tasks');
      return done;
    }

    async function writeBlocked(service: Cached<Service>, reason: string, message: string, resourceVersion: string, now: number): Promise<Result> {
      const serviceName = serviceNameOf(service);
      const previous = service.status as Cached<ServiceStatus> | undefined;
      const eventMessage = `service (${serviceName}) was unable to start tasks: ${message}`;
      const event: ServiceEvent = { id: contentHash([keyOf(service), reason, now]).slice(0, 36), createdAt: new Date(now).toISOString(), message: eventMessage };
      const status = computeBlockedStatus(previous, service.metadata.generation as number | undefined, new Date(now), reason, message, event);
      if (previous?.conditions?.find((c) => c.type === 'Ready')?.reason !== reason) void events.warning(service, reason, message);
      await writeStatus(service, status, resourceVersion);
      // The Cluster, TaskDefinition or revision appearing wakes the Service: no hot loop.
      return done;
    }

    async function writeStatus(service: Cached<Service>, status: ServiceStatus, resourceVersion: string): Promise<void> {
      if (canonicalJson(status) === canonicalJson(service.status)) return;
      const patch = computeMergePatch(service.status ?? {}, status);
      const written = await kube.patchStatus(services, { name: service.metadata.name, namespace: service.metadata.namespace }, patch, { resourceVersion });
      if (written !== undefined && written !== service.metadata.resourceVersion) writtenFrom.set(keyOf(service), service.metadata.resourceVersion as string);
    }

    async function createDefaultCluster(): Promise<void> {
      const outcome = await kube.create({ apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: DEFAULT_CLUSTER_NAME }, spec: {} });
      if (outcome === 'created') logger.info('Created the default Cluster on first use');
    }
  },
};

/** A 32-bit seed from the parts of the observation that decide ids. */
function seedOf(uid: string, deploymentIds: readonly string[], revisionId: string): number {
  return Number.parseInt(contentHash([uid, deploymentIds, revisionId]).slice(0, 8), 16);
}

async function forEachLimited<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(writeConcurrency, items.length) }, worker));
}
