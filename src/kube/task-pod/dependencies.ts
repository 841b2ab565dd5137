// ECS start order (dependsOn, ECS-SEMANTICS 1.5) as Kubernetes init containers and native sidecars.
//
// Kubernetes starts initContainers one after the other, each once the previous one has
// completed (an ordinary init container) or started (a native sidecar, restartPolicy Always;
// "started" waits for its startupProbe when it has one), and the app containers only after all
// of them. So a container some other container waits for goes into initContainers:
//   - COMPLETE or SUCCESS (only allowed on non-essential containers): an ordinary init
//     container, which must exit 0. That is SUCCESS exactly; COMPLETE also accepts a non-zero
//     exit, which Kubernetes cannot (the Pod fails), so it is a warning.
//   - START or HEALTHY: a native sidecar. HEALTHY gives it a startupProbe from its healthCheck,
//     so the next container starts only once it is healthy.
// Containers nobody waits for are app containers. initContainers are in topological order,
// ties broken by definition order, so the Pod is the same for the same task definition.
import type { ContainerDependency } from '../../api/v1alpha1/container-definition.ts';
import { UniqueNames } from './names.ts';
import { containerField, refuse, type ContainerDefinition, type PodContainerRole, type PodWarning, type TaskDefinition, type TaskPodRefusal } from './types.ts';

export interface PlannedContainer {
  definition: ContainerDefinition;
  /** Its name in the Pod (an RFC 1123 label derived from the ECS name). */
  podName: string;
  role: PodContainerRole;
  /** A sidecar some container waits on with HEALTHY: it gets a startupProbe. */
  gatesOnHealth: boolean;
}

export interface StartOrder {
  initContainers: PlannedContainer[];
  containers: PlannedContainer[];
}

export type StartOrderResult = { ok: true; order: StartOrder } | TaskPodRefusal;

export function planStartOrder(td: TaskDefinition, warnings: PodWarning[]): StartOrderResult {
  const byName = new Map(td.containerDefinitions.map((c) => [c.name, c]));
  const invalid = checkDependencies(td, byName);
  if (invalid !== undefined) return invalid;

  const names = new UniqueNames();
  const planned = td.containerDefinitions.map((definition, index): PlannedContainer => {
    const waitedOn = td.containerDefinitions.flatMap((c) => (c.dependsOn ?? []).filter((d) => d.containerName === definition.name).map((d) => d.condition));
    const role: PodContainerRole = waitedOn.some((w) => w === 'COMPLETE' || w === 'SUCCESS') ? 'init' : waitedOn.length > 0 ? 'sidecar' : 'app';
    return { definition, podName: names.claim(definition.name, `container-${index}`), role, gatesOnHealth: role === 'sidecar' && waitedOn.includes('HEALTHY') };
  });

  const sorted = sortTopologically(planned);
  if (!Array.isArray(sorted)) {
    return refuse('DependencyCycle', `Containers ${sorted.blocked.map((n) => `'${n}'`).join(', ')} are blocked by a dependsOn cycle; none of them could ever start.`);
  }
  const order: StartOrder = { initContainers: sorted.filter((p) => p.role !== 'app'), containers: sorted.filter((p) => p.role === 'app') };
  warnings.push(...describeOrderDifferences(order, byName));
  return { ok: true, order };
}

/** Unknown targets, COMPLETE/SUCCESS on an essential container, HEALTHY on one without a healthCheck: rejected upstream, guarded here. */
function checkDependencies(td: TaskDefinition, byName: ReadonlyMap<string, ContainerDefinition>): TaskPodRefusal | undefined {
  for (const c of td.containerDefinitions) {
    for (const d of c.dependsOn ?? []) {
      const target = byName.get(d.containerName);
      const what = `Container '${c.name}' depends on '${d.containerName}' (${d.condition})`;
      if (target === undefined) return refuse('InvalidDependency', `${what}, which is not a container of the task definition.`);
      if ((d.condition === 'COMPLETE' || d.condition === 'SUCCESS') && target.essential) {
        return refuse('InvalidDependency', `${what}, but '${d.containerName}' is essential: an essential container that exits stops the task.`);
      }
      if (d.condition === 'HEALTHY' && target.healthCheck === undefined) {
        return refuse('InvalidDependency', `${what}, but '${d.containerName}' has no healthCheck, so it never becomes HEALTHY.`);
      }
    }
  }
  return undefined;
}

/** Kahn's algorithm, always taking the ready container that comes first in the definition; on a cycle, the containers left blocked. */
function sortTopologically(planned: readonly PlannedContainer[]): PlannedContainer[] | { blocked: string[] } {
  const remaining = new Map(planned.map((p) => [p.definition.name, new Set((p.definition.dependsOn ?? []).map((d) => d.containerName))]));
  const sorted: PlannedContainer[] = [];
  while (sorted.length < planned.length) {
    const next = planned.find((p) => remaining.get(p.definition.name)?.size === 0);
    if (next === undefined) return { blocked: [...remaining.keys()] };
    sorted.push(next);
    remaining.delete(next.definition.name);
    for (const waits of remaining.values()) waits.delete(next.definition.name);
  }
  return sorted;
}

/**
 * Where Kubernetes makes a container wait longer than ECS would: behind an earlier init
 * container it does not depend on, until an init container has exited where ECS waited only
 * for its start or health, or until a sidecar is healthy where ECS waited only for its start.
 */
function describeOrderDifferences(order: StartOrder, byName: ReadonlyMap<string, ContainerDefinition>): PodWarning[] {
  const warnings: PodWarning[] = [];
  const roleOf = new Map([...order.initContainers, ...order.containers].map((p) => [p.definition.name, p]));
  const inPodOrder = [...order.initContainers, ...order.containers];
  inPodOrder.forEach((p, position) => {
    const c = p.definition;
    const field = containerField(c, 'dependsOn');
    const waitsFor = transitiveDependencies(c, byName);
    const earlierInits = order.initContainers.slice(0, Math.min(position, order.initContainers.length)).map((i) => i.definition.name);
    const extra = earlierInits.filter((name) => !waitsFor.has(name));
    if (extra.length > 0) {
      warnings.push({
        field,
        message: `Kubernetes starts '${c.name}' only after ${extra.map((n) => `'${n}'`).join(', ')} (earlier init containers and sidecars); ECS would not wait for ${extra.length === 1 ? 'it' : 'them'}.`,
      });
    }
    for (const d of c.dependsOn ?? []) warnings.push(...describeStrongerWait(c, d, roleOf.get(d.containerName)));
    if (p.role === 'init' && c.healthCheck !== undefined) {
      warnings.push({ field: containerField(c, 'healthCheck'), message: `'${c.name}' runs as an init container, which cannot have probes; its healthCheck is not run.` });
    }
    if (p.role === 'sidecar' && !c.essential) {
      warnings.push({
        field: containerField(c, 'essential'),
        message: `'${c.name}' runs as a native sidecar, which the kubelet restarts when it exits; ECS would leave a non-essential container stopped.`,
      });
    }
  });
  return warnings;
}

function describeStrongerWait(c: ContainerDefinition, d: ContainerDependency, target: PlannedContainer | undefined): PodWarning[] {
  const field = containerField(c, 'dependsOn');
  const on = `'${c.name}' depends on '${d.containerName}'`;
  if (d.condition === 'COMPLETE') {
    return [{ field, message: `${on} with COMPLETE; as an init container '${d.containerName}' must exit 0, and a non-zero exit fails the task instead of starting '${c.name}'.` }];
  }
  if ((d.condition === 'START' || d.condition === 'HEALTHY') && target?.role === 'init') {
    return [{ field, message: `${on} with ${d.condition}, but another container needs it to exit, so it is an init container: '${c.name}' starts only after it has exited with 0.` }];
  }
  if (d.condition === 'START' && target?.gatesOnHealth === true) {
    return [{ field, message: `${on} with START, but another container needs it HEALTHY: '${c.name}' starts only once its startupProbe passes.` }];
  }
  return [];
}

function transitiveDependencies(c: ContainerDefinition, byName: ReadonlyMap<string, ContainerDefinition>): Set<string> {
  const seen = new Set<string>();
  const visit = (container: ContainerDefinition) => {
    for (const d of container.dependsOn ?? []) {
      if (seen.has(d.containerName)) continue;
      seen.add(d.containerName);
      const target = byName.get(d.containerName);
      if (target !== undefined) visit(target);
    }
  };
  visit(c);
  return seen;
}
