// Deregistration before a stop (docs/networking.md "Deregistration delay"). ECS deregisters a
// service task from its target groups and waits the deregistration delay before it stops the
// task, so requests in flight finish. Here a serving Pod first loses the serving label (its
// core Services stop selecting it, so the EndpointSlice controller takes it out of the
// endpoints), then the Pod is deleted once the delay has passed. Pure: the Task controller
// runs it where it would delete the Pod, and executes the action.
//
//   serving label present                          -> deregister (remove it; note when)
//   deregistered, Pod Ready, delay not yet over    -> wait until deregistered-at + delay
//   otherwise                                      -> delete
//
// A Pod that is not Ready takes no traffic: it leaves the endpoints and is deleted at once.
import type { Cached } from '../../kube/cached.ts';
import { servingLabel } from '../../kube/task-pod.ts';
import type { V1Pod } from '../../kube/types.ts';

/** When the Pod left the endpoints (RFC 3339), written with the label's removal. */
export const deregisteredAtAnnotation = 'ecs.stevedore.dev/deregistered-at';

export interface DeregistrationInput {
  /** The task's Pod, as the cache has it. */
  pod: Cached<V1Pod>;
  /** The task's deregistration delay in seconds (task-annotations.ts; 0 without load balancers). */
  delaySeconds: number;
  now: Date;
}

export type DeregistrationAction =
  /** Remove the serving label and record `at` in deregisteredAtAnnotation; then decide again. */
  | { type: 'deregister'; at: string; waitMs: number }
  /** Out of the endpoints; the delay runs until `untilMs` (epoch ms). */
  | { type: 'wait'; untilMs: number }
  /** Stop the task now (delete the Pod). */
  | { type: 'delete' };

export function decideDeregistration({ pod, delaySeconds, now }: DeregistrationInput): DeregistrationAction {
  const ready = isPodReady(pod);
  const delayMs = ready ? delaySeconds * 1000 : 0;
  const at = Date.parse(pod.metadata?.annotations?.[deregisteredAtAnnotation] ?? '');
  if (pod.metadata?.labels?.[servingLabel] !== undefined) {
    // A cache that has not seen our own patch yet: keep the first time, so the delay never restarts.
    const since = Number.isNaN(at) ? now.getTime() : at;
    return { type: 'deregister', at: new Date(since).toISOString(), waitMs: Math.max(0, since + delayMs - now.getTime()) };
  }
  if (Number.isNaN(at)) return { type: 'delete' };
  const untilMs = at + delayMs;
  return untilMs > now.getTime() ? { type: 'wait', untilMs } : { type: 'delete' };
}

function isPodReady(pod: Cached<V1Pod>): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
