// The service-networking controller: for each ECS Service, the core Services, the headless
// registry Service, the TargetGroupBindings and the PodDisruptionBudget its traffic and its
// evictions need (plan-networking.ts), and status.networking. It never touches the rest of the
// Service's status: the Service controller owns that.
//
// One reconcile, level-triggered:
//   observe: the ECS Service (cache), whether TargetGroupBinding is served (discovery, cached)
//   plan:    planServiceNetworking (pure)
//   apply:   applyNetworkingPlan (create/apply owned objects, delete the ones no longer planned)
//   status:  status.networking, merge-patched alone, when it changed
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import { canonicalJson } from '../../api/v1alpha1/canonical-json.ts';
import type { Service } from '../../api/v1alpha1/service.ts';
import type { ServiceNetworkingStatus } from '../../api/v1alpha1/service-networking.ts';
import type { Cached } from '../../kube/cached.ts';
import { services } from '../../kube/resources.ts';
import { serviceLabel } from '../../kube/task-pod.ts';
import type { KubernetesObject, V1PodDisruptionBudget, V1Service } from '../../kube/types.ts';
import type { ControllerRegistration } from '../controller-contract.ts';
import { objectKey, parseObjectKey } from '../../runtime/keys.ts';
import { ownerKeyOf } from '../../runtime/owners.ts';
import { done, requeueAfter } from '../../runtime/result.ts';
import { setCondition, type ConditionUpdate } from '../status/conditions.ts';
import { applyNetworkingPlan, type AppliedNetworking } from './apply-networking.ts';
import { KindDiscovery } from './kind-discovery.ts';
import { coreServices, podDisruptionBudgets } from './networking-resources.ts';
import { NETWORKING_READY, planServiceNetworking, TARGET_GROUPS_BOUND } from './plan-networking.ts';
import { TARGET_GROUP_BINDING_API_VERSION, TARGET_GROUP_BINDING_KIND } from './target-group-binding.ts';

/** How often a Service waiting for the TargetGroupBinding kind looks again (and how long discovery is trusted). */
const targetGroupBindingRecheckMs = 30_000;

/** The cluster DNS domain in the names status shows; kubelets default to cluster.local. */
const clusterDomain = process.env['STEVEDORE_CLUSTER_DOMAIN'] ?? 'cluster.local';

export const serviceNetworkingController: ControllerRegistration = {
  name: 'service-networking',
  kind: 'Service',
  setup({ informers, kube, events, logger }, enqueue) {
    const serviceCache = informers.informer<Service>(services);
    // Only objects we label: foreign Services are read fresh when a name is taken.
    const coreServiceCache = informers.informer<V1Service>(coreServices, { labelSelector: serviceLabel });
    const pdbCache = informers.informer<V1PodDisruptionBudget>(podDisruptionBudgets, { labelSelector: serviceLabel });
    const discovery = new KindDiscovery(kube, TARGET_GROUP_BINDING_API_VERSION, TARGET_GROUP_BINDING_KIND, targetGroupBindingRecheckMs);

    serviceCache.onChange((s) => enqueue(objectKey({ namespace: s.metadata.namespace, name: s.metadata.name })));
    const toOwner = (o: Cached<KubernetesObject>) => {
      const owner = ownerKeyOf(o as never, { kind: 'Service', apiVersion: API_VERSION });
      if (owner !== undefined) enqueue(owner);
    };
    coreServiceCache.onChange(toOwner);
    pdbCache.onChange(toOwner);

    return async (key) => {
      const { namespace = '', name } = parseObjectKey(key);
      const service = serviceCache.get(name, namespace);
      // Deleted (or going): the garbage collector removes what it owns.
      if (service === undefined || service.metadata.deletionTimestamp !== undefined) return done;
      const uid = service.metadata.uid as string;
      const wantsTargetGroups = (service.spec.loadBalancers ?? []).some((lb) => lb.targetGroupArn !== undefined);
      const served = wantsTargetGroups ? await discovery.served() : false;

      const plan = planServiceNetworking({
        service: { metadata: { name, namespace, uid, generation: service.metadata.generation as number | undefined }, spec: service.spec as Service['spec'], status: service.status as Service['status'] },
        targetGroupBindingsServed: served,
        clusterDomain,
      });
      let applied: AppliedNetworking;
      try {
        applied = await applyNetworkingPlan(plan.objects, plan.staleTargetGroupBindings, {
          kube,
          ownerUid: uid,
          namespace,
          cached: (resource, objectName) => (resource === coreServices ? coreServiceCache.get(objectName, namespace) : resource === podDisruptionBudgets ? pdbCache.get(objectName, namespace) : 'not-cached'),
          owned: () => [
            ...coreServiceCache.list(namespace).filter((o) => o.metadata?.labels?.[serviceLabel] === name).map((object) => ({ resource: coreServices, object })),
            ...pdbCache.list(namespace).filter((o) => o.metadata?.labels?.[serviceLabel] === name).map((object) => ({ resource: podDisruptionBudgets, object })),
          ],
        });
      } catch (err) {
        // The kind went away between discovery and the write: ask again on the retry.
        if (wantsTargetGroups) discovery.forget();
        throw err;
      }
      for (const written of applied.written) logger.info({ key, object: written }, 'Applied networking object');
      for (const deleted of applied.deleted) logger.info({ key, object: deleted }, 'Deleted networking object');
      if (applied.written.length > 0) void events.normal(service, 'NetworkingApplied', `Applied ${applied.written.join(', ')}`);
      if (applied.conflicts.length > 0) void events.warning(service, 'NameConflict', conflictMessage(applied.conflicts));

      const updates: ConditionUpdate[] = plan.conditions.map((c) =>
        c.type === NETWORKING_READY && applied.conflicts.length > 0 ? { type: NETWORKING_READY, status: 'False', reason: 'NameConflict', message: conflictMessage(applied.conflicts) } : c,
      );
      await writeNetworkingStatus(service, { ...plan.status }, updates);
      return wantsTargetGroups && !served ? requeueAfter(targetGroupBindingRecheckMs) : done;
    };

    async function writeNetworkingStatus(service: Cached<Service>, status: Omit<ServiceNetworkingStatus, 'conditions'>, updates: readonly ConditionUpdate[]): Promise<void> {
      const previous = service.status?.networking as ServiceNetworkingStatus | undefined;
      const now = new Date();
      const types = new Set(updates.map((u) => u.type));
      // Conditions this controller no longer sets (TargetGroupsBound without target groups) go.
      let conditions = (previous?.conditions ?? []).filter((c) => types.has(c.type) || (c.type !== TARGET_GROUPS_BOUND && c.type !== NETWORKING_READY));
      for (const update of updates) conditions = setCondition(conditions, update, status.observedGeneration, now);
      const next: ServiceNetworkingStatus = { ...status, conditions };
      if (canonicalJson(next) === canonicalJson(previous)) return;
      // A merge patch of status.networking alone: the rest of the status is the Service controller's.
      await kube.patchStatus(services, { name: service.metadata.name, namespace: service.metadata.namespace as string }, { networking: withNulls(next, previous) });
    }
  },
};

/** Keys the previous status had and the next one drops are nulled, or a merge patch would keep them. */
function withNulls(next: ServiceNetworkingStatus, previous: ServiceNetworkingStatus | undefined): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...next };
  for (const key of Object.keys(previous ?? {})) if (!(key in next)) patch[key] = null;
  return patch;
}

function conflictMessage(conflicts: readonly string[]): string {
  return `${conflicts.join(', ')} already exists and is not owned by this Service; rename or delete it, and the operator creates its own`;
}
