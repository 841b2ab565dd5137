// Task-level `cpu` and `memory` are strings in ECS JSON: integer units, or "<n> vCPU" /
// "<n> GB", which ECS converts at registration (ECS-SEMANTICS 1.2).
//   parseTaskCpu("1 vCPU") = 1024, parseTaskCpu("512") = 512
//   parseTaskMemory("2 GB") = 2048, parseTaskMemory("1024") = 1024

/** CPU units, or undefined when absent; NaN when the text is not a CPU size. */
export function parseTaskCpu(value: string | number | undefined): number | undefined {
  return parseSize(value, /^(\d+(?:\.\d+)?)\s*vcpu$/i, 1024);
}

/** MiB, or undefined when absent; NaN when the text is not a memory size. */
export function parseTaskMemory(value: string | number | undefined): number | undefined {
  return parseSize(value, /^(\d+(?:\.\d+)?)\s*gb$/i, 1024);
}

function parseSize(value: string | number | undefined, unitPattern: RegExp, unit: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'number') return value;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const withUnit = unitPattern.exec(text);
  if (withUnit?.[1] !== undefined) return Math.round(Number(withUnit[1]) * unit);
  return Number.NaN;
}
