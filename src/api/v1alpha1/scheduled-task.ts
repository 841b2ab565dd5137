/**
 * ScheduledTask: an EventBridge Scheduler schedule whose target is ECS RunTask
 * (ECS-SEMANTICS 8.1). `scheduleExpression` is EventBridge's own language (cron with six fields,
 * rate, at), evaluated in `scheduleExpressionTimezone`; each fire runs `target.taskCount` Tasks
 * owned by the ScheduledTask. Field names are EventBridge Scheduler's (CreateSchedule), camelCase;
 * `target` holds the EcsParameters flattened with the RunTask names Task uses.
 */
import { z } from 'zod';
import { AT_PATTERN, CRON_FIELDS, CRON_ONE_QUESTION_MARK, CRON_SIX_FIELDS, cronFieldRegex, fieldMessage, RATE_PATTERN, RATE_SHAPE } from '../../schedule/cron-syntax.ts';
import { AT_FORM, CRON_FIELD_COUNT, CRON_QUESTION_MARK, EXPRESSION_FORMS, RATE_FORM, RATE_SINGULAR } from '../../schedule/parse-expression.ts';
import { celString, type CelRule } from './cel.ts';
import { capacityProviderStrategy } from './capacity-provider.ts';
import { conditions } from './conditions.ts';
import { int, tag, text, timestamp } from './meta.ts';
import { networkConfiguration } from './network-configuration.ts';
import { placementConstraints, placementStrategies } from './placement.ts';
import { taskOverride } from './task-override.ts';
import * as msg from './validation-messages.ts';

/** EventBridge Scheduler's retry policy defaults (CDK aws-scheduler-targets). */
export const DEFAULT_MAXIMUM_RETRY_ATTEMPTS = 185;
export const DEFAULT_MAXIMUM_EVENT_AGE_SECONDS = 86_400;
/** CronJob's defaults for the history limits. */
export const DEFAULT_SUCCESSFUL_RUNS_HISTORY_LIMIT = 3;
export const DEFAULT_FAILED_RUNS_HISTORY_LIMIT = 1;

export const START_BEFORE_END = 'startDate must be before endDate.';
export const FLEXIBLE_NEEDS_WINDOW = 'flexibleTimeWindow: mode FLEXIBLE requires maximumWindowInMinutes (1-1440), and mode OFF must not set it.';

const matches = (pattern: string) => `self.matches(${celString(pattern)})`;
const when = (prefix: string, rule: string) => `!self.startsWith(${celString(prefix)}) || ${rule}`;

/** EventBridge's syntax rules, as CEL on the expression string (the same patterns the parser uses). */
export const scheduleExpressionRules: CelRule[] = [
  { rule: "self.startsWith('cron(') || self.startsWith('rate(') || self.startsWith('at(')", message: `Invalid schedule expression: ${EXPRESSION_FORMS}` },
  { rule: when('rate(', matches(RATE_SHAPE)), message: RATE_FORM },
  { rule: when('rate(', `!${matches(RATE_SHAPE)} || ${matches(RATE_PATTERN)}`), message: RATE_SINGULAR },
  { rule: when('at(', matches(AT_PATTERN)), message: AT_FORM },
  { rule: when('cron(', matches(CRON_SIX_FIELDS)), message: CRON_FIELD_COUNT },
  ...CRON_FIELDS.map((field, i) => ({ rule: when('cron(', `!${matches(CRON_SIX_FIELDS)} || ${matches(cronFieldRegex(i, field.pattern))}`), message: fieldMessage(field) })),
  { rule: when('cron(', `!${matches(CRON_SIX_FIELDS)} || ${matches(CRON_ONE_QUESTION_MARK)}`), message: CRON_QUESTION_MARK },
];

export const scheduleState = z.enum(['ENABLED', 'DISABLED']);

export const flexibleTimeWindow = z
  .object({
    mode: z.enum(['OFF', 'FLEXIBLE']).describe('OFF: invoke at the scheduled time. FLEXIBLE: at some moment within maximumWindowInMinutes after it.'),
    maximumWindowInMinutes: int(1, 1440).optional().describe('The window, for mode FLEXIBLE.'),
  })
  .meta({ 'x-kubernetes-validations': [{ rule: "(self.mode == 'FLEXIBLE') == has(self.maximumWindowInMinutes)", message: FLEXIBLE_NEEDS_WINDOW }] })
  .describe('EventBridge Scheduler FlexibleTimeWindow.');

export const retryPolicy = z
  .object({
    maximumRetryAttempts: int(0, 185).default(DEFAULT_MAXIMUM_RETRY_ATTEMPTS).describe('How many times a launch that failed is retried (default 185).'),
    maximumEventAgeInSeconds: int(60, 86_400)
      .default(DEFAULT_MAXIMUM_EVENT_AGE_SECONDS)
      .describe('How long after its scheduled time a fire may still launch, late or retried (default 86400).'),
  })
  .describe('EventBridge Scheduler RetryPolicy.');

export const scheduledTaskTarget = z
  .object({
    cluster: text(255).optional().describe('Cluster name; absent means the Cluster named "default".'),
    taskDefinition: text(1024).min(1).describe('"family" (latest ACTIVE revision at each fire), "family:revision", or a task definition ARN; in this namespace.'),
    taskCount: int(1, 10).default(1).describe('Tasks per fire, 1-10 (default 1).'),
    launchType: z.enum(['EC2', 'FARGATE', 'EXTERNAL']).optional().describe('Launch type; mutually exclusive with capacityProviderStrategy.'),
    capacityProviderStrategy: capacityProviderStrategy.optional(),
    placementConstraints: placementConstraints.optional(),
    placementStrategy: placementStrategies.optional(),
    group: text(255).optional().describe('Task group; default "family:<family>".'),
    networkConfiguration: networkConfiguration.optional(),
    overrides: taskOverride.optional(),
    tags: z.array(tag).max(50).optional().describe('Tags for the Tasks (up to 50).'),
    propagateTags: z.enum(['TASK_DEFINITION', 'NONE']).optional().describe('Accepted.'),
    enableExecuteCommand: z.boolean().optional().describe('Accepted.'),
    platformVersion: text(64).optional().describe('Fargate only; accepted.'),
    referenceId: text(1024).optional().describe('Accepted.'),
    retryPolicy: retryPolicy.default({ maximumRetryAttempts: DEFAULT_MAXIMUM_RETRY_ATTEMPTS, maximumEventAgeInSeconds: DEFAULT_MAXIMUM_EVENT_AGE_SECONDS }),
  })
  .meta({ 'x-kubernetes-validations': [{ rule: '!has(self.launchType) || !has(self.capacityProviderStrategy)', message: msg.LAUNCH_TYPE_WITH_CAPACITY_PROVIDER_STRATEGY }] })
  .describe('The ECS RunTask target (EventBridge EcsParameters, the overrides of its Input, and the RetryPolicy).');

export const scheduledTaskSpec = z
  .object({
    scheduleExpression: text(256)
      .meta({ 'x-kubernetes-validations': scheduleExpressionRules })
      .describe('cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss), as EventBridge Scheduler writes them.'),
    scheduleExpressionTimezone: text(64).default('UTC').describe('IANA time zone the expression is evaluated in (default UTC). DST gaps are skipped; repeated hours run once.'),
    state: scheduleState.default('ENABLED').describe('ENABLED (default) or DISABLED: a disabled schedule does not fire.'),
    startDate: timestamp().optional().describe('No fire before this time; a rate() counts its periods from it.'),
    endDate: timestamp().optional().describe('No fire at or after this time.'),
    flexibleTimeWindow: flexibleTimeWindow.default({ mode: 'OFF' }),
    target: scheduledTaskTarget,
    successfulRunsHistoryLimit: int(0, 50).default(DEFAULT_SUCCESSFUL_RUNS_HISTORY_LIMIT).describe('Succeeded runs to keep, with their Tasks (default 3), as CronJob has.'),
    failedRunsHistoryLimit: int(0, 50).default(DEFAULT_FAILED_RUNS_HISTORY_LIMIT).describe('Failed runs to keep, with their Tasks (default 1), as CronJob has.'),
    taskMetadata: z
      .object({
        labels: z.record(z.string().max(317), z.string().max(63)).optional().describe('Labels for every Task.'),
        annotations: z.record(z.string().max(317), z.string().max(4096)).optional().describe('Annotations for every Task (they travel on to the Pod).'),
      })
      .optional()
      .describe('Kubernetes-only: labels and annotations put on every Task a fire creates.'),
  })
  .meta({ 'x-kubernetes-validations': [{ rule: '!has(self.startDate) || !has(self.endDate) || timestamp(self.startDate) < timestamp(self.endDate)', message: START_BEFORE_END }] })
  .describe('An EventBridge Scheduler schedule with an ECS RunTask target.');

export const runState = z.enum(['Launching', 'Running', 'Succeeded', 'Failed', 'LaunchFailed']);

export const scheduledRun = z.object({
  scheduledTime: timestamp().describe('The scheduled time this run fired for.'),
  state: runState.describe('Launching (recorded, Tasks being created), Running, Succeeded, Failed (a Task did not succeed) or LaunchFailed (retries exhausted).'),
  attempts: z.int().min(0).max(186).describe('Launch attempts so far (0 while the first is being made).'),
  tasks: z.array(text(253)).max(10).describe('Names of the Tasks of this run.'),
  taskDefinition: text(512).optional().describe('The family:revision launched.'),
  message: text(1024).optional().describe('How it ended, or why the last launch failed.'),
  nextAttemptTime: timestamp().optional().describe('When the next launch attempt is due.'),
  launchTime: timestamp().optional().describe('When its Tasks were created.'),
  completionTime: timestamp().optional().describe('When it finished.'),
});

export const scheduledTaskStatus = z.object({
  observedGeneration: z.int().min(0).optional().describe('The .metadata.generation last reconciled.'),
  lastScheduleTime: timestamp().optional().describe('The latest scheduled time that fired.'),
  lastEvaluatedScheduleTime: timestamp().optional().describe('The latest scheduled time decided on (fired, missed, or passed while DISABLED); nothing at or before it fires again.'),
  nextScheduleTime: timestamp().optional().describe('The next scheduled time (absent when DISABLED or when the schedule has ended).'),
  lastSuccessfulTime: timestamp().optional().describe('When a run last succeeded.'),
  missedCount: z.int().min(0).optional().describe('Scheduled times that did not fire: superseded after downtime, or older than maximumEventAgeInSeconds.'),
  lastMissedTime: timestamp().optional().describe('The latest scheduled time that was missed.'),
  runs: z.array(scheduledRun).max(110).optional().describe('Recent runs, newest first, within the history limits.'),
  conditions: conditions.optional(),
});

export const scheduledTask = z.object({
  apiVersion: z.literal('ecs.stevedore.dev/v1alpha1'),
  kind: z.literal('ScheduledTask'),
  metadata: z.object({ name: z.string(), namespace: z.string().optional() }).loose(),
  spec: scheduledTaskSpec,
  status: scheduledTaskStatus.optional(),
});

export type ScheduleState = z.infer<typeof scheduleState>;
export type ScheduledTaskSpec = z.infer<typeof scheduledTaskSpec>;
export type ScheduledTaskTarget = z.infer<typeof scheduledTaskTarget>;
export type ScheduledTaskStatus = z.infer<typeof scheduledTaskStatus>;
export type ScheduledRun = z.infer<typeof scheduledRun>;
export type RunState = z.infer<typeof runState>;
export type ScheduledTask = z.infer<typeof scheduledTask>;
