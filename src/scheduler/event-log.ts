// Service events with ECS's suppression (6.14): "a repeated message is suppressed until its
// cause clears or 6 hours pass". A standing message (steady state, unable to place, blocked
// deployment, throttled) is emitted when its cause appears, then kept quiet while the cause
// holds on every pass; after 6 hours it is emitted again (so steady state is re-reported
// periodically, as ECS does). One-off messages are always emitted.
import type { PlannedServiceEvent, ServiceTransition, StandingMessage } from './types.ts';
import { seededRng, type Rng } from '../placement/index.ts';

export const REPEAT_SUPPRESSION_MS = 6 * 60 * 60 * 1000;

export class ServiceEventLog {
  private readonly previous: ReadonlyMap<string, StandingMessage>;
  private readonly current = new Map<string, StandingMessage>();
  private readonly emitted: PlannedServiceEvent[] = [];
  readonly transitions: ServiceTransition[] = [];
  private readonly now: number;
  private readonly rng: Rng;

  constructor(standing: readonly StandingMessage[], now: number, rng: Rng) {
    this.previous = new Map(standing.map((m) => [m.message, m]));
    this.now = now;
    this.rng = rng;
  }

  /** A message whose cause holds now. Returns whether it was emitted (not suppressed). */
  standing(message: string, transition?: Omit<ServiceTransition, 'reason'>): boolean {
    const existing = this.current.get(message) ?? this.previous.get(message);
    if (existing !== undefined && this.now - existing.emittedAt < REPEAT_SUPPRESSION_MS) {
      this.current.set(message, existing);
      return false;
    }
    this.current.set(message, { message, emittedAt: this.now });
    this.emit(message);
    if (transition !== undefined) this.transitions.push({ ...transition, reason: message });
    return true;
  }

  oneOff(message: string): void {
    this.emit(message);
  }

  transition(transition: ServiceTransition): void {
    this.transitions.push(transition);
  }

  /** Newest first, as status.events. */
  events(): PlannedServiceEvent[] {
    return [...this.emitted].reverse();
  }

  /** Only the messages whose cause held on this pass stay standing. */
  standingMessages(): StandingMessage[] {
    return [...this.current.values()];
  }

  private emit(message: string): void {
    // The time and the text go into the id too: a caller that seeds the RNG the same way on
    // every pass still gets distinct ids for distinct events.
    const seed = (Math.floor(this.rng.next() * 2 ** 32) ^ fnv1a(`${this.now}|${this.emitted.length}|${message}`)) >>> 0;
    this.emitted.push({ id: randomUuid(seededRng(seed)), createdAt: this.now, message });
  }
}

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A version-4 UUID drawn from the injected RNG (ECS event ids are UUIDs). */
export function randomUuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rng.next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Prepends new events to the stored ones, newest first, at most `limit` (ECS shows 100). */
export function mergeServiceEvents<E extends { createdAt: unknown }>(existing: readonly E[], added: readonly E[], limit = 100): E[] {
  return [...added, ...existing].slice(0, limit);
}
