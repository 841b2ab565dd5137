// The contract of a placement constraint type: turn one constraint of the request into a
// pipeline filter. Constraints are binding: an instance that fails one is not a candidate.
import type { PlacementConstraint } from '../../domain/task-definition.ts';
import type { InstanceFilter } from '../filters/instance-filter.ts';

export interface ConstraintModule<T extends PlacementConstraint['type']> {
  readonly type: T;
  toFilter(constraint: Extract<PlacementConstraint, { type: T }>): InstanceFilter;
}
