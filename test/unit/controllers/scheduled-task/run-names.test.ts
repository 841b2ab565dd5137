import { describe, expect, it } from 'vitest';
import { computeStartedBy, computeTaskName } from '../../../../src/controllers/scheduled-task/run-names.ts';
import { offsetClock } from '../../../../src/util/clock.ts';

describe('run names', () => {
  it.each([
    ['nightly', Date.parse('2026-01-01T00:00:00Z'), 0, 'nightly-29453760-0'],
    ['nightly', Date.parse('2026-01-01T00:00:59Z'), 9, 'nightly-29453760-9'],
    ['a'.repeat(60), 0, 0, `${'a'.repeat(33)}-`],
  ])('%s at %i, task %i, is named %s…', (name, ms, index, prefix) => {
    const taskName = computeTaskName(name, ms, index);
    expect(taskName.startsWith(prefix)).toBe(true);
    expect(taskName.length).toBeLessThanOrEqual(63);
    expect(computeTaskName(name, ms, index)).toBe(taskName);
  });

  it('two long names that share a prefix get different Task names', () => {
    expect(computeTaskName(`${'a'.repeat(50)}-x`, 0, 0)).not.toBe(computeTaskName(`${'a'.repeat(50)}-y`, 0, 0));
  });

  it.each([
    ['nightly', 'events-rule/nightly'],
    ['reports.daily', 'events-rule/reports-daily'],
  ])('startedBy of %s is %s', (name, startedBy) => {
    expect(computeStartedBy(name)).toBe(startedBy);
  });
});

describe('offsetClock', () => {
  it.each([
    [undefined, 1000],
    ['', 1000],
    ['90', 91_000],
    ['-0.5', 500],
  ])('offset %j from 1000 ms reads %i', (offset, want) => {
    expect(offsetClock(offset, () => 1000)().getTime()).toBe(want);
  });
  it('refuses what is not a number', () => {
    expect(() => offsetClock('soon')).toThrow('not a number');
  });
});
