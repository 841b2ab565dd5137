// JSON logs through pino. Controllers take child loggers (`log.child({ controller, key })`)
// and write messages in Kubernetes style: capitalised, past tense, naming the object type
// ("Reconciled Task", "Could not place Task").
import { pino, type DestinationStream, type Logger } from 'pino';

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
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** Flushes buffered log lines; call it last on shutdown. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}
