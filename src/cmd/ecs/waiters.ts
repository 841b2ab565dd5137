// The waiters of `aws ecs wait` (botocore's ecs waiters-2.json): what each polls, how often,
// and which answers end it. Pure: an acceptor reads one response.
import type { EcsService, EcsTask, EcsFailure } from '../../ecs-api/shapes.ts';

export type WaitVerdict = { state: 'success' } | { state: 'failure'; expression: string; matched: string } | { state: 'retry' };

export interface Waiter {
  name: string;
  /** botocore's waiter name, used in its messages. */
  waiterName: string;
  operation: 'DescribeTasks' | 'DescribeServices';
  delaySeconds: number;
  maxAttempts: number;
  accept(response: unknown): WaitVerdict;
}

const missing = (failures: readonly EcsFailure[]): WaitVerdict | undefined =>
  failures.some((f) => f.reason === 'MISSING') ? { state: 'failure', expression: 'failures[].reason', matched: 'MISSING' } : undefined;

export const waiters: readonly Waiter[] = [
  {
    name: 'tasks-running',
    waiterName: 'TasksRunning',
    operation: 'DescribeTasks',
    delaySeconds: 6,
    maxAttempts: 100,
    accept(response) {
      const { tasks, failures } = response as { tasks: EcsTask[]; failures: EcsFailure[] };
      if (tasks.some((t) => t.lastStatus === 'STOPPED')) return { state: 'failure', expression: 'tasks[].lastStatus', matched: 'STOPPED' };
      const gone = missing(failures);
      if (gone !== undefined) return gone;
      return tasks.length > 0 && tasks.every((t) => t.lastStatus === 'RUNNING') ? { state: 'success' } : { state: 'retry' };
    },
  },
  {
    name: 'tasks-stopped',
    waiterName: 'TasksStopped',
    operation: 'DescribeTasks',
    delaySeconds: 6,
    maxAttempts: 100,
    accept(response) {
      const { tasks } = response as { tasks: EcsTask[] };
      return tasks.length > 0 && tasks.every((t) => t.lastStatus === 'STOPPED') ? { state: 'success' } : { state: 'retry' };
    },
  },
  {
    name: 'services-stable',
    waiterName: 'ServicesStable',
    operation: 'DescribeServices',
    delaySeconds: 15,
    maxAttempts: 40,
    accept(response) {
      const { services, failures } = response as { services: EcsService[]; failures: EcsFailure[] };
      const gone = missing(failures);
      if (gone !== undefined) return gone;
      for (const status of ['DRAINING', 'INACTIVE'] as const) {
        if (services.some((s) => s.status === status)) return { state: 'failure', expression: 'services[].status', matched: status };
      }
      return services.every((s) => s.deployments.length === 1 && s.runningCount === s.desiredCount) ? { state: 'success' } : { state: 'retry' };
    },
  },
];

export function failureMessage(waiter: Waiter, verdict: WaitVerdict | 'max-attempts'): string {
  if (verdict === 'max-attempts') return `Waiter ${waiter.waiterName} failed: Max attempts exceeded`;
  if (verdict.state !== 'failure') return '';
  return `Waiter ${waiter.waiterName} failed: Waiter encountered a terminal failure state: For expression "${verdict.expression}" we matched expected path: "${verdict.matched}" at least once`;
}
