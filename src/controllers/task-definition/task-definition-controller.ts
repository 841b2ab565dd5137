// The TaskDefinition controller: every change of the normalised spec registers one new,
// immutable revision, stored as a ControllerRevision owned by the TaskDefinition (as DaemonSets
// and StatefulSets keep theirs). The revision's name is deterministic, so a restart that
// repeats a registration meets AlreadyExists instead of creating a second one.
import type { TaskDefinition, TaskDefinitionStatus } from '../../api/v1alpha1/task-definition.ts';
import { listAwsOutputFields } from '../../api/v1alpha1/aws-output-fields.ts';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import type { Cached } from '../../kube/cached.ts';
import { controllerRevisions, taskDefinitions } from '../../kube/resources.ts';
import type { V1ControllerRevision } from '../../kube/types.ts';
import type { ControllerRegistration } from '../controller-contract.ts';
import { objectKey, parseObjectKey } from '../../runtime/keys.ts';
import { ownerKeyOf } from '../../runtime/owners.ts';
import { done } from '../../runtime/result.ts';
import { setCondition } from '../status/conditions.ts';
import { planRegistration, type StoredRevision } from './plan-registration.ts';
import { registeredAtAnnotation, revisionHashAnnotation, revisionObjectName, taskDefinitionLabel } from './revision-names.ts';

export const taskDefinitionController: ControllerRegistration = {
  name: 'task-definition',
  kind: 'TaskDefinition',
  setup({ informers, kube, events, logger }, enqueue) {
    const definitions = informers.informer<TaskDefinition>(taskDefinitions);
    const revisions = informers.informer<V1ControllerRevision>(controllerRevisions, { labelSelector: taskDefinitionLabel });
    definitions.onChange((td) => enqueue(objectKey({ namespace: td.metadata.namespace, name: td.metadata.name })));
    revisions.onChange((cr) => {
      const owner = ownerKeyOf(cr, { kind: 'TaskDefinition', apiVersion: API_VERSION });
      if (owner !== undefined) enqueue(owner);
    });

    return async (key) => {
      const { namespace, name } = parseObjectKey(key);
      const td = definitions.get(name, namespace);
      if (td === undefined || td.metadata.deletionTimestamp !== undefined) return done;
      const uid = td.metadata.uid as string;
      const stored = storedRevisionsOf(revisions.list(namespace), uid);
      const previous = td.status;
      const now = new Date();
      const plan = planRegistration({
        name,
        spec: td.spec as TaskDefinition['spec'],
        stored,
        previouslyInactive: new Map((previous?.revisions ?? []).filter((r) => r.status === 'INACTIVE').map((r) => [r.revision, r.deregisteredAt])),
        now,
      });
      const generation = td.metadata.generation as number | undefined;

      if (!plan.ok) {
        const message = plan.messages.join(' ');
        await events.warning(td, 'InvalidTaskDefinition', message);
        await writeStatus(td, {
          ...previous,
          observedGeneration: generation,
          revisions: plan.revisions,
          conditions: setCondition(previous?.conditions, { type: 'Ready', status: 'False', reason: plan.reason, message }, generation, now),
        });
        return done;
      }

      if (plan.register !== undefined) {
        const { revision, taskDefinition } = plan.register;
        await kube.create<V1ControllerRevision>({
          apiVersion: 'apps/v1',
          kind: 'ControllerRevision',
          metadata: {
            name: revisionObjectName(name, revision),
            namespace,
            labels: { [taskDefinitionLabel]: name },
            annotations: { [revisionHashAnnotation]: plan.hash, registeredAtAnnotation: now.toISOString() },
            ownerReferences: [{ apiVersion: API_VERSION, kind: 'TaskDefinition', name, uid, controller: true, blockOwnerDeletion: true }],
          },
          revision,
          data: taskDefinition,
        });
        await events.normal(td, 'Registered', `Registered revision ${plan.family}:${revision}`);
        logger.info({ key, revision }, 'Registered TaskDefinition revision');
      }
      const ignored = listAwsOutputFields(td.spec as TaskDefinition['spec']);
      if (ignored.length > 0 && previous?.observedGeneration !== generation) {
        await events.warning(td, 'IgnoredFields', `Ignored fields that only AWS fills in: ${ignored.join(', ')}`);
      }
      await writeStatus(td, {
        observedGeneration: generation,
        family: plan.family,
        revision: plan.latest,
        revisions: plan.revisions,
        conditions: setCondition(
          previous?.conditions,
          { type: 'Ready', status: 'True', reason: 'Registered', message: `Latest revision is ${plan.family}:${plan.latest}` },
          generation,
          now,
        ),
      });
      return done;
    };

    async function writeStatus(td: Cached<TaskDefinition>, status: TaskDefinitionStatus): Promise<void> {
      if (JSON.stringify(status) === JSON.stringify(td.status)) return;
      await kube.patchStatus(taskDefinitions, { name: td.metadata.name, namespace: td.metadata.namespace }, status);
    }
  },
};

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
