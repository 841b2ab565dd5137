// The numbers behind a placement failure reason on one instance: what the task needs against
// what the instance has left, the port taken, the attribute missing, the constraint that does
// not hold. Pure, over the engine's snapshot state of the instance.
import type { PlacementConstraint } from '../../domain/task-definition.ts';
import type { TaskRequirement } from '../../domain/task-requirement.ts';
import { compileQuery, type InstanceState } from '../../placement/index.ts';

export interface InstanceNumbers {
  cpu: { needed: number; remaining: number; registered: number };
  memory: { needed: number; remaining: number; registered: number };
  /** Host ports the task needs that the instance already holds. */
  portsTaken: string[];
  /** Required attributes the instance lacks or has with another value. */
  attributesMissing: { name: string; required: string; actual?: string }[];
  /** memberOf expressions that do not hold on the instance. */
  constraintsFailed: string[];
  /** Tasks of the group on the instance, for distinctInstance. */
  tasksOfGroup: number;
}

export function numbersOf(state: InstanceState, requirement: TaskRequirement, constraints: readonly PlacementConstraint[], group: string): InstanceNumbers {
  const view = state.view;
  const attributesMissing = Object.entries(requirement.requiredAttributes)
    .filter(([name, value]) => view.attributes[name] !== value)
    .map(([name, required]) => {
      const actual = view.attributes[name];
      return actual === undefined ? { name, required } : { name, required, actual };
    });
  const facts = {
    view: () => view,
    runningTasksCount: () => state.runningTasksCount,
    hasTaskInGroup: (_: number, g: string) => (state.groupCounts.get(g) ?? 0) > 0,
  };
  const constraintsFailed = constraints
    .filter((c) => c.type === 'memberOf' && c.expression !== undefined)
    .filter((c) => {
      try {
        return !compileQuery(c.expression as string).matches(0, facts);
      } catch {
        return true;
      }
    })
    .map((c) => c.expression as string);
  return {
    cpu: { needed: requirement.cpu, remaining: state.remainingCpu, registered: view.registeredResources.cpu },
    memory: { needed: requirement.memory, remaining: state.remainingMemory, registered: view.registeredResources.memory },
    portsTaken: [...requirement.tcpPorts.filter((p) => state.tcpPorts.has(p)).map((p) => `tcp/${p}`), ...requirement.udpPorts.filter((p) => state.udpPorts.has(p)).map((p) => `udp/${p}`)],
    attributesMissing,
    constraintsFailed,
    tasksOfGroup: state.groupCounts.get(group) ?? 0,
  };
}

/** One line saying why `reason` holds on the instance, with its numbers. */
export function describeNumbers(reason: string, n: InstanceNumbers, state: InstanceState, group: string, requirement: TaskRequirement): string {
  switch (reason) {
    case 'RESOURCE:CPU':
      return `CPU: needs ${n.cpu.needed} units, ${n.cpu.remaining} remaining of ${n.cpu.registered}`;
    case 'RESOURCE:MEMORY':
      return `memory: needs ${n.memory.needed} MiB, ${n.memory.remaining} remaining of ${n.memory.registered}`;
    case 'RESOURCE:PORTS':
      return n.portsTaken.length > 0 ? `host port ${n.portsTaken.join(', ')} already in use` : 'too many host ports registered (at most 100)';
    case 'RESOURCE:GPU':
      return `GPU: needs ${requirement.gpu}, ${state.remainingGpus} remaining`;
    case 'RESOURCE:ENI':
      return `ENI: needs ${requirement.eni} attachment, ${state.remainingEniSlots} remaining`;
    case 'AGENT':
      return 'agent disconnected: the Node is not Ready';
    case 'INACTIVE':
      return `status ${state.view.status}${state.view.status === 'DRAINING' ? ' (the Node is cordoned)' : ''}: no new tasks`;
    case 'ATTRIBUTE':
      return n.attributesMissing.map((a) => `attribute ${a.name} must be ${a.required}, ${a.actual === undefined ? 'absent' : `is ${a.actual}`}`).join('; ');
    case 'MemberOf placement constraint unsatisfied.':
      return n.constraintsFailed.map((e) => `constraint "${e}" does not hold`).join('; ') || 'a memberOf constraint does not hold';
    case 'DistinctInstance placement constraint unsatisfied.':
      return `already runs ${n.tasksOfGroup} task(s) of group ${group}`;
    default:
      return reason;
  }
}
