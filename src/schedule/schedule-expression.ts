// A parsed EventBridge schedule expression: what the controller evaluates.

export type RateUnit = 'minute' | 'hour' | 'day';

export type ScheduleExpression =
  /** `cron(...)`: `fields` as written, `pattern` the same schedule in croner's 7-field dialect. */
  | { type: 'cron'; fields: readonly string[]; pattern: string }
  /** `rate(value unit)`: every `periodMs` from the schedule's start (a day is 24 hours). */
  | { type: 'rate'; value: number; unit: RateUnit; periodMs: number }
  /** `at(...)`: once, at this wall time (naive milliseconds) in the schedule's time zone. */
  | { type: 'at'; wallMs: number };

export type ParsedExpression = { ok: true; expression: ScheduleExpression } | { ok: false; message: string };
