// Task-level `cpu` and `memory` are strings in ECS JSON: integer units, or "<n> vCPU" /
// "<n> GB", which ECS converts at registration (ECS-SEMANTICS 1.2). The text format and the
// conversion live here once; `stevedore simulate` (below) and the API's registration check
// (src/api/v1alpha1/task-size.ts) apply their own policy to what is not whole units.
//   parseTaskCpu("1 vCPU") = 1024, parseTaskCpu("512") = 512
//   parseTaskMemory("2 GB") = 2048, parseTaskMemory("1024") = 1024

export const CPU_UNITS_PER_VCPU = 1024;
export const MIB_PER_GB = 1024;
/** EC2 range of task cpu (ECS-SEMANTICS 1.2, Q21): 0.125..192 vCPU. */
export const MIN_TASK_CPU = 128;
export const MAX_TASK_CPU = 196608;

const withUnit = (unit: string) => new RegExp(`^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*${unit}\\s*$`, 'i');
const VCPU = withUnit('vcpu');
const GB = withUnit('gb');
const DIGITS = /^\s*[0-9]+\s*$/;

const convertSize = (text: string, unit: RegExp, factor: number): number => {
  if (DIGITS.test(text)) return Number(text);
  const match = unit.exec(text);
  return match?.[1] === undefined ? Number.NaN : Number(match[1]) * factor;
};

/**
 * CPU units a cpu text stands for, not rounded: "512" ⇒ 512, "1 vCPU" ⇒ 1024, "0.1 vCPU" ⇒
 * 102.4; NaN when the text is not a CPU size.
 */
export const convertTaskCpuText = (text: string): number => convertSize(text, VCPU, CPU_UNITS_PER_VCPU);

/** MiB a memory text stands for, not rounded: "1024" ⇒ 1024, "2 GB" ⇒ 2048; NaN when it is not a memory size. */
export const convertTaskMemoryText = (text: string): number => convertSize(text, GB, MIB_PER_GB);

/** CPU units (a unit value rounded to whole units), or undefined when absent; NaN when the text is not a CPU size. */
export function parseTaskCpu(value: string | number | undefined): number | undefined {
  return parseSize(value, convertTaskCpuText);
}

/** MiB (a unit value rounded to whole MiB), or undefined when absent; NaN when the text is not a memory size. */
export function parseTaskMemory(value: string | number | undefined): number | undefined {
  return parseSize(value, convertTaskMemoryText);
}

function parseSize(value: string | number | undefined, convert: (text: string) => number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'number') return value;
  return Math.round(convert(value));
}
