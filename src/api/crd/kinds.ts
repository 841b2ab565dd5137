/**
 * What each Kind looks like to kubectl: names, scope, printer columns. Short names avoid the
 * core ones (`svc`, `cs`, ...) with an `ecs` prefix, as Knative's `ksvc` does: a Service here
 * is not a core Service, and `kubectl get services` keeps meaning core Services.
 */
import type { z } from 'zod';
import { clusterSpec, clusterStatus } from '../v1alpha1/cluster.ts';
import { scheduledTaskSpec, scheduledTaskStatus } from '../v1alpha1/scheduled-task.ts';
import { serviceSpec, serviceStatus } from '../v1alpha1/service.ts';
import { taskDefinitionSpec, taskDefinitionStatus } from '../v1alpha1/task-definition.ts';
import { taskSpec, taskStatus } from '../v1alpha1/task.ts';
import type { CelRule } from '../v1alpha1/cel.ts';

export interface PrinterColumn {
  name: string;
  type: 'string' | 'integer' | 'date' | 'boolean' | 'number';
  jsonPath: string;
  description?: string;
  priority?: number;
}

export interface KindDefinition {
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  scope: 'Namespaced' | 'Cluster';
  description: string;
  spec: z.ZodType;
  status: z.ZodType;
  /** The spec may be omitted (it is defaulted to `{}`, which the schema then fills). */
  specOptional?: boolean;
  /** Rules on the whole object, where `self.metadata.name` is visible. */
  rootRules?: CelRule[];
  printerColumns: PrinterColumn[];
}

const age: PrinterColumn = { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' };
const ready: PrinterColumn = { name: 'READY', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };

export const KINDS: KindDefinition[] = [
  {
    kind: 'Cluster',
    plural: 'clusters',
    singular: 'cluster',
    shortNames: ['ecscluster', 'ecsc'],
    scope: 'Cluster',
    description: 'An ECS cluster: a pool of container instances (the Nodes its nodeSelector picks) and the policy for tasks placed in it.',
    spec: clusterSpec,
    status: clusterStatus,
    specOptional: true,
    printerColumns: [
      { name: 'INSTANCES', type: 'integer', jsonPath: '.status.registeredContainerInstancesCount', description: 'ACTIVE and DRAINING container instances.' },
      { name: 'RUNNING', type: 'integer', jsonPath: '.status.runningTasksCount', description: 'Tasks in RUNNING.' },
      { name: 'PENDING', type: 'integer', jsonPath: '.status.pendingTasksCount', description: 'Tasks in PENDING.' },
      { name: 'SERVICES', type: 'integer', jsonPath: '.status.activeServicesCount', description: 'ACTIVE services.' },
      ready,
      age,
    ],
  },
  {
    kind: 'TaskDefinition',
    plural: 'taskdefinitions',
    singular: 'taskdefinition',
    shortNames: ['ecstaskdef', 'ecstd'],
    scope: 'Namespaced',
    description: 'An ECS task definition family. Every change of the normalised spec registers a new immutable revision.',
    spec: taskDefinitionSpec,
    status: taskDefinitionStatus,
    rootRules: [
      {
        rule: "has(self.spec.family) || self.metadata.name.matches('^[A-Za-z0-9_-]{1,255}$')",
        message: "metadata.name is not a valid ECS family (letters, digits, '-' and '_' only): set spec.family.",
      },
    ],
    printerColumns: [
      { name: 'FAMILY', type: 'string', jsonPath: '.status.family', description: 'Task definition family.' },
      { name: 'REVISION', type: 'integer', jsonPath: '.status.revision', description: 'Latest revision.' },
      ready,
      age,
    ],
  },
  {
    kind: 'Service',
    plural: 'services',
    singular: 'service',
    shortNames: ['ecsservice', 'ecssvc'],
    scope: 'Namespaced',
    description: 'An ECS service: keeps desiredCount tasks of a task definition running (REPLICA), or one on each eligible container instance (DAEMON).',
    spec: serviceSpec,
    status: serviceStatus,
    rootRules: [
      {
        rule: "has(self.spec.serviceName) || self.metadata.name.matches('^[A-Za-z0-9_-]{1,255}$')",
        message: "metadata.name is not a valid ECS service name (letters, digits, '-' and '_' only): set spec.serviceName.",
      },
    ],
    printerColumns: [
      { name: 'DESIRED', type: 'integer', jsonPath: '.status.desiredCount', description: 'Effective desired count.' },
      { name: 'RUNNING', type: 'integer', jsonPath: '.status.runningCount', description: 'Tasks in RUNNING.' },
      { name: 'PENDING', type: 'integer', jsonPath: '.status.pendingCount', description: 'Tasks in PENDING.' },
      { name: 'TASKDEF', type: 'string', jsonPath: '.status.taskDefinition', description: 'family:revision of the PRIMARY deployment.' },
      { name: 'STRATEGY', type: 'string', jsonPath: '.spec.schedulingStrategy', description: 'REPLICA or DAEMON.', priority: 1 },
      { name: 'ROLLOUT', type: 'string', jsonPath: '.status.deployments[?(@.status=="PRIMARY")].rolloutState', description: 'Rollout state of the PRIMARY deployment.' },
      { name: 'STATUS', type: 'string', jsonPath: '.status.status', description: 'ACTIVE, DRAINING or INACTIVE.', priority: 1 },
      ready,
      age,
    ],
  },
  {
    kind: 'Task',
    plural: 'tasks',
    singular: 'task',
    shortNames: ['ecstask', 'ecst'],
    scope: 'Namespaced',
    description: 'An ECS task: a RunTask request and its lifecycle. Set spec.desiredStatus to STOPPED to stop it (StopTask).',
    spec: taskSpec,
    status: taskStatus,
    printerColumns: [
      { name: 'LASTSTATUS', type: 'string', jsonPath: '.status.lastStatus', description: 'Last known status.' },
      { name: 'DESIRED', type: 'string', jsonPath: '.spec.desiredStatus', description: 'Desired status.' },
      { name: 'INSTANCE', type: 'string', jsonPath: '.status.containerInstance', description: 'Container instance (Node).' },
      { name: 'TASKDEF', type: 'string', jsonPath: '.status.taskDefinition', description: 'family:revision.' },
      { name: 'HEALTH', type: 'string', jsonPath: '.status.healthStatus', description: 'Task health.' },
      { name: 'STOPCODE', type: 'string', jsonPath: '.status.stopCode', description: 'Why the task stopped.', priority: 1 },
      age,
    ],
  },
  {
    kind: 'ScheduledTask',
    plural: 'scheduledtasks',
    singular: 'scheduledtask',
    shortNames: ['ecsscheduledtask', 'ecssched'],
    scope: 'Namespaced',
    description: 'An EventBridge Scheduler schedule with an ECS RunTask target: runs Tasks at the times a cron(), rate() or at() expression names.',
    spec: scheduledTaskSpec,
    status: scheduledTaskStatus,
    printerColumns: [
      { name: 'SCHEDULE', type: 'string', jsonPath: '.spec.scheduleExpression', description: 'EventBridge schedule expression.' },
      { name: 'STATE', type: 'string', jsonPath: '.spec.state', description: 'ENABLED or DISABLED.' },
      { name: 'LAST', type: 'date', jsonPath: '.status.lastScheduleTime', description: 'The latest scheduled time that fired.' },
      // A string: kubectl shows a date column as an age, and an age in the future as <invalid>.
      { name: 'NEXT', type: 'string', jsonPath: '.status.nextScheduleTime', description: 'The next scheduled time.' },
      { name: 'TIMEZONE', type: 'string', jsonPath: '.spec.scheduleExpressionTimezone', description: 'Time zone of the expression.', priority: 1 },
      ready,
      age,
    ],
  },
];
