// Timestamps as the aws CLI (v2) prints them: ISO 8601 with microseconds when there is a
// fraction, and the UTC offset written out: 2026-12-01T22:00:04.123000+00:00.
export function awsTimestamp(date: Date): string {
  const iso = date.toISOString(); // 2026-12-01T22:00:04.123Z
  const millis = date.getUTCMilliseconds();
  const seconds = iso.slice(0, 19);
  return millis === 0 ? `${seconds}+00:00` : `${seconds}.${String(millis).padStart(3, '0')}000+00:00`;
}

/** A response with every Date replaced by its aws CLI form (pure, copies). */
export function withAwsTimestamps(value: unknown): unknown {
  if (value instanceof Date) return awsTimestamp(value);
  if (Array.isArray(value)) return value.map(withAwsTimestamps);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withAwsTimestamps(v)]));
  return value;
}
