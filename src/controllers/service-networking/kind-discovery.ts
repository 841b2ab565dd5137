// Whether an optional kind (the AWS Load Balancer Controller's TargetGroupBinding) is served,
// asked of the API server at most once per `ttlMs` however many ECS Services want to know:
// installing the CRD later is noticed within that time.
import type { ObjectWriter } from '../controller-contract.ts';

export class KindDiscovery {
  readonly #kube: Pick<ObjectWriter, 'serves'>;
  readonly apiVersion: string;
  readonly kind: string;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #answer: { served: boolean; atMs: number } | undefined;

  constructor(kube: Pick<ObjectWriter, 'serves'>, apiVersion: string, kind: string, ttlMs: number, now: () => number = Date.now) {
    this.#kube = kube;
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  async served(): Promise<boolean> {
    const now = this.#now();
    if (this.#answer !== undefined && now - this.#answer.atMs < this.#ttlMs) return this.#answer.served;
    const served = await this.#kube.serves(this.apiVersion, this.kind);
    this.#answer = { served, atMs: now };
    return served;
  }

  /** A write answered not-found: the kind went away; ask again next time. */
  forget(): void {
    this.#answer = undefined;
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }
}
