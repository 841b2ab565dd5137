// Kubernetes Events for the transitions that matter. Lifecycle events are a diff of the previous
// and the next status, so a derivation that changes nothing emits nothing (idempotent); cause
// events come with the one derivation that records the cause.
import type { StopCode, TaskStatus } from '../../api/v1alpha1/task.ts';
import type { StopCause } from './stop-cause.ts';
import type { TaskEvent } from './task-action.ts';
import { CANNOT_PULL_CONTAINER_ERROR } from './stop-reasons.ts';

/** Stops the task asked for are Normal; the others are worth a Warning. */
const REQUESTED_STOPS = new Set<StopCode>(['UserInitiated', 'ServiceSchedulerInitiated']);

export function computeLifecycleEvents(previous: TaskStatus | undefined, next: TaskStatus): TaskEvent[] {
  const events: TaskEvent[] = [];
  const was = previous?.lastStatus;
  const stopType = next.stopCode !== undefined && REQUESTED_STOPS.has(next.stopCode) ? 'Normal' : 'Warning';
  const stopText = `${next.stopCode ?? 'unknown'}: ${next.stoppedReason ?? ''}`;

  if (next.lastStatus === 'RUNNING' && was !== 'RUNNING') {
    events.push({ type: 'event', eventType: 'Normal', reason: 'Started', message: `Task started on container instance ${next.containerInstance ?? ''}`.trim() });
  }
  if (next.lastStatus === 'RUNNING' && (previous?.healthStatus ?? 'UNKNOWN') !== (next.healthStatus ?? 'UNKNOWN')) {
    events.push({
      type: 'event',
      eventType: next.healthStatus === 'UNHEALTHY' ? 'Warning' : 'Normal',
      reason: 'HealthStatusChanged',
      message: `Task health changed from ${previous?.healthStatus ?? 'UNKNOWN'} to ${next.healthStatus ?? 'UNKNOWN'}`,
    });
  }
  if (next.lastStatus === 'STOPPING' && was !== 'STOPPING') {
    events.push({ type: 'event', eventType: stopType, reason: 'Stopping', message: `Stopping task: ${stopText}` });
  }
  if (next.lastStatus === 'STOPPED' && was !== 'STOPPED') {
    events.push({ type: 'event', eventType: stopType, reason: 'Stopped', message: `Task stopped: ${stopText}` });
  }
  if (isAgentDisconnected(next) && !isAgentDisconnected(previous)) {
    events.push({ type: 'event', eventType: 'Warning', reason: 'AgentDisconnected', message: `Container instance ${next.containerInstance ?? ''} is not Ready; the task keeps its last known status` });
  }
  return events;
}

/** The Event that names what went wrong, for the causes users look for. */
export function computeCauseEvents(cause: StopCause): TaskEvent[] {
  if (cause.kind === 'startFailure' && cause.stoppedReason.startsWith(`${CANNOT_PULL_CONTAINER_ERROR}:`)) {
    return [{ type: 'event', eventType: 'Warning', reason: 'ImagePullFailed', message: `Container ${cause.container ?? ''}: ${cause.stoppedReason}` }];
  }
  if (cause.kind === 'essentialExit') {
    return [{ type: 'event', eventType: 'Warning', reason: 'EssentialContainerExited', message: `Essential container ${cause.container ?? ''} exited with code ${cause.exitCode ?? 'unknown'}` }];
  }
  return [];
}

export const AGENT_CONNECTED = 'AgentConnected';

function isAgentDisconnected(status: TaskStatus | undefined): boolean {
  return status?.conditions?.some((c) => c.type === AGENT_CONNECTED && c.status === 'False') ?? false;
}
