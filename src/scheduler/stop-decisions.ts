// The stops of one pass, with the floor they must respect (6.7 step 3): stopping a healthy
// task spends one unit of `healthy − minHealthy`; stopping one that is not healthy is free.
import { CONTAINER_HEALTH_CHECK_FAILED_REASON, elbHealthCheckFailedReason, scalingActivityReason } from './messages.ts';
import { isHealthy, type LiveTask } from './task-buckets.ts';
import type { ServiceTask, StopIntent } from './types.ts';

export class StopDecisions {
  private readonly stops = new Map<string, StopIntent>();
  /** Healthy tasks that may still be stopped without going below minHealthy. */
  budget: number;
  private readonly primaryId: string;

  constructor(healthyCount: number, minHealthy: number, primaryId: string) {
    this.budget = Math.max(0, healthyCount - minHealthy);
    this.primaryId = primaryId;
  }

  has(task: ServiceTask): boolean {
    return this.stops.has(task.taskArn);
  }

  get size(): number {
    return this.stops.size;
  }

  /** Stops that no floor holds back: lost tasks, PENDING on DRAINING, daemon violations, deletion. */
  immediately(task: ServiceTask, reason = scalingActivityReason(this.primaryId)): void {
    if (!this.stops.has(task.taskArn)) this.stops.set(task.taskArn, { taskArn: task.taskArn, stopCode: 'ServiceSchedulerInitiated', reason });
  }

  /** Stops the task if the floor allows; returns whether it did. */
  withinFloor(t: LiveTask, reason = this.reasonFor(t)): boolean {
    if (this.stops.has(t.task.taskArn)) return true;
    if (isHealthy(t)) {
      if (this.budget <= 0) return false;
      this.budget -= 1;
    }
    this.stops.set(t.task.taskArn, { taskArn: t.task.taskArn, stopCode: 'ServiceSchedulerInitiated', reason });
    return true;
  }

  /** A failed health check names itself (5.4); everything else is scaling activity. */
  reasonFor(t: LiveTask): string {
    if (t.health.kind === 'unhealthy') {
      return t.health.cause === 'container' ? CONTAINER_HEALTH_CHECK_FAILED_REASON : elbHealthCheckFailedReason(t.task.targetGroupArn);
    }
    return scalingActivityReason(this.primaryId);
  }

  list(): StopIntent[] {
    return [...this.stops.values()];
  }
}
