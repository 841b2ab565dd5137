// The ControllerRevision that stores one registered revision, and the way back from it: the
// two sides of the storage format, kept together so they cannot drift apart.
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { Cached } from '../../kube/cached.ts';
import type { V1ControllerRevision } from '../../kube/types.ts';
import type { StoredRevision } from './plan-registration.ts';
import { registeredAtAnnotation, revisionHashAnnotation, revisionObjectName, taskDefinitionLabel } from './revision-names.ts';

export interface RevisionOwner {
  name: string;
  namespace: string;
  uid: string;
}

export function buildRevisionObject(owner: RevisionOwner, revision: number, hash: string, taskDefinition: NormalizedTaskDefinition, registeredAt: Date): V1ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: revisionObjectName(owner.name, revision),
      namespace: owner.namespace,
      labels: { [taskDefinitionLabel]: owner.name },
      annotations: { [revisionHashAnnotation]: hash, [registeredAtAnnotation]: registeredAt.toISOString() },
      ownerReferences: [{ apiVersion: API_VERSION, kind: 'TaskDefinition', name: owner.name, uid: owner.uid, controller: true, blockOwnerDeletion: true }],
    },
    revision,
    data: taskDefinition,
  };
}

/** The revisions stored for the TaskDefinition with this uid (a recreated one starts over). */
export function storedRevisionsOf(list: ReadonlyArray<Cached<V1ControllerRevision>>, ownerUid: string): StoredRevision[] {
  return list
    .filter((cr) => cr.metadata?.ownerReferences?.some((o) => o.uid === ownerUid && o.controller === true))
    .map((cr) => ({
      revision: Number(cr.revision),
      hash: cr.metadata?.annotations?.[revisionHashAnnotation] ?? '',
      registeredAt: cr.metadata?.annotations?.[registeredAtAnnotation] ?? cr.metadata?.creationTimestamp ?? '',
    }));
}
