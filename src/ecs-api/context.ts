// What every handler gets: the Kubernetes edge, the namespace a request without a namespaced
// ARN means (kubectl's -n), the clock and the placement engine's randomness.
import type { Rng } from '../placement/index.ts';
import type { EcsKube } from '../kube/ecs-objects.ts';

export interface EcsContext {
  kube: EcsKube;
  namespace: string;
  /** List verbs across every namespace (kubectl's -A). */
  allNamespaces: boolean;
  now: () => Date;
  rng: Rng;
}
