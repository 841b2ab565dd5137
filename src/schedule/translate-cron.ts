// The thin translation from EventBridge's cron dialect to croner's: croner reads seven fields
// as seconds-first with a year, so a 0 seconds field goes in front. The rest is what croner
// spells differently or not at all:
//
//   EventBridge            croner (alternativeWeekdays, 1 = Sunday)
//   ?                      *          (the other day field decides, as cron's OR rule does)
//   5/15                   5-59/15    (croner wants a range or * before a step)
//   22-2  (wrap around)    22,23,0,1,2
//   L in day-of-week       7          (Quartz: L alone is the last day of the week, Saturday)
//   JAN, SUN               1, 1
//
// Everything else (L, 15W, 6L, 3#2, lists, ranges, steps, years) croner reads as EventBridge
// means it.
import { CRON_FIELDS, DAY_NAMES, MONTH_NAMES, type CronFieldSyntax } from './cron-syntax.ts';

export function translateCronFields(fields: readonly string[]): string {
  const translated = CRON_FIELDS.map((syntax, i) => translateField(syntax, (fields[i] ?? '').toUpperCase()));
  return ['0', ...translated].join(' ');
}

function translateField(syntax: CronFieldSyntax, field: string): string {
  if (field === '?') return '*';
  if (syntax.name === 'dayOfWeek' && field === 'L') return '7';
  if (/[LW#]/.test(field)) return replaceNames(syntax, field);
  return field
    .split(',')
    .map((element) => translateElement(syntax, replaceNames(syntax, element)))
    .join(',');
}

function replaceNames(syntax: CronFieldSyntax, text: string): string {
  const names = syntax.name === 'month' ? MONTH_NAMES : syntax.name === 'dayOfWeek' ? DAY_NAMES : undefined;
  if (names === undefined) return text;
  return text.replace(/[A-Z]{3}/g, (name) => {
    const index = names.indexOf(name as never);
    return index === -1 ? name : String(index + 1);
  });
}

function translateElement(syntax: CronFieldSyntax, element: string): string {
  const [range = '', stepText] = element.split('/');
  const step = stepText === undefined ? undefined : Number(stepText);
  if (range === '*') return element;
  const [fromText = '', toText] = range.split('-');
  const from = Number(fromText);
  const to = toText === undefined ? (step === undefined ? from : syntax.max) : Number(toText);
  if (from <= to) return step === undefined ? (toText === undefined ? String(from) : `${from}-${to}`) : `${from}-${to}/${step}`;
  // A range that wraps around the end of the field (hours 22-2, days FRI-MON): list its values.
  const values: number[] = [];
  const size = syntax.max - syntax.min + 1;
  for (let i = 0, v = from; ; i++, v = syntax.min + ((v - syntax.min + 1) % size)) {
    if (i % (step ?? 1) === 0) values.push(v);
    if (v === to) break;
  }
  return values.join(',');
}
