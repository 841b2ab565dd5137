// Kubernetes objects as the informer caches hold them (wire form, read-only), for tests that
// feed the cluster view or the Task controller's plan without an API server:
//   aNode('n1').zone('us-east-1a').cpu('2').memory('4Gi').build()
//   aPod('p1').on('n1').requests('500m', '1Gi').build()
//   aTaskObject('web-1').placedOn('n1').lastStatus('RUNNING').build()
//   aClusterObject('default').build()
import type { Cluster } from '../../src/api/v1alpha1/cluster.ts';
import type { Task, TaskSpec, TaskStatus } from '../../src/api/v1alpha1/task.ts';
import type { Cached } from '../../src/kube/cached.ts';
import type { V1Node, V1Pod } from '../../src/kube/types.ts';

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type NodeObject = Mutable<Cached<V1Node>>;
type PodObject = Mutable<Cached<V1Pod>>;

export class NodeObjectBuilder {
  private node: NodeObject;

  constructor(name: string) {
    this.node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, resourceVersion: '1', creationTimestamp: '2026-01-01T00:00:00Z', labels: { 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': 'us-east-1a' } },
      spec: {},
      status: {
        allocatable: { cpu: '2', memory: '4Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:00Z' } as never],
        nodeInfo: { kubeletVersion: 'v1.36.3' } as never,
      },
    };
  }

  zone(zone: string): this {
    return this.label('topology.kubernetes.io/zone', zone);
  }

  label(key: string, value: string): this {
    this.node.metadata = { ...this.node.metadata, labels: { ...this.node.metadata?.labels, [key]: value } };
    return this;
  }

  cpu(quantity: string): this {
    this.node.status = { ...this.node.status, allocatable: { ...this.node.status?.allocatable, cpu: quantity } };
    return this;
  }

  memory(quantity: string): this {
    this.node.status = { ...this.node.status, allocatable: { ...this.node.status?.allocatable, memory: quantity } };
    return this;
  }

  pods(count: number): this {
    this.node.status = { ...this.node.status, allocatable: { ...this.node.status?.allocatable, pods: String(count) } };
    return this;
  }

  cordoned(): this {
    this.node.spec = { ...this.node.spec, unschedulable: true };
    return this;
  }

  notReady(): this {
    this.node.status = { ...this.node.status, conditions: [{ type: 'Ready', status: 'False' } as never] };
    return this;
  }

  taint(key: string, effect: 'NoSchedule' | 'NoExecute' | 'PreferNoSchedule'): this {
    this.node.spec = { ...this.node.spec, taints: [...(this.node.spec?.taints ?? []), { key, effect }] };
    return this;
  }

  /** A later heartbeat: only the condition's time and the resourceVersion move. */
  heartbeat(at: string, resourceVersion: string): this {
    this.node.metadata = { ...this.node.metadata, resourceVersion };
    this.node.status = { ...this.node.status, conditions: (this.node.status?.conditions ?? []).map((c) => ({ ...c, lastHeartbeatTime: at })) };
    return this;
  }

  build(): Cached<V1Node> {
    return structuredClone(this.node) as Cached<V1Node>;
  }
}

export const aNode = (name: string): NodeObjectBuilder => new NodeObjectBuilder(name);

export class PodObjectBuilder {
  private pod: PodObject;

  constructor(name: string) {
    this.pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid: `uid-pod-${name}`, resourceVersion: '1' },
      spec: { containers: [{ name: 'app', image: 'app:1' }] },
      status: { phase: 'Running' },
    };
  }

  namespace(namespace: string): this {
    this.pod.metadata = { ...this.pod.metadata, namespace };
    return this;
  }

  on(node: string): this {
    this.pod.spec = { ...this.pod.spec!, nodeName: node };
    return this;
  }

  requests(cpu: string, memory: string): this {
    this.pod.spec = { ...this.pod.spec!, containers: [{ name: 'app', image: 'app:1', resources: { requests: { cpu, memory } } }] };
    return this;
  }

  hostPort(port: number): this {
    const [first, ...rest] = this.pod.spec!.containers;
    this.pod.spec = { ...this.pod.spec!, containers: [{ ...first!, ports: [{ containerPort: port, hostPort: port }] }, ...rest] };
    return this;
  }

  /** The Pod of Task `task` (label ecs.stevedore.dev/task). */
  ofTask(task: string): this {
    this.pod.metadata = { ...this.pod.metadata, labels: { ...this.pod.metadata?.labels, 'ecs.stevedore.dev/task': task } };
    return this;
  }

  phase(phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed'): this {
    this.pod.status = { ...this.pod.status, phase };
    return this;
  }

  build(): Cached<V1Pod> {
    return structuredClone(this.pod) as Cached<V1Pod>;
  }
}

export const aPod = (name: string): PodObjectBuilder => new PodObjectBuilder(name);

type TaskMeta = {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }>;
};
type TaskObject = { apiVersion: string; kind: string; metadata: TaskMeta; spec: TaskSpec; status?: TaskStatus };

export class TaskObjectBuilder {
  private task: TaskObject;

  constructor(name: string) {
    this.task = {
      apiVersion: 'ecs.stevedore.dev/v1alpha1',
      kind: 'Task',
      metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', generation: 1, creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { taskDefinition: 'web', desiredStatus: 'RUNNING' } as TaskSpec,
    };
  }

  spec(fields: Partial<TaskSpec>): this {
    this.task.spec = { ...this.task.spec, ...fields };
    return this;
  }

  status(fields: Partial<TaskStatus>): this {
    this.task.status = { ...this.task.status, ...fields };
    return this;
  }

  /** Committed to `node` with revision web:1 (the default test family). */
  placedOn(node: string, taskDefinition = 'web:1'): this {
    return this.status({ containerInstance: node, taskDefinition, lastStatus: 'PENDING', group: `family:${taskDefinition.split(':')[0]}` });
  }

  lastStatus(lastStatus: string): this {
    return this.status({ lastStatus: lastStatus as TaskStatus['lastStatus'] });
  }

  meta(fields: Partial<TaskMeta>): this {
    this.task.metadata = { ...this.task.metadata, ...fields };
    return this;
  }

  build(): Cached<Task> {
    return structuredClone(this.task) as unknown as Cached<Task>;
  }
}

export const aTaskObject = (name: string): TaskObjectBuilder => new TaskObjectBuilder(name);

export function aClusterObject(name: string, spec: Partial<Cluster['spec']> = {}, generation = 1): Cached<Cluster> {
  return { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Cluster', metadata: { name, generation, resourceVersion: String(generation) }, spec } as unknown as Cached<Cluster>;
}
