// memberOf: the instance must satisfy a cluster query expression (ECS-SEMANTICS 3.2, 3.3).
// The expression is compiled once; it is dynamic only if it reads task:group or
// runningTasksCount, otherwise it is evaluated once per call.
import { compileQuery } from '../query/compile.ts';
import { PASS, reject } from '../verdict.ts';
import type { ConstraintModule } from './constraint-module.ts';

const NOT_MEMBER = reject('MemberOf placement constraint unsatisfied.');

export const memberOf = {
  type: 'memberOf',
  toFilter(constraint) {
    const query = compileQuery(constraint.expression);
    return {
      name: `memberOf(${constraint.expression})`,
      dynamic: query.dynamic,
      check: (i, workspace) => (query.matches(i, workspace) ? PASS : NOT_MEMBER),
    };
  },
} satisfies ConstraintModule<'memberOf'>;
