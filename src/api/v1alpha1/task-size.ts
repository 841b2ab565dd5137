/**
 * Task-level `cpu` and `memory` as ECS accepts them: a number, a string of digits, or a string
 * with a unit ("1 vCPU", "0.25 vcpu", "2 GB"), converted at registration to CPU units and MiB.
 * The format and conversion are the domain's (src/domain/task-size.ts); registration here
 * refuses what is not whole units, with ECS's message.
 */
import { convertTaskCpuText, convertTaskMemoryText } from '../../domain/task-size.ts';
import { INVALID_TASK_CPU, INVALID_TASK_MEMORY } from './validation-messages.ts';

export { CPU_UNITS_PER_VCPU, MAX_TASK_CPU, MIB_PER_GB, MIN_TASK_CPU } from '../../domain/task-size.ts';

export type ParsedSize = { ok: true; value: number } | { ok: false; message: string };

const parseSize = (value: number | string, convert: (text: string) => number, invalid: string): ParsedSize => {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? { ok: true, value } : { ok: false, message: invalid };
  const converted = convert(value);
  // "0.1 vCPU" is 102.4 units: ECS registers whole units only.
  return Number.isInteger(converted) ? { ok: true, value: converted } : { ok: false, message: invalid };
};

/** Task `cpu` in CPU units: 1024 ⇒ 1024, "1024" ⇒ 1024, "1 vCPU" ⇒ 1024, "0.25 vCPU" ⇒ 256. */
export const parseTaskCpu = (value: number | string): ParsedSize => parseSize(value, convertTaskCpuText, INVALID_TASK_CPU);

/** Task `memory` in MiB: 2048 ⇒ 2048, "2048" ⇒ 2048, "2 GB" ⇒ 2048, "0.5 GB" ⇒ 512. */
export const parseTaskMemory = (value: number | string): ParsedSize => parseSize(value, convertTaskMemoryText, INVALID_TASK_MEMORY);
