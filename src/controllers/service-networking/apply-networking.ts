// Applies a NetworkingPlan: every planned object exists, owned by the ECS Service, with the
// planned content; owned objects the plan no longer has are deleted. Idempotent: an object
// whose applied-hash annotation matches the plan is not written again, so the ECS Service's
// frequent status changes cost no writes. An object of a planned name that another owner
// holds is never taken over: it is reported, for a condition.
import { contentHash } from '../../api/v1alpha1/canonical-json.ts';
import type { Cached } from '../../kube/cached.ts';
import type { ObjectWriter } from '../controller-contract.ts';
import type { ResourceType } from '../../kube/resources.ts';
import type { KubernetesObject } from '../../kube/types.ts';
import { controllerOf } from '../../runtime/owners.ts';
import { coreServices, podDisruptionBudgets, targetGroupBindings } from './networking-resources.ts';
import type { OwnedObject } from './plan-networking.ts';

/** The hash of the planned object last applied, so an unchanged plan writes nothing. */
export const appliedHashAnnotation = 'ecs.stevedore.dev/applied-hash';

export interface NetworkingTarget {
  kube: Pick<ObjectWriter, 'read' | 'apply' | 'delete'>;
  /** The owner's uid: objects controlled by it are ours. */
  ownerUid: string;
  namespace: string;
  /** The cached object of a kind and name (core Services and PDBs we labelled), or 'not-cached' for kinds without a cache. */
  cached(resource: ResourceType, name: string): Cached<KubernetesObject> | undefined | 'not-cached';
  /** Every cached core Service and PDB this owner controls. */
  owned(): { resource: ResourceType; object: Cached<KubernetesObject> }[];
}

export interface AppliedNetworking {
  /** `Kind name` of objects written. */
  written: string[];
  deleted: string[];
  /** `Kind name` of planned objects another owner holds. */
  conflicts: string[];
}

export async function applyNetworkingPlan(objects: readonly OwnedObject[], staleTargetGroupBindings: readonly string[], target: NetworkingTarget): Promise<AppliedNetworking> {
  const outcome: AppliedNetworking = { written: [], deleted: [], conflicts: [] };
  for (const desired of objects) {
    const resource = resourceOf(desired);
    const name = desired.metadata?.name ?? '';
    const label = `${desired.kind ?? ''} ${name}`;
    const hash = contentHash(desired);
    const body = { ...desired, metadata: { ...desired.metadata, annotations: { ...desired.metadata?.annotations, [appliedHashAnnotation]: hash } } } as KubernetesObject;
    const fromCache = target.cached(resource, name);
    // Not in our cache (labelled objects only): someone else may hold the name, so look fresh.
    const existing = fromCache === 'not-cached' || fromCache === undefined ? await target.kube.read(resource, { name, namespace: target.namespace }) : fromCache;
    if (existing === undefined) {
      // Created by server-side apply, so that a field the plan drops later is removed.
      await target.kube.apply(body);
      outcome.written.push(label);
      continue;
    }
    if (controllerOf(existing as never)?.uid !== target.ownerUid) {
      outcome.conflicts.push(label);
      continue;
    }
    if (existing.metadata?.annotations?.[appliedHashAnnotation] === hash) continue;
    await target.kube.apply(body);
    outcome.written.push(label);
  }

  const planned = new Set(objects.map((o) => `${o.kind ?? ''}/${o.metadata?.name ?? ''}`));
  for (const { resource, object } of target.owned()) {
    const name = object.metadata?.name ?? '';
    if (planned.has(`${resource.kind}/${name}`) || controllerOf(object as never)?.uid !== target.ownerUid) continue;
    await target.kube.delete(resource, { name, namespace: target.namespace, uid: object.metadata?.uid });
    outcome.deleted.push(`${resource.kind} ${name}`);
  }
  for (const name of staleTargetGroupBindings) {
    if (planned.has(`${targetGroupBindings.kind}/${name}`)) continue;
    if ((await target.kube.delete(targetGroupBindings, { name, namespace: target.namespace })) === 'deleted') outcome.deleted.push(`${targetGroupBindings.kind} ${name}`);
  }
  return outcome;
}

function resourceOf(obj: OwnedObject): ResourceType {
  if (obj.kind === podDisruptionBudgets.kind) return podDisruptionBudgets;
  if (obj.kind === targetGroupBindings.kind) return targetGroupBindings;
  return coreServices;
}
