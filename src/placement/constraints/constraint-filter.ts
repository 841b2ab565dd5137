// Dispatches a constraint to its module.
import type { PlacementConstraint } from '../../domain/task-definition.ts';
import { assertNever } from '../assert-never.ts';
import type { InstanceFilter } from '../filters/instance-filter.ts';
import { distinctInstance } from './distinct-instance.ts';
import { memberOf } from './member-of.ts';

export function constraintFilter(constraint: PlacementConstraint): InstanceFilter {
  switch (constraint.type) {
    case 'memberOf':
      return memberOf.toFilter(constraint);
    case 'distinctInstance':
      return distinctInstance.toFilter();
    default:
      return assertNever(constraint);
  }
}
