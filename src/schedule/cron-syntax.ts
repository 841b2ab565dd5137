// EventBridge's cron dialect, field by field: `cron(minutes hours day-of-month month
// day-of-week year)`, six fields, with `?` in exactly one of day-of-month and day-of-week and
// 1 = Sunday. The value ranges and wildcards are the EventBridge User Guide's table. These
// patterns are the one description of the syntax: the parser (parse-expression.ts) checks
// with them, and the CRD's CEL rules (api/v1alpha1/scheduled-task.ts) embed them, so that the
// API server refuses at admission exactly what the controller would.

export type CronFieldName = 'minutes' | 'hours' | 'dayOfMonth' | 'month' | 'dayOfWeek' | 'year';

export interface CronFieldSyntax {
  name: CronFieldName;
  /** As the EventBridge docs name it, for messages. */
  label: string;
  min: number;
  max: number;
  /** Names allowed instead of numbers (JAN = 1, SUN = 1). */
  names?: readonly string[];
  /** The wildcards the docs allow in this field, for messages. */
  wildcards: string;
  /** An RE2 pattern (no anchors) for the whole field. */
  pattern: string;
}

export const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
/** EventBridge numbers days from Sunday = 1 (as Quartz does), not cron's Sunday = 0. */
export const DAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] as const;

const minute = '[0-5]?[0-9]';
const hour = '(?:[01]?[0-9]|2[0-3])';
const day = '(?:0?[1-9]|[12][0-9]|3[01])';
/** Names in upper or lower case (JAN, jan). */
const names = (list: readonly string[]): string => [...list, ...list.map((n) => n.toLowerCase())].join('|');
const month = `(?:0?[1-9]|1[0-2]|${names(MONTH_NAMES)})`;
const weekday = `(?:[1-7]|${names(DAY_NAMES)})`;
const year = '(?:19[7-9][0-9]|2[01][0-9][0-9])';
const step = '[1-9][0-9]*';

/** `*`, `v`, `a-b`, each optionally `/step`, in a comma list. */
const list = (value: string, withStep: boolean): string => {
  const element = `(?:\\*|${value}(?:-${value})?)${withStep ? `(?:/${step})?` : ''}`;
  return `${element}(?:,${element})*`;
};

export const CRON_FIELDS: readonly CronFieldSyntax[] = [
  { name: 'minutes', label: 'Minutes', min: 0, max: 59, wildcards: ', - * /', pattern: list(minute, true) },
  { name: 'hours', label: 'Hours', min: 0, max: 23, wildcards: ', - * /', pattern: list(hour, true) },
  {
    name: 'dayOfMonth',
    label: 'Day-of-month',
    min: 1,
    max: 31,
    wildcards: ', - * ? / L W',
    // `L` is the last day of the month and `15W` the weekday nearest the 15th; both stand alone.
    pattern: `(?:\\?|L|${day}W|${list(day, true)})`,
  },
  { name: 'month', label: 'Month', min: 1, max: 12, names: MONTH_NAMES, wildcards: ', - * /', pattern: list(month, true) },
  {
    name: 'dayOfWeek',
    label: 'Day-of-week',
    min: 1,
    max: 7,
    names: DAY_NAMES,
    wildcards: ', - * ? L #',
    // `6L` is the last Friday of the month, `L` alone Saturday, `3#2` the second Tuesday.
    pattern: `(?:\\?|L|${weekday}L|${weekday}#[1-5]|${list(weekday, false)})`,
  },
  { name: 'year', label: 'Year', min: 1970, max: 2199, wildcards: ', - * /', pattern: list(year, true) },
];

/** A whole `cron(...)` expression whose field `index` matches `fieldPattern` (others: any token). */
export function cronFieldRegex(index: number, fieldPattern: string): string {
  const fields = CRON_FIELDS.map((_, i) => (i === index ? `(?:${fieldPattern})` : '\\S+'));
  return `^cron\\(${fields.join(' ')}\\)$`;
}

/** Exactly six space-separated fields. */
export const CRON_SIX_FIELDS = '^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$';

/** Exactly one of day-of-month (3rd) and day-of-week (5th) is `?`. */
export const CRON_ONE_QUESTION_MARK = '^cron\\(\\S+ \\S+ (?:\\? \\S+ [^?\\s]\\S*|[^?\\s]\\S* \\S+ \\?) \\S+\\)$';

/** Any rate(): a positive whole value and a unit, singular or plural. */
export const RATE_SHAPE = '^rate\\([1-9][0-9]* (?:minute|hour|day)s?\\)$';

/** `rate(1 minute)`, `rate(5 minutes)`: singular for 1, plural otherwise. */
export const RATE_PATTERN = '^rate\\((?:1 (?:minute|hour|day)|(?:[2-9]|[1-9][0-9]+) (?:minutes|hours|days))\\)$';

/** `at(2026-12-24T18:30:00)`: a local date and time, no zone (the schedule's time zone applies). */
export const AT_PATTERN = '^at\\([0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]\\)$';

export const fieldMessage = (f: CronFieldSyntax): string =>
  `cron(): the ${f.label} field takes ${f.min}-${f.max}${f.names === undefined ? '' : ` or ${f.names[0]}-${f.names[f.names.length - 1]}`} with the wildcards ${f.wildcards}`;
