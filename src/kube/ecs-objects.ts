// The only code of the ECS API layer (src/ecs-api) that talks to the API server: reads of whole lists, and
// the few writes the verbs make. Every failure goes through explainKubeFailure, so a missing
// cluster, missing CRDs or an RBAC denial read the same from every verb.
import { CoreV1Api, KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Cluster } from '../api/v1alpha1/cluster.ts';
import type { Service } from '../api/v1alpha1/service.ts';
import type { Task } from '../api/v1alpha1/task.ts';
import type { TaskDefinition } from '../api/v1alpha1/task-definition.ts';
import { classify } from './errors.ts';
import { clusters, controllerRevisions, groupOf, nodes, pods, services, taskDefinitions, tasks, type ResourceType } from './resources.ts';
import type { V1ControllerRevision, V1Node, V1Pod } from './types.ts';
import type { ClusterObjects } from '../ecs-api/cluster-view.ts';
import { explainKubeFailure } from './failure-message.ts';

export const cliFieldManager = 'stevedore-ecs';

export class EcsKube {
  readonly #objects: KubernetesObjectApi;
  readonly #core: CoreV1Api;
  readonly server: string | undefined;
  /** The label selector of the ControllerRevisions that hold task definition revisions. */
  readonly #revisionSelector: string;

  constructor(kc: KubeConfig, options: { revisionSelector: string }) {
    this.#revisionSelector = options.revisionSelector;
    this.#objects = KubernetesObjectApi.makeApiClient(kc);
    this.#core = kc.makeApiClient(CoreV1Api);
    this.server = kc.getCurrentCluster()?.server;
  }

  async #call<T>(verb: string, resource: ResourceType, namespace: string | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      const group = groupOf(resource);
      throw explainKubeFailure(err, { verb, resource: group === '' ? resource.plural : `${resource.plural}.${group}`, namespace: resource.namespaced ? namespace : undefined, server: this.server }) ?? err;
    }
  }

  async list<T extends KubernetesObject>(resource: ResourceType, namespace?: string, labelSelector?: string): Promise<T[]> {
    return this.#call('list', resource, namespace, async () => {
      const list = await this.#objects.list<T>(resource.apiVersion, resource.kind, resource.namespaced ? namespace : undefined, undefined, undefined, undefined, undefined, labelSelector);
      // Typed lists carry Dates; keep the wire form (strings), as the informer caches do.
      return (JSON.parse(JSON.stringify(list)) as { items: T[] }).items.map((item) => ({ apiVersion: resource.apiVersion, kind: resource.kind, ...item }));
    });
  }

  async get<T extends KubernetesObject>(resource: ResourceType, name: string, namespace?: string): Promise<T | undefined> {
    try {
      return await this.#call('get', resource, namespace, async () => {
        const header = { apiVersion: resource.apiVersion, kind: resource.kind, metadata: { name, namespace: resource.namespaced ? namespace : undefined } };
        return JSON.parse(JSON.stringify(await this.#objects.read<T>(header as Parameters<KubernetesObjectApi['read']>[0]))) as T;
      });
    } catch (err) {
      if (classify(err) === 'not-found') return undefined;
      throw err;
    }
  }

  async create<T extends KubernetesObject>(resource: ResourceType, obj: T): Promise<T> {
    return this.#call('create', resource, obj.metadata?.namespace, async () => JSON.parse(JSON.stringify(await this.#objects.create(obj, undefined, undefined, cliFieldManager))) as T);
  }

  /** A JSON merge patch of metadata and spec. */
  async patch<T extends KubernetesObject>(resource: ResourceType, name: string, namespace: string | undefined, patch: Record<string, unknown>): Promise<T> {
    const body = { apiVersion: resource.apiVersion, kind: resource.kind, ...patch, metadata: { ...(patch['metadata'] as object | undefined), name, namespace: resource.namespaced ? namespace : undefined } };
    return this.#call('patch', resource, namespace, async () => JSON.parse(JSON.stringify(await this.#objects.patch(body as KubernetesObject, undefined, undefined, cliFieldManager, undefined, PatchStrategy.MergePatch))) as T);
  }

  /** Server-side apply: create or update what this field manager owns. */
  async apply<T extends KubernetesObject>(resource: ResourceType, obj: T): Promise<T> {
    return this.#call('patch', resource, obj.metadata?.namespace, async () => JSON.parse(JSON.stringify(await this.#objects.patch(obj, undefined, undefined, cliFieldManager, true, PatchStrategy.ServerSideApply))) as T);
  }

  /** Replaces the whole object (PUT), as `kubectl replace` does; `obj` carries its resourceVersion. */
  async replace<T extends KubernetesObject>(resource: ResourceType, obj: T): Promise<T> {
    return this.#call('update', resource, obj.metadata?.namespace, async () => JSON.parse(JSON.stringify(await this.#objects.replace(obj, undefined, undefined, cliFieldManager))) as T);
  }

  async delete(resource: ResourceType, name: string, namespace?: string): Promise<void> {
    await this.#call('delete', resource, namespace, async () => {
      const header = { apiVersion: resource.apiVersion, kind: resource.kind, metadata: { name, namespace: resource.namespaced ? namespace : undefined } };
      await this.#objects.delete(header as KubernetesObject);
    });
  }

  /** Namespaces exist? (a typo in -n reads as "no tasks" otherwise). */
  async namespaceExists(namespace: string): Promise<boolean> {
    try {
      await this.#core.readNamespace({ name: namespace });
      return true;
    } catch (err) {
      if (classify(err) === 'not-found') return false;
      // Listing namespaces may be denied; do not make that the verb's failure.
      return true;
    }
  }

  clusters = (): Promise<Cluster[]> => this.list<Cluster>(clusters);
  nodes = (): Promise<V1Node[]> => this.list<V1Node & KubernetesObject>(nodes);
  tasks = (namespace?: string): Promise<Task[]> => this.list<Task>(tasks, namespace);
  services = (namespace?: string): Promise<Service[]> => this.list<Service>(services, namespace);
  taskDefinitions = (namespace?: string): Promise<TaskDefinition[]> => this.list<TaskDefinition>(taskDefinitions, namespace);
  revisions = (namespace?: string): Promise<V1ControllerRevision[]> => this.list<V1ControllerRevision & KubernetesObject>(controllerRevisions, namespace, this.#revisionSelector);

  /**
   * Everything placement looks at, read once. Tasks of every namespace hold capacity; task
   * definitions are needed for the Tasks' requirements, so those are read everywhere too.
   */
  async clusterObjects(): Promise<ClusterObjects> {
    const [c, n, p, t, td, r] = await Promise.all([this.clusters(), this.nodes(), this.list<V1Pod & KubernetesObject>(pods), this.tasks(), this.taskDefinitions(), this.revisions()]);
    return { clusters: c, nodes: n, pods: p, tasks: t, taskDefinitions: td, revisions: r };
  }
}
