// The reasons a container instance is passed over, exactly as ECS writes them in RunTask and
// StartTask `failures[].reason` (ECS-SEMANTICS 3.9, 4.2), and the service-event sentence
// ECS uses to name the closest matching instance (6.14).
import { assertNever } from './assert-never.ts';

export type FailureReason =
  | 'RESOURCE:CPU'
  | 'RESOURCE:MEMORY'
  | 'RESOURCE:PORTS'
  | 'RESOURCE:GPU'
  | 'RESOURCE:ENI'
  | 'AGENT'
  | 'ATTRIBUTE'
  | 'MISSING'
  | 'INACTIVE'
  | 'MemberOf placement constraint unsatisfied.'
  | 'DistinctInstance placement constraint unsatisfied.';

/** Why the port check failed, for the detail text: a taken port, or the 100-port ceiling. */
export type PortsCause = 'in-use' | 'too-many';

/** `The closest matching container-instance i1 has insufficient memory available.` */
export function describeClosest(instanceId: string, reason: FailureReason, portsCause: PortsCause = 'in-use'): string {
  return describeRejection(`The closest matching container-instance ${instanceId}`, reason, portsCause);
}

/** StartTask names the instance itself: `Container instance i1 has insufficient memory available.` */
export function describeNamedInstance(instanceId: string, reason: FailureReason, portsCause: PortsCause = 'in-use'): string {
  return describeRejection(`Container instance ${instanceId}`, reason, portsCause);
}

function describeRejection(prefix: string, reason: FailureReason, portsCause: PortsCause): string {
  switch (reason) {
    case 'RESOURCE:CPU':
      return `${prefix} has insufficient CPU units available.`;
    case 'RESOURCE:MEMORY':
      return `${prefix} has insufficient memory available.`;
    case 'RESOURCE:PORTS':
      return portsCause === 'too-many'
        ? `${prefix} has too many ports registered (Too many ports registered).`
        : `${prefix} is already using a port required by your task.`;
    case 'RESOURCE:GPU':
      return `${prefix} has insufficient GPU available.`;
    case 'RESOURCE:ENI':
      return `${prefix} has no available ENI attachment points (Not enough available ENI attachment points).`;
    case 'AGENT':
    case 'ATTRIBUTE':
    case 'MISSING':
    case 'INACTIVE':
    case 'MemberOf placement constraint unsatisfied.':
    case 'DistinctInstance placement constraint unsatisfied.':
      return `${prefix} encountered error "${reason}".`;
    default:
      return assertNever(reason);
  }
}
