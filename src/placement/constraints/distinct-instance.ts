// distinctInstance: each task of the same task group on a different instance. Only the
// group's own tasks count (ECS-SEMANTICS 3.2, G31), including those placed earlier in the
// same call, and PENDING ones (Q19).
import { PASS, reject } from '../verdict.ts';
import type { ConstraintModule } from './constraint-module.ts';

const NOT_DISTINCT = reject('DistinctInstance placement constraint unsatisfied.');

export const distinctInstance = {
  type: 'distinctInstance',
  toFilter() {
    return {
      name: 'distinctInstance',
      dynamic: true,
      check: (i, workspace) => (workspace.groupCount(i) === 0 ? PASS : NOT_DISTINCT),
    };
  },
} satisfies ConstraintModule<'distinctInstance'>;
