// Logs through pino: JSON lines, or human-readable lines (pino-pretty) when standard output is
// a terminal; STEVEDORE_LOG_FORMAT=json|pretty overrides. Controllers take child loggers (`log.child({ controller, key })`)
// and write messages in Kubernetes style: capitalised, past tense, naming the object type
// ("Reconciled Task", "Could not place Task").
import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export function newLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { component: 'stevedore' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Levels as names ("level":"info"), which log pipelines read without a lookup table.
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination !== undefined) return pino(options, destination);
  if (logFormat() === 'pretty') return pino(options, pretty({ sync: true, colorize: true, ignore: 'pid,hostname,component', translateTime: 'SYS:HH:MM:ss.l' }));
  return pino(options);
}

/** Pretty on a terminal, JSON otherwise (log pipelines, tests, Pods). */
export function logFormat(env: NodeJS.ProcessEnv = process.env, isTty: boolean = process.stdout.isTTY === true): 'json' | 'pretty' {
  const chosen = env['STEVEDORE_LOG_FORMAT'];
  if (chosen === 'json' || chosen === 'pretty') return chosen;
  return isTty ? 'pretty' : 'json';
}

/** Flushes buffered log lines; call it last on shutdown. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
