/**
 * Task-level `cpu` and `memory` as ECS accepts them: a number, a string of digits, or a string
 * with a unit ("1 vCPU", "0.25 vcpu", "2 GB"), converted at registration to CPU units and MiB.
 */
import { INVALID_TASK_CPU, INVALID_TASK_MEMORY } from './validation-messages.ts';

export type ParsedSize = { ok: true; value: number } | { ok: false; message: string };

export const CPU_UNITS_PER_VCPU = 1024;
export const MIB_PER_GB = 1024;
/** EC2 range of task cpu (ECS-SEMANTICS 1.2): 0.125..192 vCPU. */
export const MIN_TASK_CPU = 128;
export const MAX_TASK_CPU = 196608;

const withUnit = (unit: string) => new RegExp(`^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*${unit}\\s*$`, 'i');
const VCPU = withUnit('vcpu');
const GB = withUnit('gb');
const DIGITS = /^\s*[0-9]+\s*$/;

const parseSize = (value: number | string, unit: RegExp, factor: number, invalid: string): ParsedSize => {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? { ok: true, value } : { ok: false, message: invalid };
  if (DIGITS.test(value)) return { ok: true, value: Number(value) };
  const match = unit.exec(value);
  if (match?.[1] === undefined) return { ok: false, message: invalid };
  const converted = Number(match[1]) * factor;
  // "0.1 vCPU" is 102.4 units: ECS registers whole units only.
  return Number.isInteger(converted) ? { ok: true, value: converted } : { ok: false, message: invalid };
};

/** Task `cpu` in CPU units: 1024 ⇒ 1024, "1024" ⇒ 1024, "1 vCPU" ⇒ 1024, "0.25 vCPU" ⇒ 256. */
export const parseTaskCpu = (value: number | string): ParsedSize =>
  parseSize(value, VCPU, CPU_UNITS_PER_VCPU, INVALID_TASK_CPU);

/** Task `memory` in MiB: 2048 ⇒ 2048, "2048" ⇒ 2048, "2 GB" ⇒ 2048, "0.5 GB" ⇒ 512. */
export const parseTaskMemory = (value: number | string): ParsedSize =>
  parseSize(value, GB, MIB_PER_GB, INVALID_TASK_MEMORY);
