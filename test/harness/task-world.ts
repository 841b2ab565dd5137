// A level-(b) harness for the Task controller's plan (STYLE.md 17, Nomad's Harness): one Task,
// its Pod and the container instances live in memory; `reconcile` builds the plan input from
// them as plain objects, runs `planTask`, and applies the plan to the world. No API server, no
// caches: tests drive it to a fixed point and assert the world, and the writes it cost.
import type { NormalizedTaskDefinition } from '../../src/api/v1alpha1/normalize-task-definition.ts';
import type { TaskSpec, TaskStatus } from '../../src/api/v1alpha1/task.ts';
import { planTask } from '../../src/controllers/task/plan-task.ts';
import type { StopInitiator } from '../../src/controllers/task/stop-cause.ts';
import type { PlacementKind, TaskPlan, TaskPlanInput } from '../../src/controllers/task/task-plan.ts';
import type { V1Pod } from '../../src/kube/types.ts';
import { ClusterSnapshot, computeTaskRequirement, seededRng, type ContainerInstanceView, type TaskView } from '../../src/placement/index.ts';
import { aTaskPod, T0 } from '../unit/controllers/task/task-pod-builder.ts';

export type Write = 'finalizer' | 'commit' | 'status' | 'pod' | 'deletePod' | 'deleteTask' | 'removeFinalizer' | 'event';

export interface WorldOptions {
  instances: ContainerInstanceView[];
  /** Tasks already holding resources on the instances. */
  others?: TaskView[];
  taskDefinition: NormalizedTaskDefinition;
  spec?: Partial<TaskSpec>;
  placement?: PlacementKind;
  stopInitiator?: StopInitiator;
}

export class TaskWorld {
  spec: TaskSpec;
  status: TaskStatus | undefined;
  hasFinalizer = false;
  deleting = false;
  gone = false;
  pod: V1Pod | undefined;
  /** The Pod as this process saw it first, ms (what the Pod tracker would remember). */
  podFirstSeenAtMs: number | undefined;
  /** A placement held in the view and not yet "in the cache". */
  assumed: TaskView | undefined;
  readonly writes: Write[] = [];
  readonly events: string[] = [];
  now = T0.getTime();
  readonly #options: WorldOptions;
  readonly #rng = seededRng(7);
  readonly #nodesGone = new Set<string>();

  constructor(options: WorldOptions) {
    this.#options = options;
    this.spec = { taskDefinition: options.taskDefinition.family, desiredStatus: 'RUNNING', ...options.spec } as TaskSpec;
  }

  /** The input the controller's observe step would build, as plain objects. */
  input(): TaskPlanInput {
    const td = this.#options.taskDefinition;
    const node = this.status?.containerInstance;
    return {
      task: { key: 'default/t1', name: 't1', namespace: 'default', uid: 'uid-t1', generation: 1, createdAtMs: T0.getTime(), deleting: this.deleting, hasFinalizer: this.hasFinalizer, spec: this.spec, status: this.status },
      cluster: { name: 'default', exists: true, placementTimeoutMs: 30 * 60_000, stoppedRetentionMs: 3_600_000 },
      definition: { ok: true, family: td.family, revision: 1, taskDefinition: td, requirement: computeTaskRequirement(td) },
      translation: { ok: true, warnings: [] },
      placement: this.#options.placement ?? { kind: 'runTask' },
      stopInitiator: this.#options.stopInitiator ?? 'UserInitiated',
      pod: { pod: this.pod, uid: this.pod === undefined ? undefined : 'uid-pod', existed: this.status?.pullStartedAt !== undefined || this.podFirstSeenAtMs !== undefined, expected: false, firstSeenAtMs: this.podFirstSeenAtMs },
      node: node === undefined ? undefined : { exists: !this.#nodesGone.has(node), ready: true },
      assumed: this.assumed !== undefined,
      snapshot: () => ClusterSnapshot.build(this.#options.instances, [...(this.#options.others ?? []), ...(this.assumed === undefined ? [] : [this.assumed])]),
      rng: this.#rng,
      now: this.now,
    };
  }

  /** One reconcile: observe, plan, apply. */
  reconcile(): TaskPlan {
    if (this.pod !== undefined) this.podFirstSeenAtMs ??= this.now;
    const plan = planTask(this.input());
    this.#apply(plan);
    return plan;
  }

  /** Reconciles until a plan writes nothing (a fixed point); returns the plans. */
  settle(limit = 20): TaskPlan[] {
    const plans: TaskPlan[] = [];
    for (let i = 0; i < limit && !this.gone; i++) {
      const before = this.writes.length;
      plans.push(this.reconcile());
      // The commit's watch event confirms the assumption, as the cluster view does.
      this.assumed = undefined;
      if (this.writes.length === before) return plans;
    }
    return plans;
  }

  advance(ms: number): this {
    this.now += ms;
    return this;
  }

  /** kwok: the Pod's containers run. */
  podRuns(): this {
    const names = this.#options.taskDefinition.containerDefinitions.map((c) => c.name);
    let b = aTaskPod('t1').containers(...names).phase('Running');
    for (const name of names) b = b.running(name, { startedAt: new Date(this.now) });
    this.pod = { ...b.build(), spec: { ...b.build().spec!, nodeName: this.status?.containerInstance } };
    return this;
  }

  podGone(): this {
    this.pod = undefined;
    return this;
  }

  nodeGone(node: string): this {
    this.#nodesGone.add(node);
    return this;
  }

  #apply(plan: TaskPlan): void {
    if (plan.addFinalizer) this.#write('finalizer', () => (this.hasFinalizer = true));
    if (plan.place !== undefined && plan.status !== undefined) {
      const place = plan.place;
      this.assumed = { taskArn: 'default/t1', containerInstanceId: place.containerInstance, group: place.group, lastStatus: 'PENDING', requirement: place.requirement };
      this.#write('commit', () => (this.status = plan.status));
    }
    if (plan.createPod !== undefined) {
      const names = this.#options.taskDefinition.containerDefinitions.map((c) => c.name);
      const node = plan.createPod.node;
      this.#write('pod', () => (this.pod = { ...aTaskPod('t1').containers(...names).build(), spec: { ...aTaskPod('t1').containers(...names).build().spec!, nodeName: node } }));
    }
    if (plan.stopPod !== undefined) this.#write('deletePod', () => (this.pod = { ...this.pod!, metadata: { ...this.pod!.metadata, deletionTimestamp: new Date(this.now) } }));
    if (plan.status !== undefined && plan.place === undefined) this.#write('status', () => (this.status = plan.status));
    for (const event of plan.events) {
      this.writes.push('event');
      this.events.push(event.reason);
    }
    if (plan.forgetAssumption) this.assumed = undefined;
    if (plan.deleteTask) this.#write('deleteTask', () => (this.gone = true));
    if (plan.removeFinalizer) this.#write('removeFinalizer', () => ((this.hasFinalizer = false), (this.gone = this.deleting)));
  }

  #write(kind: Write, effect: () => void): void {
    this.writes.push(kind);
    effect();
  }
}
