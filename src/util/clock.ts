// A controller clock (the ScheduledTask controller takes one): the system clock, moved by an
// offset where a test asks for one. STEVEDORE_SCHEDULE_CLOCK_OFFSET_SECONDS (a test hook, documented in
// docs/scheduled-tasks.md) lets an end-to-end test start an operator that lives that many
// seconds in the future, which is how it shows what a long downtime does without waiting.

export function offsetClock(offsetSeconds: string | undefined, base: () => number = () => Date.now()): () => Date {
  const offsetMs = offsetSeconds === undefined || offsetSeconds === '' ? 0 : Number(offsetSeconds) * 1000;
  if (!Number.isFinite(offsetMs)) throw new Error(`STEVEDORE_SCHEDULE_CLOCK_OFFSET_SECONDS is not a number: "${offsetSeconds}"`);
  return () => new Date(base() + offsetMs);
}
