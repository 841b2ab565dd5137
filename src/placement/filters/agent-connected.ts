// An instance whose agent is disconnected takes no task: ECS rejects rather than wait (FAIL
// "AGENT").
import { PASS, reject } from '../verdict.ts';
import type { InstanceFilter } from './instance-filter.ts';

const DISCONNECTED = reject('AGENT');

export const agentIsConnected = {
  name: 'agent-connected',
  dynamic: false,
  check: (i, workspace) => (workspace.view(i).agentConnected ? PASS : DISCONNECTED),
} satisfies InstanceFilter;
