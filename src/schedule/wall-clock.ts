// Wall-clock time in an IANA time zone, from the platform's time-zone database (Intl). A wall
// time is written as the epoch milliseconds it would have in UTC ("naive" time), so that
// comparing and formatting wall times needs no time-zone arithmetic.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for a time zone name the platform knows (`UTC`, `Europe/Berlin`, `America/New_York`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall time of `instantMs` in `timeZone`, as naive milliseconds (whole seconds). */
export function wallTimeOf(instantMs: number, timeZone: string): number {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
}

/** How far `timeZone` is ahead of UTC at `instantMs` (negative west of Greenwich). */
export function utcOffsetAt(instantMs: number, timeZone: string): number {
  const whole = Math.floor(instantMs / 1000) * 1000;
  return wallTimeOf(whole, timeZone) - whole;
}

const DAY_MS = 86_400_000;

/**
 * The instants at which the wall clock of `timeZone` shows `wallMs`, earliest first: one
 * normally, none in a daylight-saving gap (spring forward), two in a repeated hour (fall back).
 * Offsets change at most once within a day around a given time, so the offsets a day before
 * and a day after are the only candidates.
 */
export function instantsOfWallTime(wallMs: number, timeZone: string): number[] {
  const candidates = new Set([wallMs - utcOffsetAt(wallMs - DAY_MS, timeZone), wallMs - utcOffsetAt(wallMs + DAY_MS, timeZone)]);
  return [...candidates].filter((t) => wallTimeOf(t, timeZone) === wallMs).sort((a, b) => a - b);
}
