// Kubernetes resource quantities ("100m", "1.5", "16Gi", "1e3") as plain numbers.

const binarySuffixes: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const decimalSuffixes: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const quantityPattern = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** Parses a quantity into its value in base units (cores, bytes, pods); throws on bad syntax. */
export function parseQuantity(quantity: string | number): number {
  if (typeof quantity === 'number') return quantity;
  const match = quantityPattern.exec(quantity.trim());
  if (match === null) throw new Error(`invalid quantity "${quantity}"`);
  const [, number, exponent, suffix = ''] = match;
  const value = Number(number);
  if (exponent !== undefined) return value * 10 ** Number(exponent.slice(1));
  return value * (binarySuffixes[suffix] ?? decimalSuffixes[suffix] ?? 1);
}

/** CPU in millicores, rounded up as the API server rounds a quantity to its milli precision. */
export function cpuMillicores(quantity: string | number): number {
  return Math.ceil(parseQuantity(quantity) * 1000 - 1e-9);
}

/** Memory in bytes. */
export function memoryBytes(quantity: string | number): number {
  return Math.ceil(parseQuantity(quantity) - 1e-9);
}

/** ECS CPU units (1024 to a vCPU) in a number of millicores, rounded down as the agent registers them. */
export function millicoresToCpuUnits(millicores: number): number {
  return Math.floor((millicores * 1024) / 1000);
}

/** Whole MiB in a number of bytes, rounded down. */
export function bytesToMiB(bytes: number): number {
  return Math.floor(bytes / 2 ** 20);
}
