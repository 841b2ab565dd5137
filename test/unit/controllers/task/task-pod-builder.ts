// Pods as kwok reports them, for the Task status tables. They are V1Pods, so every row also
// checks at compile time that the informer's V1Pod fits deriveTaskStatus's ObservedPod.
// aTaskPod('t1').containers('app', 'sidecar').running('app', { startedAt: T0, ready: true }).build()
import type { V1Container, V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import type { NormalizedContainerDefinition, NormalizedTaskDefinition } from '../../../../src/api/v1alpha1/normalize-task-definition.ts';

export const T0 = new Date('2026-01-01T00:00:00.000Z');
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

export function aTaskDefinition(...containers: Array<Partial<NormalizedContainerDefinition> & { name: string }>): NormalizedTaskDefinition {
  return {
    family: 'web',
    networkMode: 'bridge',
    containerDefinitions: containers.map((c) => ({ image: `registry.example/${c.name}:1`, essential: true, ...c })),
  };
}

type Where = 'containers' | 'initContainers';

export class TaskPodBuilder {
  private pod: V1Pod;

  constructor(name: string) {
    this.pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default' },
      spec: { nodeName: 'n1', restartPolicy: 'Never', terminationGracePeriodSeconds: 30, containers: [] },
      status: { phase: 'Pending', hostIP: '10.0.0.1', podIP: '10.244.0.7', containerStatuses: [], initContainerStatuses: [] },
    };
  }

  /** Ordinary containers, ContainerCreating until told otherwise. */
  containers(...names: string[]): this {
    for (const name of names) this.add('containers', { name, image: `registry.example/${name}:1` });
    return this;
  }

  /** An ordinary init container (a COMPLETE/SUCCESS dependency). */
  init(name: string): this {
    return this.add('initContainers', { name, image: `registry.example/${name}:1` });
  }

  /** A native sidecar: an init container with restartPolicy Always (a START/HEALTHY dependency). */
  sidecar(name: string): this {
    return this.add('initContainers', { name, image: `registry.example/${name}:1`, restartPolicy: 'Always' });
  }

  ports(name: string, ports: NonNullable<V1Container['ports']>): this {
    return this.mapSpec(name, (c) => ({ ...c, ports }));
  }

  gracePeriod(seconds: number): this {
    this.pod = { ...this.pod, spec: { ...this.pod.spec!, terminationGracePeriodSeconds: seconds } };
    return this;
  }

  waiting(name: string, reason: string, message?: string): this {
    return this.state(name, { waiting: { reason, ...(message === undefined ? {} : { message }) } }, false);
  }

  running(name: string, options: { startedAt?: Date; ready?: boolean } = {}): this {
    return this.state(name, { running: { startedAt: options.startedAt ?? T0 } }, options.ready ?? true);
  }

  terminated(name: string, exitCode: number, options: { reason?: string; startedAt?: Date; finishedAt?: Date } = {}): this {
    const reason = options.reason ?? (exitCode === 0 ? 'Completed' : 'Error');
    return this.state(name, { terminated: { exitCode, reason, startedAt: options.startedAt ?? T0, finishedAt: options.finishedAt ?? at(60) } }, false);
  }

  phase(phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed'): this {
    this.pod = { ...this.pod, status: { ...this.pod.status, phase } };
    return this;
  }

  /** kwok first sets deletionTimestamp, then terminates the containers, then removes the Pod. */
  deleting(at: Date = T0): this {
    this.pod = { ...this.pod, metadata: { ...this.pod.metadata, deletionTimestamp: at } };
    return this;
  }

  build(): V1Pod {
    return structuredClone(this.pod);
  }

  private add(where: Where, container: V1Container): this {
    const spec = this.pod.spec!;
    const status: V1ContainerStatus = { name: container.name, image: container.image ?? '', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: where === 'initContainers' ? 'PodInitializing' : 'ContainerCreating' } } };
    const statusKey = where === 'containers' ? 'containerStatuses' : 'initContainerStatuses';
    this.pod = {
      ...this.pod,
      spec: { ...spec, [where]: [...(spec[where] ?? []), container] },
      status: { ...this.pod.status, [statusKey]: [...(this.pod.status?.[statusKey] ?? []), status] },
    };
    return this;
  }

  private mapSpec(name: string, f: (c: V1Container) => V1Container): this {
    const spec = this.pod.spec!;
    this.pod = { ...this.pod, spec: { ...spec, containers: spec.containers.map((c) => (c.name === name ? f(c) : c)), initContainers: spec.initContainers?.map((c) => (c.name === name ? f(c) : c)) } };
    return this;
  }

  private state(name: string, state: V1ContainerStatus['state'], ready: boolean): this {
    const update = (list: V1ContainerStatus[] | undefined) => list?.map((c) => (c.name === name ? { ...c, state, ready, ...(state?.running === undefined ? {} : { started: true }) } : c));
    const status = this.pod.status!;
    this.pod = { ...this.pod, status: { ...status, containerStatuses: update(status.containerStatuses), initContainerStatuses: update(status.initContainerStatuses) } };
    return this;
  }
}

export function aTaskPod(name = 't1'): TaskPodBuilder {
  return new TaskPodBuilder(name);
}
