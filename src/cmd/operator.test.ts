import { describe, expect, it } from 'vitest';
import { parseOperatorFlags } from './operator.ts';

describe('parseOperatorFlags', () => {
  it('applies controller-runtime style defaults', () => {
    expect(parseOperatorFlags([], {})).toEqual({
      'leader-elect': true,
      'leader-election-id': 'stevedore-operator',
      'metrics-bind-address': ':8080',
      'health-probe-bind-address': ':8081',
      'log-level': 'info',
      workers: 32,
    });
  });

  it.each([
    { name: 'space-separated values', args: ['--namespace', 'shop', '--workers', '4'], want: { namespace: 'shop', workers: 4 } },
    { name: 'equals-separated values', args: ['--leader-elect=false', '--metrics-bind-address=0'], want: { 'leader-elect': false, 'metrics-bind-address': '0' } },
    { name: 'the log level from the environment', args: [], env: { STEVEDORE_LOG_LEVEL: 'debug' }, want: { 'log-level': 'debug' } },
    { name: 'a flag over the environment', args: ['--log-level', 'warn'], env: { STEVEDORE_LOG_LEVEL: 'debug' }, want: { 'log-level': 'warn' } },
  ])('reads $name', ({ args, env, want }) => {
    expect(parseOperatorFlags(args, env ?? {})).toMatchObject(want);
  });

  it.each([
    { name: 'an unknown flag', args: ['--leader-elction', 'false'] },
    { name: 'a non-boolean leader-elect', args: ['--leader-elect', 'maybe'] },
    { name: 'zero workers', args: ['--workers', '0'] },
    { name: 'an unknown log level', args: ['--log-level', 'loud'] },
  ])('rejects $name', ({ args }) => {
    expect(() => parseOperatorFlags(args, {})).toThrow();
  });
});
