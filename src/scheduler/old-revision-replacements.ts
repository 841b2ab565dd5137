// Since 2025-11 (ECS-SEMANTICS 6.7, ROLL25), a task of the currently running revision that
// becomes unhealthy or terminates during a rolling deployment is replaced with a task of that
// same revision, whatever the new revision's state, within maximumPercent. Before, the gap went
// to the new revision, which may be the one failing.
//
// "Currently running" = an ACTIVE deployment that had COMPLETED. Owed replacements are counted
// from the tasks, with no memory between passes:
//
//   owed(d) = tasks of d that ended on their own since the PRIMARY was created
//             (not stopped by the scheduler or a user, or stopped for failing health checks)
//           − tasks of d created since the PRIMARY was created (the replacements so far)
//
// A replacement that fails in turn is owed again, so d keeps its size until the rollout stops
// it by the ordinary rules.
import { wasStoppedOnPurpose } from './failure-accounting.ts';
import { isHealthCheckStopReason } from './messages.ts';
import type { DeploymentRecord, ServiceTask } from './types.ts';

export interface OldRevisionReplacement {
  deployment: DeploymentRecord;
  count: number;
}

/** Whether `deployment` is a running revision the rule keeps whole while `primary` rolls out. */
export function isRunningRevision(deployment: DeploymentRecord | undefined, primary: DeploymentRecord): deployment is DeploymentRecord {
  return deployment !== undefined && deployment.id !== primary.id && deployment.rolloutState === 'COMPLETED' && primary.rolloutState === 'IN_PROGRESS';
}

/** A task a running revision created as a replacement during the PRIMARY's rollout. */
export function isOldRevisionReplacement(task: ServiceTask, deployment: DeploymentRecord | undefined, primary: DeploymentRecord): boolean {
  return isRunningRevision(deployment, primary) && task.createdAt >= primary.createdAt;
}

function endedOnItsOwn(task: ServiceTask, since: number): boolean {
  if (isHealthCheckStopReason(task.stoppedReason) && task.desiredStatus === 'STOPPED') return (task.stoppedAt ?? since) >= since;
  if (task.lastStatus !== 'STOPPED' && task.lastStatus !== 'DELETED') return false;
  if (wasStoppedOnPurpose(task)) return false;
  return (task.stoppedAt ?? since) >= since;
}

export function computeOldRevisionReplacements(tasks: readonly ServiceTask[], deployments: readonly DeploymentRecord[], primary: DeploymentRecord): OldRevisionReplacement[] {
  const owed: OldRevisionReplacement[] = [];
  for (const deployment of deployments) {
    if (!isRunningRevision(deployment, primary)) continue;
    let ended = 0;
    let replaced = 0;
    for (const task of tasks) {
      if (task.startedBy !== deployment.id) continue;
      if (endedOnItsOwn(task, primary.createdAt)) ended += 1;
      if (task.createdAt >= primary.createdAt) replaced += 1;
    }
    if (ended > replaced) owed.push({ deployment, count: ended - replaced });
  }
  return owed;
}
