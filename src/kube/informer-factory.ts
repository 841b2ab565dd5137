// Shared informers, one per resource type and selector, like client-go's
// SharedInformerFactory: two controllers that read Pods share one watch and one cache.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { Informer } from './informers.ts';
import type { ResourceType } from './resources.ts';

export interface InformerRequest {
  labelSelector?: string;
  fieldSelector?: string;
}

export class InformerFactory {
  readonly #kc: KubeConfig;
  readonly #logger: Logger;
  readonly #namespace: string | undefined;
  readonly #informers = new Map<string, Informer<KubernetesObject>>();

  /** `namespace` limits namespaced resources to one namespace; all when undefined. */
  constructor(kc: KubeConfig, logger: Logger, namespace?: string) {
    this.#kc = kc;
    this.#logger = logger;
    this.#namespace = namespace;
  }

  /** The shared informer for `resource`; created on first request, started by `startAll`. */
  informer<T extends KubernetesObject>(resource: ResourceType, request: InformerRequest = {}): Informer<T> {
    const key = [resource.apiVersion, resource.plural, request.labelSelector ?? '', request.fieldSelector ?? ''].join('|');
    let informer = this.#informers.get(key);
    if (informer === undefined) {
      informer = new Informer<KubernetesObject>(this.#kc, resource, { ...request, namespace: this.#namespace, logger: this.#logger });
      this.#informers.set(key, informer);
    }
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer requested so far and resolves when all have synced. */
  async startAll(): Promise<void> {
    await Promise.all([...this.#informers.values()].map((informer) => informer.start()));
  }

  hasSynced(): boolean {
    return [...this.#informers.values()].every((informer) => informer.hasSynced());
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#informers.values()].map((informer) => informer.stop()));
  }
}
