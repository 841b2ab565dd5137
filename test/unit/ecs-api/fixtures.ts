// Plain objects for the ECS API layer's unit tests: Nodes as kwok registers them, a
// TaskDefinition with one registered revision, Tasks.
import type { Task } from '../../../src/api/v1alpha1/task.ts';
import type { TaskDefinition } from '../../../src/api/v1alpha1/task-definition.ts';
import { normalizeTaskDefinition } from '../../../src/api/v1alpha1/normalize-task-definition.ts';
import type { ClusterObjects } from '../../../src/ecs-api/cluster-view.ts';
import type { V1ControllerRevision, V1Node } from '../../../src/kube/types.ts';

export function aNode(name: string, options: { cpu?: string; memory?: string; zone?: string; labels?: Record<string, string>; unschedulable?: boolean } = {}): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, creationTimestamp: '2026-12-01T10:00:00Z' as unknown as Date, labels: { 'topology.kubernetes.io/zone': options.zone ?? 'us-east-1a', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', ...options.labels } },
    spec: options.unschedulable === true ? { unschedulable: true } : {},
    status: {
      allocatable: { cpu: options.cpu ?? '2', memory: options.memory ?? '4Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }],
      nodeInfo: { kubeletVersion: 'fake' } as V1Node['status'] extends infer S ? S extends { nodeInfo?: infer N } ? N : never : never,
    },
  };
}

export function aTaskDefinition(family: string, namespace: string, containers: TaskDefinition['spec']['containerDefinitions']): { definition: TaskDefinition; revision: V1ControllerRevision } {
  const spec = { family, containerDefinitions: containers };
  const normalized = normalizeTaskDefinition(spec, family);
  if (!normalized.ok) throw new Error(normalized.messages.join(' '));
  return {
    definition: {
      apiVersion: 'ecs.stevedore.dev/v1alpha1',
      kind: 'TaskDefinition',
      metadata: { name: family, namespace },
      spec,
      status: { family, revision: 1, revisions: [{ revision: 1, status: 'ACTIVE', hash: normalized.hash, registeredAt: '2026-12-01T11:00:00Z' }] },
    },
    revision: { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: `${family}-1`, namespace, labels: { 'ecs.stevedore.dev/task-definition': family } }, revision: 1, data: normalized.taskDefinition },
  };
}

export function aPlacedTask(name: string, namespace: string, node: string, taskDefinition: string, lastStatus: NonNullable<Task['status']>['lastStatus'] = 'RUNNING'): Task {
  return {
    apiVersion: 'ecs.stevedore.dev/v1alpha1',
    kind: 'Task',
    metadata: { name, namespace, uid: `uid-${name}`, creationTimestamp: '2026-12-01T12:00:00Z' },
    spec: { taskDefinition, desiredStatus: 'RUNNING' },
    status: { lastStatus, containerInstance: node, taskDefinition, group: `family:${taskDefinition.split(':')[0]}`, createdAt: '2026-12-01T12:00:00Z' },
  };
}

export function objects(parts: Partial<ClusterObjects>): ClusterObjects {
  return { clusters: [], nodes: [], pods: [], tasks: [], taskDefinitions: [], revisions: [], ...parts };
}
