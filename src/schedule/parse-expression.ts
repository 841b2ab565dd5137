// Parses an EventBridge Scheduler expression: `cron(...)`, `rate(value unit)` or `at(...)`.
// Refusals carry a message a user can act on; the CRD's CEL rules refuse the same syntax at
// admission (cron-syntax.ts), so the controller meets these only for what CEL cannot check
// (a date that does not exist, a cron that croner cannot evaluate).
import { Cron } from 'croner';
import { AT_PATTERN, CRON_FIELDS, CRON_ONE_QUESTION_MARK, CRON_SIX_FIELDS, fieldMessage, RATE_PATTERN, RATE_SHAPE } from './cron-syntax.ts';
import type { ParsedExpression, RateUnit } from './schedule-expression.ts';
import { translateCronFields } from './translate-cron.ts';

export const EXPRESSION_FORMS = 'expected cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss)';
export const RATE_SINGULAR = 'rate(): use the singular unit (minute, hour, day) for a value of 1, and the plural (minutes, hours, days) otherwise';
export const RATE_FORM = 'rate(): expected rate(value unit) with a positive whole value and a unit of minute(s), hour(s) or day(s)';
export const CRON_FIELD_COUNT = 'cron(): expected six fields: minutes hours day-of-month month day-of-week year';
export const CRON_QUESTION_MARK = 'cron(): exactly one of day-of-month and day-of-week must be ?';
export const AT_FORM = 'at(): expected at(yyyy-mm-ddThh:mm:ss), a local date and time without a zone';

const UNIT_MS: Record<RateUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseScheduleExpression(text: string): ParsedExpression {
  if (text.startsWith('rate(')) return parseRate(text);
  if (text.startsWith('cron(')) return parseCron(text);
  if (text.startsWith('at(')) return parseAt(text);
  return { ok: false, message: `Invalid schedule expression "${text}": ${EXPRESSION_FORMS}` };
}

function parseRate(text: string): ParsedExpression {
  if (!new RegExp(RATE_SHAPE).test(text)) return { ok: false, message: RATE_FORM };
  if (!new RegExp(RATE_PATTERN).test(text)) return { ok: false, message: RATE_SINGULAR };
  const [value = '', word = ''] = text.slice('rate('.length, -1).split(' ');
  const unit = word.replace(/s$/, '') as RateUnit;
  return { ok: true, expression: { type: 'rate', value: Number(value), unit, periodMs: Number(value) * UNIT_MS[unit] } };
}

function parseCron(text: string): ParsedExpression {
  if (!new RegExp(CRON_SIX_FIELDS).test(text)) return { ok: false, message: CRON_FIELD_COUNT };
  const fields = text.slice('cron('.length, -1).split(' ');
  for (const [i, syntax] of CRON_FIELDS.entries()) {
    if (!new RegExp(`^(?:${syntax.pattern})$`).test(fields[i] ?? '')) return { ok: false, message: `${fieldMessage(syntax)}: "${fields[i] ?? ''}"` };
  }
  if (!new RegExp(CRON_ONE_QUESTION_MARK).test(text)) return { ok: false, message: CRON_QUESTION_MARK };
  const pattern = translateCronFields(fields);
  try {
    new Cron(pattern, { mode: '7-part', alternativeWeekdays: true, paused: true });
  } catch (error) {
    return { ok: false, message: `cron(): ${(error as Error).message.replace(/^CronPattern: /, '')}` };
  }
  return { ok: true, expression: { type: 'cron', fields, pattern } };
}

function parseAt(text: string): ParsedExpression {
  if (!new RegExp(AT_PATTERN).test(text)) return { ok: false, message: AT_FORM };
  const [date = '', time = ''] = text.slice('at('.length, -1).split('T');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute, second] = time.split(':').map(Number) as [number, number, number];
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(wallMs).getUTCDate() !== day) return { ok: false, message: `at(): ${date} is not a date` };
  return { ok: true, expression: { type: 'at', wallMs } };
}
