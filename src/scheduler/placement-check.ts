// Starts go through the placement engine when the cluster snapshot is given: ECS does not
// create a service task that fits nowhere, it emits the "unable to place" event and retries
// (6.14, Q3). Batch placement, one task at a time, each seeing the earlier ones (3.1).
import { checkStartTask, placeTasks, type ClusterSnapshot, type Rng } from '../placement/index.ts';
import type { PlacementConstraint } from '../domain/task-definition.ts';
import { NO_CONTAINER_INSTANCES_REASON } from './messages.ts';
import { AVAILABILITY_ZONE_ATTRIBUTE } from './task-buckets.ts';
import type { ServiceRevision, TaskDefinitionFacts } from './types.ts';

export const serviceGroup = (serviceName: string): string => `service:${serviceName}`;

export interface PlacementCheck {
  /** How many of the asked-for tasks fit. */
  placeable: number;
  /** The sentence after "...met all of its requirements." when some did not fit. */
  failureDetail?: string;
  /** Instances chosen for the placeable tasks, in order (only with a snapshot). */
  instanceIds?: string[];
}

export interface ReplicaPlacementInput {
  serviceName: string;
  revision: ServiceRevision;
  facts: TaskDefinitionFacts | undefined;
  count: number;
  snapshot: ClusterSnapshot | undefined;
  rng: Rng;
  /** AZ rebalancing pins the zone with one more memberOf. */
  availabilityZone?: string;
}

export function checkReplicaPlacement(input: ReplicaPlacementInput): PlacementCheck {
  if (input.count <= 0) return { placeable: 0 };
  if (input.snapshot === undefined || input.facts === undefined) return { placeable: input.count };
  const constraints: PlacementConstraint[] = [...(input.facts.placementConstraints ?? []), ...(input.revision.placementConstraints ?? [])];
  if (input.availabilityZone !== undefined) {
    constraints.push({ type: 'memberOf', expression: `attribute:${AVAILABILITY_ZONE_ATTRIBUTE} == ${input.availabilityZone}` });
  }
  const result = placeTasks(
    {
      kind: 'service',
      group: serviceGroup(input.serviceName),
      count: input.count,
      requirement: input.facts.requirement,
      placementConstraints: constraints,
      ...(input.revision.placementStrategy === undefined ? {} : { placementStrategy: input.revision.placementStrategy }),
      ...(input.revision.capacityProviderStrategy === undefined ? {} : { capacityProviderStrategy: input.revision.capacityProviderStrategy }),
      taskDefinitionArn: input.revision.taskDefinition,
    },
    input.snapshot,
    input.rng,
  );
  const instanceIds = result.placements.map((p) => p.containerInstanceId);
  if (result.unplacedCount === 0) return { placeable: input.count, instanceIds };
  const registered = input.snapshot.instances.some((s) => s.view.status !== 'INACTIVE');
  const detail = registered ? (result.failures[0]?.detail ?? NO_CONTAINER_INSTANCES_REASON) : NO_CONTAINER_INSTANCES_REASON;
  return { placeable: result.placements.length, failureDetail: detail, instanceIds };
}

export interface DaemonPlacementCheck {
  placeable: string[];
  /** Per instance that cannot take its task now, ECS's closest-instance sentence. */
  failures: { instanceId: string; detail: string }[];
}

/** DAEMON tasks are pinned (StartTask): each named instance is checked for room (6.3). */
export function checkDaemonPlacement(instanceIds: readonly string[], facts: TaskDefinitionFacts | undefined, serviceName: string, snapshot: ClusterSnapshot | undefined): DaemonPlacementCheck {
  if (instanceIds.length === 0 || snapshot === undefined || facts === undefined) return { placeable: [...instanceIds], failures: [] };
  const placeable: string[] = [];
  const failures: { instanceId: string; detail: string }[] = [];
  for (const id of instanceIds) {
    // One instance per call: StartTask takes at most 10, and each daemon task is independent.
    const outcome = checkStartTask({ containerInstanceIds: [id], group: serviceGroup(serviceName), requirement: facts.requirement }, snapshot);
    if ('error' in outcome) continue;
    if (outcome.placements.length > 0) placeable.push(id);
    const failure = outcome.failures[0];
    if (failure !== undefined) failures.push({ instanceId: id, detail: (failure.detail ?? failure.reason).replace(/^Container instance /, 'The closest matching container-instance ') });
  }
  return { placeable, failures };
}
