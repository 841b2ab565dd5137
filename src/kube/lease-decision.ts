// The pure part of leader election: given the Lease as last read and when we first saw it in
// that state, should this candidate create it, take it over, renew it, or wait?
//
// As in client-go's leaderelection, expiry is measured on *our* clock from when we observed
// the holder's last renewal, not from the renewTime the holder wrote: the candidates' clocks
// need not agree, only tick at the same rate.

/** The fields of a coordination.k8s.io/v1 Lease spec that leader election uses. */
export interface LeaseRecord {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  /** Times are RFC 3339 strings when read back from the API server. */
  acquireTime?: string | Date;
  renewTime?: string | Date;
  leaseTransitions?: number;
}

export interface LeaseTimings {
  /** How long a non-leader waits after the last observed renewal before taking over (15 s). */
  leaseDurationMs: number;
  /** How long the leader keeps trying to renew before it gives up leadership (10 s). */
  renewDeadlineMs: number;
  /** How often candidates try to acquire and the leader renews (2 s). */
  retryPeriodMs: number;
}

export const defaultLeaseTimings: LeaseTimings = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

export interface LeaseObservation {
  /** The Lease spec as read, or undefined if no Lease object exists. */
  record: LeaseRecord | undefined;
  /** When, on our clock, we first saw the Lease in this state (holder and renewal). */
  observedAt: number;
}

export type LeaseDecision =
  | { action: 'create'; record: WritableLeaseRecord }
  | { action: 'acquire'; record: WritableLeaseRecord }
  | { action: 'renew'; record: WritableLeaseRecord }
  | { action: 'wait'; holder: string; expiresAt: number };

/** A record to write; times are epoch milliseconds, converted to MicroTime at the edge. */
export interface WritableLeaseRecord {
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTimeMs: number;
  renewTimeMs: number;
  leaseTransitions: number;
}

/**
 * Decides what `identity` should do with the Lease at time `now`.
 *
 * - No Lease: create it, holding it.
 * - We hold it: renew (keep acquireTime and transitions).
 * - Someone else holds it and we saw them renew less than leaseDuration ago: wait.
 * - Nobody holds it (released), or the holder stopped renewing: acquire it, counting one
 *   more transition.
 */
export function decideLease(observation: LeaseObservation, identity: string, now: number, timings: LeaseTimings): LeaseDecision {
  const leaseDurationSeconds = Math.ceil(timings.leaseDurationMs / 1000);
  const { record } = observation;
  if (record === undefined) {
    return { action: 'create', record: { holderIdentity: identity, leaseDurationSeconds, acquireTimeMs: now, renewTimeMs: now, leaseTransitions: 0 } };
  }
  const holder = record.holderIdentity ?? '';
  const transitions = record.leaseTransitions ?? 0;
  if (holder === identity) {
    const acquiredAt = toMillis(record.acquireTime) ?? now;
    return { action: 'renew', record: { holderIdentity: identity, leaseDurationSeconds, acquireTimeMs: acquiredAt, renewTimeMs: now, leaseTransitions: transitions } };
  }
  if (holder !== '') {
    // Honour the holder's own duration if it wrote one; it may be configured differently.
    const holderDurationMs = (record.leaseDurationSeconds ?? leaseDurationSeconds) * 1000;
    const expiresAt = observation.observedAt + holderDurationMs;
    if (now < expiresAt) return { action: 'wait', holder, expiresAt };
  }
  return { action: 'acquire', record: { holderIdentity: identity, leaseDurationSeconds, acquireTimeMs: now, renewTimeMs: now, leaseTransitions: transitions + 1 } };
}

/**
 * Updates when we observed the Lease: the time moves only when the holder or its renewal
 * changed, so a holder that stopped renewing ages out on our clock.
 */
export function observeLease(previous: LeaseObservation | undefined, record: LeaseRecord | undefined, now: number): LeaseObservation {
  if (previous !== undefined && sameRenewal(previous.record, record)) return { record, observedAt: previous.observedAt };
  return { record, observedAt: now };
}

/** Whether the leader has gone too long without a successful renewal and must step down. */
export function hasMissedRenewDeadline(lastRenewedAt: number, now: number, timings: LeaseTimings): boolean {
  return now - lastRenewedAt >= timings.renewDeadlineMs;
}

function sameRenewal(a: LeaseRecord | undefined, b: LeaseRecord | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    (a.holderIdentity ?? '') === (b.holderIdentity ?? '') &&
    toMillis(a.renewTime) === toMillis(b.renewTime) &&
    (a.leaseTransitions ?? 0) === (b.leaseTransitions ?? 0)
  );
}

function toMillis(value: string | Date | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
