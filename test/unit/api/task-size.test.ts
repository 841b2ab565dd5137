import { describe, expect, it } from 'vitest';
import { parseTaskCpu, parseTaskMemory, type ParsedSize } from '../../../src/api/v1alpha1/task-size.ts';

const invalidCpu: ParsedSize = { ok: false, message: "Invalid 'cpu' setting for task." };
const invalidMemory: ParsedSize = { ok: false, message: "Invalid 'memory' setting for task." };

describe('parseTaskCpu', () => {
  it.each<{ input: number | string; expected: ParsedSize }>([
    { input: 1024, expected: { ok: true, value: 1024 } },
    { input: '1024', expected: { ok: true, value: 1024 } },
    { input: '1 vCPU', expected: { ok: true, value: 1024 } },
    { input: '1vcpu', expected: { ok: true, value: 1024 } },
    { input: '0.25 vCPU', expected: { ok: true, value: 256 } },
    { input: '0.125 VCPU', expected: { ok: true, value: 128 } },
    { input: '2 vCPU', expected: { ok: true, value: 2048 } },
    { input: '0.1 vCPU', expected: invalidCpu },
    { input: '1 GB', expected: invalidCpu },
    { input: 'fast', expected: invalidCpu },
    { input: 1.5, expected: invalidCpu },
    { input: '', expected: invalidCpu },
  ])('$input', ({ input, expected }) => {
    expect(parseTaskCpu(input)).toEqual(expected);
  });
});

describe('parseTaskMemory', () => {
  it.each<{ input: number | string; expected: ParsedSize }>([
    { input: 2048, expected: { ok: true, value: 2048 } },
    { input: '2048', expected: { ok: true, value: 2048 } },
    { input: '2 GB', expected: { ok: true, value: 2048 } },
    { input: '2GB', expected: { ok: true, value: 2048 } },
    { input: '0.5 gb', expected: { ok: true, value: 512 } },
    { input: '1 vCPU', expected: invalidMemory },
    { input: '2 GiB', expected: invalidMemory },
  ])('$input', ({ input, expected }) => {
    expect(parseTaskMemory(input)).toEqual(expected);
  });
});
