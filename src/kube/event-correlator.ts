// Decides whether an Event is new or a repeat, like client-go's EventCorrelator: a repeat of
// the same (object, type, reason, message) bumps `count` on the existing Event instead of
// writing a new one, and a burst of similar Events (same object and reason, differing
// messages) is folded into one "(combined from similar events)" Event. Pure: no I/O, time
// comes in as an argument.

export interface InvolvedObject {
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  uid?: string;
}

export interface EventInput {
  involvedObject: InvolvedObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export type CorrelatedEvent =
  | { action: 'create'; name: string; message: string; count: 1; firstTimestamp: number }
  | { action: 'update'; name: string; message: string; count: number; firstTimestamp: number };

export interface CorrelatorOptions {
  /** How many distinct messages for one object and reason before they are combined. */
  maxSimilarEvents: number;
  /** The window in which similar messages are counted. */
  similarWindowMs: number;
  /** Remembered Events; the oldest are forgotten first, so a repeat may then be re-created. */
  cacheSize: number;
}

export const defaultCorrelatorOptions: CorrelatorOptions = { maxSimilarEvents: 10, similarWindowMs: 10 * 60_000, cacheSize: 4096 };

export const combinedPrefix = '(combined from similar events): ';

interface Seen {
  name: string;
  count: number;
  firstTimestamp: number;
}

export class EventCorrelator {
  readonly #options: CorrelatorOptions;
  /** By dedup key; Map iteration order doubles as least-recently-used order. */
  readonly #seen = new Map<string, Seen>();
  /** By aggregate key: when each distinct message was first seen in the window. */
  readonly #similar = new Map<string, Map<string, number>>();
  #sequence = 0;

  constructor(options: CorrelatorOptions = defaultCorrelatorOptions) {
    this.#options = options;
  }

  observe(event: EventInput, now: number): CorrelatedEvent {
    const aggregateKey = keyOf(event.involvedObject, event.type, event.reason);
    const message = this.#isBurst(aggregateKey, event.message, now) ? `${combinedPrefix}${event.message}` : event.message;
    // Combined Events share one dedup key whatever their message, so they count up together.
    const dedupKey = message.startsWith(combinedPrefix) ? `${aggregateKey}\u0000*` : `${aggregateKey}\u0000${message}`;
    const seen = this.#seen.get(dedupKey);
    if (seen !== undefined) {
      seen.count++;
      this.#touch(dedupKey, seen);
      return { action: 'update', name: seen.name, message, count: seen.count, firstTimestamp: seen.firstTimestamp };
    }
    const name = eventName(event.involvedObject.name ?? 'unknown', now, this.#sequence++);
    this.#touch(dedupKey, { name, count: 1, firstTimestamp: now });
    return { action: 'create', name, message, count: 1, firstTimestamp: now };
  }

  /** Forgets an Event that could not be updated (it expired on the server): re-create it. */
  forget(name: string): void {
    for (const [key, seen] of this.#seen) if (seen.name === name) this.#seen.delete(key);
  }

  #isBurst(aggregateKey: string, message: string, now: number): boolean {
    const messages = this.#similar.get(aggregateKey) ?? new Map<string, number>();
    for (const [m, at] of messages) if (now - at > this.#options.similarWindowMs) messages.delete(m);
    if (!messages.has(message)) messages.set(message, now);
    this.#similar.set(aggregateKey, messages);
    if (this.#similar.size > this.#options.cacheSize) this.#similar.delete(this.#similar.keys().next().value ?? '');
    return messages.size > this.#options.maxSimilarEvents;
  }

  #touch(key: string, seen: Seen): void {
    this.#seen.delete(key);
    this.#seen.set(key, seen);
    if (this.#seen.size > this.#options.cacheSize) this.#seen.delete(this.#seen.keys().next().value ?? '');
  }
}

function keyOf(obj: InvolvedObject, type: string, reason: string): string {
  return [obj.apiVersion, obj.kind, obj.namespace, obj.name, obj.uid, type, reason].join('\u0000');
}

/** `<object>.<hex time><hex sequence>`, unique per process like client-go's `name.%x`. */
export function eventName(objectName: string, now: number, sequence: number): string {
  return `${objectName}.${now.toString(16)}${sequence.toString(16).padStart(4, '0')}`;
}
