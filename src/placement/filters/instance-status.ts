// Only ACTIVE instances take new tasks: DRAINING ones take none (ECS-SEMANTICS 7.3), and
// deregistered (INACTIVE) ones are gone. Reported as `INACTIVE` (see README, Q8).
import { PASS, reject } from '../verdict.ts';
import type { InstanceFilter } from './instance-filter.ts';

const NOT_ACTIVE = reject('INACTIVE');

export const instanceIsActive = {
  name: 'instance-status',
  dynamic: false,
  check: (i, workspace) => (workspace.view(i).status === 'ACTIVE' ? PASS : NOT_ACTIVE),
} satisfies InstanceFilter;
