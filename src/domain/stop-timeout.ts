// How long a stopping task's containers get between SIGTERM and SIGKILL (ECS-SEMANTICS 5.7):
// each container's stopTimeout, else the agent's default; the task (its Pod) waits for the
// longest. One definition for the Pod builder and the status derivation.

/** ECS's default stop timeout (the agent's ECS_CONTAINER_STOP_TIMEOUT), in seconds. */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;

/** Worked example: stopTimeout 10 and 45 ⇒ 45; 10 and none ⇒ 30; only 10 ⇒ 10. */
export function taskStopTimeoutSeconds(containers: readonly { stopTimeout?: number }[]): number {
  if (containers.length === 0) return DEFAULT_STOP_TIMEOUT_SECONDS;
  return Math.max(...containers.map((c) => c.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS));
}
