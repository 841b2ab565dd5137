import { describe, expect, it } from 'vitest';
import { parseTaskCpu, parseTaskMemory } from '../../../src/domain/task-size.ts';

// The simulator's reading of task sizes: absent is undefined, a unit value is rounded to whole
// units, anything else is NaN (which the registration rules refuse).
describe('parseTaskCpu (domain)', () => {
  it.each<{ input: string | number | undefined; expected: number | undefined }>([
    { input: undefined, expected: undefined },
    { input: '', expected: undefined },
    { input: 512, expected: 512 },
    { input: '512', expected: 512 },
    { input: ' 512 ', expected: 512 },
    { input: '1 vCPU', expected: 1024 },
    { input: '0.25vcpu', expected: 256 },
    { input: '0.1 vCPU', expected: 102 },
    { input: 'lots', expected: Number.NaN },
    { input: '1 GB', expected: Number.NaN },
  ])('$input', ({ input, expected }) => {
    expect(parseTaskCpu(input)).toEqual(expected);
  });
});

describe('parseTaskMemory (domain)', () => {
  it.each<{ input: string | number | undefined; expected: number | undefined }>([
    { input: undefined, expected: undefined },
    { input: '2048', expected: 2048 },
    { input: '2 GB', expected: 2048 },
    { input: '0.5 gb', expected: 512 },
    { input: '1.7 GB', expected: 1741 },
    { input: '2 GiB', expected: Number.NaN },
  ])('$input', ({ input, expected }) => {
    expect(parseTaskMemory(input)).toEqual(expected);
  });
});
