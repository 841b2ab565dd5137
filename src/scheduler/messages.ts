// ECS's texts, exactly (ECS-SEMANTICS 5.4, 6.4, 6.10, 6.12, 6.14). Users grep for them.

// --- service events (6.14) ---

export const steadyStateMessage = (service: string): string => `service (${service}) has reached a steady state.`;

export const unableToConsistentlyStartMessage = (service: string): string =>
  `service (${service}) is unable to consistently start tasks successfully.`;

export const deploymentConfigurationBlockedMessage = (service: string): string =>
  `service (${service}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.`;

/** `detail` is the engine's closest-instance sentence, or `Reason: No Container Instances were found in your cluster.` */
export const unableToPlaceMessage = (service: string, detail: string): string =>
  `service (${service}) was unable to place a task because no container instance met all of its requirements. ${detail}`;

export const NO_CONTAINER_INSTANCES_REASON = 'Reason: No Container Instances were found in your cluster.';

export const protectedTasksScaleInMessage = (service: string, deploymentId: string): string =>
  `service (${service}) was unable to reach steady state because task set (${deploymentId}) was unable to scale in. Reason: The number of protected tasks are more than the desired count of tasks.`;

/** Launch event; the controller knows the new task ids. Form per 6.14 ("exact parentheses unverified"). */
export const startedTasksMessage = (service: string, taskIds: readonly string[]): string =>
  `service ${service} has started ${taskIds.length} tasks: ${taskIds.map((id) => `(task ${id})`).join(' ')}.`;

/** Stop event; form inferred from the AZ-rebalancing variant (6.14 [I]). */
export const stoppedTasksMessage = (service: string, taskIds: readonly string[]): string =>
  `service ${service} has stopped ${taskIds.length} running tasks: ${taskIds.map((id) => `(task ${id})`).join(' ')}.`;

// --- AZ rebalancing (6.12) ---

/** `2 tasks in us-east-1a, 0 in us-east-1b, and 1 in us-east-1c` */
export function describeZoneCounts(counts: readonly { zone: string; count: number }[]): string {
  const parts = counts.map((c, i) => (i === 0 ? `${c.count} tasks in ${c.zone}` : `${c.count} in ${c.zone}`));
  if (parts.length <= 1) return parts.join('');
  if (parts.length === 2) return `${parts[0]} and ${parts[1]}`;
  return `${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
}

export const notAzBalancedMessage = (service: string, counts: readonly { zone: string; count: number }[]): string =>
  `service (${service}) is not AZ balanced with ${describeZoneCounts(counts)}. AZ Rebalancing in progress.`;

export const azBalancedMessage = (service: string, counts: readonly { zone: string; count: number }[]): string =>
  `service (${service}) is AZ balanced with ${describeZoneCounts(counts)}.`;

export const unableToPlaceInZoneMessage = (service: string, zone: string): string =>
  `service (${service}) is unable to place a task in ${zone} because no container instance met all of its requirements.`;

// --- deployments (6.4, 6.10) ---

export const deploymentInProgressReason = (deploymentId: string): string => `ECS deployment ${deploymentId} in progress.`;
export const deploymentCompletedReason = (deploymentId: string): string => `ECS deployment ${deploymentId} completed.`;
export const CIRCUIT_BREAKER_FAILED_TO_START_REASON = 'ECS deployment circuit breaker: task failed to start.';
/** Names the deployment rolled back to (the last COMPLETED one). */
export const circuitBreakerRollbackReason = (targetDeploymentId: string): string =>
  `ECS deployment circuit breaker: rolling back to deploymentId ${targetDeploymentId}.`;

// --- stoppedReason (5.4, Q13: headings reproduced verbatim) ---

export const scalingActivityReason = (deploymentId: string): string => `Scaling activity initiated by (deployment ${deploymentId})`;
export const CONTAINER_HEALTH_CHECK_FAILED_REASON = 'Task failed container health checks';
export const elbHealthCheckFailedReason = (targetGroupArn?: string): string =>
  targetGroupArn === undefined ? 'Task failed ELB health checks' : `Task failed ELB health checks in (target-group ${targetGroupArn})`;

/** Whether a stoppedReason says the scheduler stopped the task for failing a health check. */
export function isHealthCheckStopReason(reason: string | undefined): boolean {
  return reason !== undefined && (reason.startsWith(CONTAINER_HEALTH_CHECK_FAILED_REASON) || reason.startsWith('Task failed ELB health checks'));
}
