// Kubernetes timestamps (RFC 3339 strings) as the Dates of the ECS model.
export function dateOf(value: string | Date | undefined | null): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
