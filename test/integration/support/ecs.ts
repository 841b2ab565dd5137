// Reading and writing Stevedore's kinds in a test namespace: apply manifests as `kubectl apply`
// does, read Tasks and TaskDefinitions, and wait for a Task to reach a state.
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { expect } from 'vitest';
import { GROUP, VERSION } from '../../../src/api/v1alpha1/meta.ts';
import type { Task } from '../../../src/api/v1alpha1/task.ts';
import type { TaskDefinition } from '../../../src/api/v1alpha1/task-definition.ts';
import { applyObject } from '../kubectl.ts';
import { eventually } from './kube.ts';

export const ecsApiVersion = `${GROUP}/${VERSION}`;

export class EcsNamespace {
  readonly namespace: string;
  readonly #kubeconfig: string;
  readonly #custom: CustomObjectsApi;

  constructor(kc: KubeConfig, kubeconfig: string, namespace: string) {
    this.namespace = namespace;
    this.#kubeconfig = kubeconfig;
    this.#custom = kc.makeApiClient(CustomObjectsApi);
  }

  /** Server-side applies a manifest in this namespace (`undefined` for cluster-scoped objects). */
  apply(object: unknown, inNamespace: string | undefined = this.namespace): void {
    const result = applyObject(this.#kubeconfig, object, inNamespace);
    expect(result.stderr).toBe('');
  }

  async readTask(name: string): Promise<Task> {
    return (await this.#custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace: this.namespace, name })) as Task;
  }

  async readTaskDefinition(name: string): Promise<TaskDefinition> {
    return (await this.#custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'taskdefinitions', namespace: this.namespace, name })) as TaskDefinition;
  }

  /** Waits until the Task's lastStatus is `lastStatus`, and returns it. */
  async waitForTask(name: string, lastStatus: string, timeoutMs = 30_000): Promise<Task> {
    return eventually(async () => {
      const task = await this.readTask(name);
      expect(task.status?.lastStatus).toBe(lastStatus);
      return task;
    }, { timeoutMs });
  }
}
