import { describe, expect, it } from 'vitest';
import type { ContainerStatus, TaskSpec, TaskStatus } from '../../../../src/api/v1alpha1/task.ts';
import { deriveTaskStatus, type TaskStatusInput } from '../../../../src/controllers/task/derive-task-status.ts';
import type { TaskAction } from '../../../../src/controllers/task/task-action.ts';
import { aTaskDefinition, aTaskPod, at, T0 } from './task-pod-builder.ts';

const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString();
const PULL_MESSAGE = 'failed to pull and unpack image "registry.example/app:1": not found';

/** G53's task: an essential app and a non-essential sidecar. */
const appAndSidecar = aTaskDefinition({ name: 'app' }, { name: 'sidecar', essential: false });
/** G55's task: app waits for init to exit 0. */
const initThenApp = aTaskDefinition({ name: 'init', essential: false }, { name: 'app', dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] });
/** G47's task: a health check that decides 20 + 10 × 3 = 50 s after the start. */
const checked = aTaskDefinition({ name: 'app', healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'], interval: 10, retries: 3, startPeriod: 20, timeout: 5 } });

const spec = (fields: Partial<TaskSpec> = {}): TaskSpec => ({ taskDefinition: 'web', desiredStatus: 'RUNNING', ...fields });

function input(fields: Partial<TaskStatusInput>): TaskStatusInput {
  return { spec: spec(), status: undefined, taskDefinition: appAndSidecar, pod: undefined, nodeGone: false, nodeNotReady: false, now: at(10), placementTimeoutMs: 300_000, stoppedRetentionMs: HOUR, createdAt: T0, ...fields };
}

const container = (name: string, lastStatus: string, fields: Partial<ContainerStatus> = {}): ContainerStatus => ({ name, image: `registry.example/${name}:1`, lastStatus, healthStatus: 'UNKNOWN', ...fields });

/** A task bound to n1 whose Pod a derivation has seen. */
const placed = (fields: Partial<TaskStatus> = {}): TaskStatus => ({ createdAt: iso(T0), desiredStatus: 'RUNNING', containerInstance: 'n1', lastStatus: 'PENDING', pullStartedAt: iso(at(1)), ...fields });
const running = (fields: Partial<TaskStatus> = {}): TaskStatus =>
  placed({ lastStatus: 'RUNNING', startedAt: iso(at(5)), healthStatus: 'UNKNOWN', containers: [container('app', 'RUNNING'), container('sidecar', 'RUNNING')], ...fields });

const event = (eventType: 'Normal' | 'Warning', reason: string, message: string): TaskAction => ({ type: 'event', eventType, reason, message }) as TaskAction;
const retention = (ms = HOUR): TaskAction => ({ type: 'requeueAfter', ms });

interface Case {
  name: string;
  input: TaskStatusInput;
  status: Partial<TaskStatus>;
  absent?: Array<keyof TaskStatus>;
  actions: TaskAction[];
}

const cases: Case[] = [
  // Placement (the controller places; the derivation only times out).
  {
    name: 'a new Task waits for placement in PROVISIONING, with a timer for the placement timeout',
    input: input({}),
    status: { lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', createdAt: iso(T0), healthStatus: 'UNKNOWN', containers: [container('app', 'PENDING'), container('sidecar', 'PENDING')] },
    absent: ['stopCode', 'startedAt'],
    actions: [{ type: 'requeueAfter', ms: 290_000 }],
  },
  {
    name: 'createdAt defaults to the first derivation',
    input: input({ createdAt: undefined }),
    status: { lastStatus: 'PROVISIONING', createdAt: iso(at(10)) },
    actions: [{ type: 'requeueAfter', ms: 300_000 }],
  },
  {
    name: 'an unplaced task past the placement timeout stops with its placement reasons',
    input: input({
      now: at(300),
      status: { createdAt: iso(T0), lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', placementFailures: [{ arn: 'n1', reason: 'RESOURCE:MEMORY' }, { arn: 'n2', reason: 'RESOURCE:MEMORY' }, { arn: 'n3', reason: 'RESOURCE:PORTS' }] },
    }),
    status: {
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'Task failed to start: RESOURCE:MEMORY, RESOURCE:PORTS',
      stoppingAt: iso(at(300)),
      stoppedAt: iso(at(300)),
      containers: [container('app', 'STOPPED'), container('sidecar', 'STOPPED')],
    },
    absent: ['executionStoppedAt', 'startedAt'],
    actions: [event('Warning', 'Stopped', 'Task stopped: TaskFailedToStart: Task failed to start: RESOURCE:MEMORY, RESOURCE:PORTS'), retention()],
  },
  {
    name: 'StopTask before placement stops at once (no Pod to stop)',
    input: input({ spec: spec({ desiredStatus: 'STOPPED' }), status: { createdAt: iso(T0), lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING' } }),
    status: { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user', stoppedAt: iso(at(10)) },
    actions: [event('Normal', 'Stopped', 'Task stopped: UserInitiated: Task stopped by user'), retention()],
  },

  // Starting.
  {
    name: 'bound without a Pod yet: PENDING',
    input: input({ status: placed({ lastStatus: 'PROVISIONING', pullStartedAt: undefined }) }),
    status: { lastStatus: 'PENDING', containers: [container('app', 'PENDING'), container('sidecar', 'PENDING')] },
    absent: ['pullStartedAt', 'stopCode'],
    actions: [],
  },
  {
    name: 'a Pod not yet in the cache is not a deleted Pod: no derivation has seen it',
    input: input({ status: placed({ pullStartedAt: undefined }) }),
    status: { lastStatus: 'PENDING', desiredStatus: 'RUNNING' },
    absent: ['stopCode'],
    actions: [],
  },
  {
    name: 'containers being created: PENDING, pulls started',
    input: input({ status: placed({ pullStartedAt: undefined }), pod: aTaskPod().containers('app', 'sidecar').build() }),
    status: { lastStatus: 'PENDING', pullStartedAt: iso(at(10)), containers: [container('app', 'PENDING'), container('sidecar', 'PENDING')] },
    absent: ['pullStoppedAt', 'startedAt'],
    actions: [],
  },
  {
    name: 'RUNNING once every essential container runs; startedAt is the kubelet’s start time',
    input: input({ status: placed(), pod: aTaskPod().containers('app', 'sidecar').running('app', { startedAt: at(5) }).build() }),
    status: { lastStatus: 'RUNNING', startedAt: iso(at(5)), healthStatus: 'UNKNOWN', containers: [container('app', 'RUNNING'), container('sidecar', 'PENDING')] },
    absent: ['pullStoppedAt'],
    actions: [event('Normal', 'Started', 'Task started on container instance n1')],
  },
  {
    name: 'pulls stop once every container has started; startedAt counts essential containers only',
    input: input({ status: placed(), pod: aTaskPod().containers('app', 'sidecar').running('app', { startedAt: at(5) }).running('sidecar', { startedAt: at(6) }).build() }),
    status: { lastStatus: 'RUNNING', startedAt: iso(at(5)), pullStoppedAt: iso(at(10)) },
    actions: [event('Normal', 'Started', 'Task started on container instance n1')],
  },
  {
    name: 'a native sidecar counts like any container',
    input: input({ status: placed(), pod: aTaskPod().sidecar('sidecar').containers('app').running('sidecar').running('app', { startedAt: at(5) }).build() }),
    status: { lastStatus: 'RUNNING', containers: [container('app', 'RUNNING'), container('sidecar', 'RUNNING')] },
    actions: [event('Normal', 'Started', 'Task started on container instance n1')],
  },
  {
    name: 'network bindings: a host port binds 0.0.0.0, a Pod-network port binds the Pod IP',
    input: input({
      taskDefinition: aTaskDefinition({ name: 'app' }),
      status: running({ containers: [container('app', 'RUNNING')] }),
      pod: aTaskPod().containers('app').ports('app', [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP' }]).running('app').build(),
    }),
    status: {
      lastStatus: 'RUNNING',
      containers: [
        container('app', 'RUNNING', {
          networkBindings: [
            { bindIP: '0.0.0.0', containerPort: 80, hostPort: 8080, protocol: 'tcp' },
            { bindIP: '10.244.0.7', containerPort: 53, protocol: 'udp' },
          ],
        }),
      ],
    },
    actions: [],
  },

  // G53: essential containers.
  {
    name: 'G53 a non-essential container exits alone: the task stays RUNNING',
    input: input({ status: running(), pod: aTaskPod().containers('app', 'sidecar').running('app').terminated('sidecar', 0).phase('Running').build() }),
    status: { lastStatus: 'RUNNING', desiredStatus: 'RUNNING', containers: [container('app', 'RUNNING'), container('sidecar', 'STOPPED', { exitCode: 0, reason: 'Completed' })] },
    absent: ['stopCode'],
    actions: [],
  },
  {
    name: 'G53 the essential container exits 1: STOPPING, the others are stopped',
    input: input({ status: running(), pod: aTaskPod().containers('app', 'sidecar').terminated('app', 1, { finishedAt: at(9) }).running('sidecar').phase('Running').build() }),
    status: {
      lastStatus: 'STOPPING',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      stoppingAt: iso(at(10)),
      containers: [container('app', 'STOPPED', { exitCode: 1, reason: 'Error' }), container('sidecar', 'RUNNING')],
    },
    absent: ['stoppedAt'],
    actions: [
      { type: 'deletePod', gracePeriodSeconds: 30 },
      event('Warning', 'Stopping', 'Stopping task: EssentialContainerExited: Essential container in task exited'),
      event('Warning', 'EssentialContainerExited', 'Essential container app exited with code 1'),
    ],
  },
  {
    name: 'G53 the Pod is gone: STOPPED, exit codes kept',
    input: input({
      now: at(40),
      status: running({
        lastStatus: 'STOPPING',
        desiredStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        stoppingAt: iso(at(10)),
        containers: [container('app', 'STOPPED', { exitCode: 1, reason: 'Error' }), container('sidecar', 'RUNNING')],
      }),
    }),
    status: {
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      stoppingAt: iso(at(10)),
      stoppedAt: iso(at(40)),
      executionStoppedAt: iso(at(40)),
      containers: [container('app', 'STOPPED', { exitCode: 1, reason: 'Error' }), container('sidecar', 'STOPPED')],
    },
    actions: [event('Warning', 'Stopped', 'Task stopped: EssentialContainerExited: Essential container in task exited'), retention()],
  },
  {
    name: 'an OOM kill gets ECS’s container reason',
    input: input({ taskDefinition: aTaskDefinition({ name: 'app' }), status: running({ containers: [container('app', 'RUNNING')] }), pod: aTaskPod().containers('app').terminated('app', 137, { reason: 'OOMKilled', finishedAt: at(9) }).phase('Failed').build() }),
    status: {
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      executionStoppedAt: iso(at(9)),
      containers: [container('app', 'STOPPED', { exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' })],
    },
    actions: [
      event('Warning', 'Stopped', 'Task stopped: EssentialContainerExited: Essential container in task exited'),
      event('Warning', 'EssentialContainerExited', 'Essential container app exited with code 137'),
      retention(),
    ],
  },

  // G55: dependsOn.
  {
    name: 'G55 a SUCCESS dependency exits 1: app never starts, the task fails to start',
    input: input({ taskDefinition: initThenApp, status: placed(), pod: aTaskPod().init('init').containers('app').terminated('init', 1, { finishedAt: at(8) }).phase('Failed').build() }),
    status: {
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'Task failed to start: container app depends on init (SUCCESS), which exited with code 1',
      executionStoppedAt: iso(at(8)),
      containers: [container('init', 'STOPPED', { exitCode: 1, reason: 'Error' }), container('app', 'STOPPED')],
    },
    absent: ['startedAt'],
    actions: [event('Warning', 'Stopped', 'Task stopped: TaskFailedToStart: Task failed to start: container app depends on init (SUCCESS), which exited with code 1'), retention()],
  },
  {
    name: 'G55 the dependency exits 0: app starts and the task runs',
    input: input({ taskDefinition: initThenApp, status: placed(), pod: aTaskPod().init('init').containers('app').terminated('init', 0, { finishedAt: at(4) }).running('app', { startedAt: at(5) }).phase('Running').build() }),
    status: { lastStatus: 'RUNNING', startedAt: iso(at(5)), containers: [container('init', 'STOPPED', { exitCode: 0, reason: 'Completed' }), container('app', 'RUNNING')] },
    absent: ['stopCode'],
    actions: [event('Normal', 'Started', 'Task started on container instance n1')],
  },

  // Start failures.
  {
    name: 'an image that cannot be pulled fails the task with CannotPullContainerError',
    input: input({ status: placed(), pod: aTaskPod().containers('app', 'sidecar').waiting('app', 'ErrImagePull', PULL_MESSAGE).build() }),
    status: {
      lastStatus: 'STOPPING',
      desiredStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: `CannotPullContainerError: ${PULL_MESSAGE}`,
      pullStoppedAt: iso(at(10)),
      containers: [container('app', 'PENDING', { reason: PULL_MESSAGE }), container('sidecar', 'PENDING')],
    },
    actions: [
      { type: 'deletePod', gracePeriodSeconds: 30 },
      event('Warning', 'Stopping', `Stopping task: TaskFailedToStart: CannotPullContainerError: ${PULL_MESSAGE}`),
      event('Warning', 'ImagePullFailed', `Container app: CannotPullContainerError: ${PULL_MESSAGE}`),
    ],
  },
  {
    name: 'ImagePullBackOff of a non-essential container also fails the start',
    input: input({ status: placed(), pod: aTaskPod().containers('app', 'sidecar').running('app').waiting('sidecar', 'ImagePullBackOff', 'Back-off pulling image "registry.example/sidecar:1"').build() }),
    status: { lastStatus: 'STOPPING', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: Back-off pulling image "registry.example/sidecar:1"' },
    actions: [
      { type: 'deletePod', gracePeriodSeconds: 30 },
      event('Warning', 'Stopping', 'Stopping task: TaskFailedToStart: CannotPullContainerError: Back-off pulling image "registry.example/sidecar:1"'),
      event('Warning', 'ImagePullFailed', 'Container sidecar: CannotPullContainerError: Back-off pulling image "registry.example/sidecar:1"'),
    ],
  },
  {
    name: 'a missing Secret (CreateContainerConfigError) is a ResourceInitializationError',
    input: input({ status: placed(), pod: aTaskPod().containers('app', 'sidecar').waiting('app', 'CreateContainerConfigError', 'secret "db" not found').build() }),
    status: { lastStatus: 'STOPPING', stopCode: 'TaskFailedToStart', stoppedReason: 'ResourceInitializationError: secret "db" not found' },
    actions: [{ type: 'deletePod', gracePeriodSeconds: 30 }, event('Warning', 'Stopping', 'Stopping task: TaskFailedToStart: ResourceInitializationError: secret "db" not found')],
  },
  {
    name: 'CreateContainerError is a CannotCreateContainerError',
    input: input({ status: placed(), pod: aTaskPod().containers('app', 'sidecar').waiting('app', 'CreateContainerError', 'context deadline exceeded').build() }),
    status: { stopCode: 'TaskFailedToStart', stoppedReason: 'CannotCreateContainerError: context deadline exceeded' },
    actions: [{ type: 'deletePod', gracePeriodSeconds: 30 }, event('Warning', 'Stopping', 'Stopping task: TaskFailedToStart: CannotCreateContainerError: context deadline exceeded')],
  },
  {
    name: 'a container the runtime could not start (StartError) is a CannotStartContainerError',
    input: input({ status: placed(), pod: aTaskPod().containers('app', 'sidecar').terminated('app', 128, { reason: 'StartError', finishedAt: at(9) }).build() }),
    status: { stopCode: 'TaskFailedToStart', stoppedReason: 'CannotStartContainerError: StartError' },
    actions: [{ type: 'deletePod', gracePeriodSeconds: 30 }, event('Warning', 'Stopping', 'Stopping task: TaskFailedToStart: CannotStartContainerError: StartError')],
  },

  // StopTask.
  {
    name: 'StopTask with a reason: STOPPING, the Pod deleted with its grace period',
    input: input({ spec: spec({ desiredStatus: 'STOPPED', stoppedReason: 'Scaling down for the night' }), status: running(), pod: aTaskPod().containers('app', 'sidecar').running('app').running('sidecar').gracePeriod(45).build() }),
    status: { lastStatus: 'STOPPING', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Scaling down for the night', stoppingAt: iso(at(10)) },
    actions: [{ type: 'deletePod', gracePeriodSeconds: 45 }, event('Normal', 'Stopping', 'Stopping task: UserInitiated: Scaling down for the night')],
  },
  {
    name: 'the service scheduler’s stop is ServiceSchedulerInitiated',
    input: input({
      spec: spec({ desiredStatus: 'STOPPED', stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/1)' }),
      stopInitiator: 'ServiceSchedulerInitiated',
      status: running(),
      pod: aTaskPod().containers('app', 'sidecar').running('app').running('sidecar').build(),
    }),
    status: { lastStatus: 'STOPPING', stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/1)' },
    actions: [{ type: 'deletePod', gracePeriodSeconds: 30 }, event('Normal', 'Stopping', 'Stopping task: ServiceSchedulerInitiated: Scaling activity initiated by (deployment ecs-svc/1)')],
  },
  {
    name: 'STOPPING while the Pod terminates: nothing more to do',
    input: input({
      status: running({ lastStatus: 'STOPPING', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user', stoppingAt: iso(at(5)) }),
      pod: aTaskPod().containers('app', 'sidecar').running('app').terminated('sidecar', 143, { finishedAt: at(8) }).deleting(at(5)).build(),
    }),
    status: { lastStatus: 'STOPPING', stoppingAt: iso(at(5)), containers: [container('app', 'RUNNING'), container('sidecar', 'STOPPED', { exitCode: 143, reason: 'Error' })] },
    actions: [],
  },
  {
    name: 'STOPPED once every container has terminated, before the Pod is gone',
    input: input({
      status: running({ lastStatus: 'STOPPING', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user', stoppingAt: iso(at(5)) }),
      pod: aTaskPod().containers('app', 'sidecar').terminated('app', 0, { finishedAt: at(7) }).terminated('sidecar', 143, { finishedAt: at(8) }).deleting(at(5)).build(),
    }),
    status: { lastStatus: 'STOPPED', stoppedAt: iso(at(10)), executionStoppedAt: iso(at(8)), containers: [container('app', 'STOPPED', { exitCode: 0, reason: 'Completed' }), container('sidecar', 'STOPPED', { exitCode: 143, reason: 'Error' })] },
    actions: [event('Normal', 'Stopped', 'Task stopped: UserInitiated: Task stopped by user'), retention()],
  },

  // Losses: the Pod or the Node.
  {
    name: 'a RUNNING task whose Pod was deleted behind our back is STOPPED',
    input: input({ status: running() }),
    status: {
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Task stopped because its Pod was deleted',
      executionStoppedAt: iso(at(10)),
      containers: [container('app', 'STOPPED'), container('sidecar', 'STOPPED')],
    },
    actions: [event('Warning', 'Stopped', 'Task stopped: EssentialContainerExited: Task stopped because its Pod was deleted'), retention()],
  },
  {
    name: 'a PENDING task whose Pod someone deletes is STOPPING, TaskFailedToStart',
    input: input({ status: placed(), pod: aTaskPod().containers('app', 'sidecar').deleting(at(9)).build() }),
    status: { lastStatus: 'STOPPING', stopCode: 'TaskFailedToStart', stoppedReason: 'Task stopped because its Pod was deleted' },
    actions: [event('Warning', 'Stopping', 'Stopping task: TaskFailedToStart: Task stopped because its Pod was deleted')],
  },
  {
    name: 'a lost STOPPING write: the essential exit, not the deleting Pod, is the cause',
    input: input({ status: running(), pod: aTaskPod().containers('app', 'sidecar').terminated('app', 1, { finishedAt: at(9) }).running('sidecar').deleting(at(9)).build() }),
    status: { lastStatus: 'STOPPING', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' },
    actions: [
      event('Warning', 'Stopping', 'Stopping task: EssentialContainerExited: Essential container in task exited'),
      event('Warning', 'EssentialContainerExited', 'Essential container app exited with code 1'),
    ],
  },
  {
    name: 'the Node is deleted: STOPPED at once, the orphan Pod deleted',
    input: input({ nodeGone: true, status: running(), pod: aTaskPod().containers('app', 'sidecar').running('app').running('sidecar').build() }),
    status: { lastStatus: 'STOPPED', stopCode: 'TerminationNotice', stoppedReason: 'Host EC2 (instance n1) terminated.', containers: [container('app', 'STOPPED'), container('sidecar', 'STOPPED')] },
    actions: [{ type: 'deletePod', gracePeriodSeconds: 30 }, event('Warning', 'Stopped', 'Task stopped: TerminationNotice: Host EC2 (instance n1) terminated.'), retention()],
  },
  {
    name: 'the Node is deleted before the task ran: TaskFailedToStart',
    input: input({ nodeGone: true, status: placed() }),
    status: { lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'Host EC2 (instance n1) terminated.' },
    actions: [event('Warning', 'Stopped', 'Task stopped: TaskFailedToStart: Host EC2 (instance n1) terminated.'), retention()],
  },
  {
    name: 'the Node is NotReady: the last known status stays, with AgentConnected=False',
    input: input({ nodeNotReady: true, status: running(), pod: aTaskPod().containers('app', 'sidecar').running('app', { ready: false }).running('sidecar', { ready: false }).build() }),
    status: {
      lastStatus: 'RUNNING',
      containers: running().containers,
      conditions: [{ type: 'AgentConnected', status: 'False', reason: 'NodeNotReady', message: 'Node n1 is not Ready; the task keeps its last known status until the Node is Ready or deleted', lastTransitionTime: iso(at(10)) }],
    },
    actions: [event('Warning', 'AgentDisconnected', 'Container instance n1 is not Ready; the task keeps its last known status')],
  },
  {
    name: 'the Node is Ready again: AgentConnected=True',
    input: input({
      status: running({ conditions: [{ type: 'AgentConnected', status: 'False', reason: 'NodeNotReady', message: 'x', lastTransitionTime: iso(at(1)) }] }),
      pod: aTaskPod().containers('app', 'sidecar').running('app').running('sidecar').build(),
    }),
    status: { lastStatus: 'RUNNING', conditions: [{ type: 'AgentConnected', status: 'True', reason: 'NodeReady', message: 'Node n1 is Ready', lastTransitionTime: iso(at(10)) }] },
    actions: [],
  },

  // Health (G47).
  {
    name: 'a health check still inside startPeriod + interval × retries is UNKNOWN, with a timer',
    input: input({ taskDefinition: checked, now: at(30), status: placed(), pod: aTaskPod().containers('app').running('app', { startedAt: T0, ready: false }).build() }),
    status: { lastStatus: 'RUNNING', healthStatus: 'UNKNOWN', containers: [container('app', 'RUNNING')] },
    actions: [event('Normal', 'Started', 'Task started on container instance n1'), { type: 'requeueAfter', ms: 20_000 }],
  },
  {
    name: 'G47 a standalone task failing its essential check is UNHEALTHY and keeps RUNNING',
    input: input({ taskDefinition: checked, now: at(50), status: running({ startedAt: iso(T0), containers: [container('app', 'RUNNING')] }), pod: aTaskPod().containers('app').running('app', { startedAt: T0, ready: false }).build() }),
    status: { lastStatus: 'RUNNING', desiredStatus: 'RUNNING', healthStatus: 'UNHEALTHY', containers: [container('app', 'RUNNING', { healthStatus: 'UNHEALTHY' })] },
    absent: ['stopCode'],
    actions: [event('Warning', 'HealthStatusChanged', 'Task health changed from UNKNOWN to UNHEALTHY')],
  },
  {
    name: 'a passing check is HEALTHY',
    input: input({ taskDefinition: checked, status: running({ containers: [container('app', 'RUNNING')] }), pod: aTaskPod().containers('app').running('app', { ready: true }).build() }),
    status: { healthStatus: 'HEALTHY', containers: [container('app', 'RUNNING', { healthStatus: 'HEALTHY' })] },
    actions: [event('Normal', 'HealthStatusChanged', 'Task health changed from UNKNOWN to HEALTHY')],
  },
  {
    name: 'a HEALTHY container that turns not ready has failed `retries` checks: UNHEALTHY at once',
    input: input({
      taskDefinition: checked,
      now: at(12),
      status: running({ healthStatus: 'HEALTHY', containers: [container('app', 'RUNNING', { healthStatus: 'HEALTHY' })] }),
      pod: aTaskPod().containers('app').running('app', { ready: false }).build(),
    }),
    status: { healthStatus: 'UNHEALTHY', containers: [container('app', 'RUNNING', { healthStatus: 'UNHEALTHY' })] },
    actions: [event('Warning', 'HealthStatusChanged', 'Task health changed from HEALTHY to UNHEALTHY')],
  },
  {
    name: 'only a non-essential container has a check: task health stays UNKNOWN',
    input: input({
      taskDefinition: aTaskDefinition({ name: 'app' }, { name: 'sidecar', essential: false, healthCheck: { command: ['CMD', 'true'] } }),
      status: running(),
      pod: aTaskPod().containers('app', 'sidecar').running('app').running('sidecar', { ready: true }).build(),
    }),
    status: { healthStatus: 'UNKNOWN', containers: [container('app', 'RUNNING'), container('sidecar', 'RUNNING', { healthStatus: 'HEALTHY' })] },
    actions: [],
  },

  // STOPPED is final; retention.
  {
    name: 'STOPPED inside the retention period: a timer for the rest',
    input: input({ now: at(600), status: running({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user', stoppedAt: iso(T0) }) }),
    status: { lastStatus: 'STOPPED', stoppedAt: iso(T0) },
    actions: [retention(HOUR - 600_000)],
  },
  {
    name: 'STOPPED past the retention period: the Task is deleted',
    input: input({ now: at(3600), status: running({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user', stoppedAt: iso(T0) }) }),
    status: { lastStatus: 'STOPPED' },
    actions: [{ type: 'deleteTask' }],
  },
  {
    name: 'STOPPED never changes, whatever the Pod says; a live Pod left behind is deleted',
    input: input({
      now: at(600),
      status: running({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TerminationNotice', stoppedReason: 'Host EC2 (instance n1) terminated.', stoppedAt: iso(T0), containers: [container('app', 'STOPPED')] }),
      pod: aTaskPod().containers('app', 'sidecar').running('app').running('sidecar').build(),
    }),
    status: { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TerminationNotice', containers: [container('app', 'STOPPED')] },
    actions: [{ type: 'deletePod', gracePeriodSeconds: 30 }, retention(HOUR - 600_000)],
  },

  // No task definition (its revision was deleted).
  {
    name: 'without a task definition the containers come from the status, all essential',
    input: input({ taskDefinition: undefined, status: running({ containers: [container('app', 'RUNNING')] }), pod: aTaskPod().containers('app').terminated('app', 2, { finishedAt: at(9) }).phase('Failed').build() }),
    status: { lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', containers: [container('app', 'STOPPED', { exitCode: 2, reason: 'Error' })] },
    actions: [
      event('Warning', 'Stopped', 'Task stopped: EssentialContainerExited: Essential container in task exited'),
      event('Warning', 'EssentialContainerExited', 'Essential container app exited with code 2'),
      retention(),
    ],
  },
];

describe('deriveTaskStatus', () => {
  it.each<Case>(cases)('$name', ({ input: given, status, absent = [], actions }) => {
    const observation = deriveTaskStatus(given);
    expect(observation.status).toMatchObject(status);
    for (const key of absent) expect(observation.status[key], key).toBeUndefined();
    expect(observation.actions).toEqual(actions);
  });

  it.each<Case>(cases)('is idempotent: $name', ({ input: given }) => {
    const first = deriveTaskStatus(given);
    const again = deriveTaskStatus({ ...given, status: first.status });
    expect(again.status).toEqual(first.status);
    expect(again.actions.filter((a) => a.type === 'event')).toEqual([]);
    // Level-triggered: the same work is still asked for (delete is idempotent), and no new timer appears.
    expect(again.actions.filter((a) => a.type !== 'event')).toEqual(first.actions.filter((a) => a.type !== 'event'));
  });
});
