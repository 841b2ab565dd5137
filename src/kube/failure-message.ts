// Why a call to the API server failed, said for a person at a terminal: no cluster to talk
// to, the CRDs not installed, or RBAC denying a verb on a resource. Pure: the caller passes
// the thrown value and what it was doing.
import { ApiException } from '@kubernetes/client-node';

export interface KubeCall {
  /** The Kubernetes verb: get, list, create, patch, delete. */
  verb: string;
  /** The plural resource, with its group: tasks.ecs.stevedore.dev, nodes. */
  resource: string;
  namespace?: string;
  /** The API server's address, for "cannot reach". */
  server?: string;
}

export class KubeFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KubeFailure';
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

function bodyMessage(err: ApiException<unknown>): string | undefined {
  const body = err.body;
  const parsed = typeof body === 'string' ? (() => { try { return JSON.parse(body) as { message?: string }; } catch { return { message: body }; } })() : (body as { message?: string } | undefined);
  return parsed?.message;
}

function networkCode(err: unknown, depth = 0): string | undefined {
  if (err === undefined || err === null || depth > 5) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  // Happy eyeballs: an AggregateError of one error per address.
  for (const inner of (err as { errors?: unknown[] }).errors ?? []) {
    const found = networkCode(inner, depth + 1);
    if (found !== undefined) return found;
  }
  const nested = networkCode((err as { cause?: unknown }).cause, depth + 1);
  if (nested !== undefined) return nested;
  // undici's TypeError('fetch failed'), whatever its cause says.
  return depth === 0 && err instanceof Error && /fetch failed/.test(err.message) ? 'fetch failed' : undefined;
}

/** The failure of `call` as one clear sentence, or undefined if it is not one of these. */
export function explainKubeFailure(err: unknown, call: KubeCall): KubeFailure | undefined {
  const where = call.namespace === undefined ? '' : ` in namespace "${call.namespace}"`;
  if (err instanceof ApiException) {
    if (err.code === 401) return new KubeFailure(`The API server refused our credentials (401 Unauthorized): check --kubeconfig and --context.`, { cause: err });
    if (err.code === 403) {
      return new KubeFailure(`RBAC denied "${call.verb}" on ${call.resource}${where} (403 Forbidden): ${bodyMessage(err) ?? 'forbidden'}. Ask for a Role that allows it, or use another --context.`, { cause: err });
    }
    if (err.code === 404 && call.resource.endsWith('.ecs.stevedore.dev') && (call.verb === 'list' || call.verb === 'create')) {
      const message = bodyMessage(err) ?? '';
      if (message === '' || /could not find the requested resource|page not found/i.test(message)) {
        return new KubeFailure(`The API server has no ${call.resource}: the Stevedore CRDs are not installed. Install them with \`kubectl apply --server-side -f crds/\` (or the Helm chart).`, { cause: err });
      }
    }
    return undefined;
  }
  if (err instanceof Error && /^Unrecognized API version and kind: ecs\.stevedore\.dev\//.test(err.message)) {
    return new KubeFailure(`The API server has no ${call.resource}: the Stevedore CRDs are not installed or are older than this command. Install them with \`kubectl apply --server-side -f crds/\` (or the Helm chart).`, { cause: err });
  }
  const code = networkCode(err);
  if (code !== undefined) {
    return new KubeFailure(
      `Cannot reach the Kubernetes API server${call.server === undefined ? '' : ` at ${call.server}`} (${code === 'fetch failed' ? 'connection failed' : code}). Is the cluster running? Locally: \`./bin/stevedore dev\` or \`npm run cluster:up\`; otherwise check --kubeconfig and --context.`,
      { cause: err },
    );
  }
  return undefined;
}
