import { describe, expect, it } from 'vitest';
import { decideLease, defaultLeaseTimings, hasMissedRenewDeadline, observeLease, type LeaseObservation, type LeaseRecord } from './lease-decision.ts';

const me = 'op-a_1';
const other = 'op-b_2';
const t0 = Date.parse('2026-01-01T00:00:00Z');
const held = (holder: string, renewedAt = t0): LeaseRecord => ({
  holderIdentity: holder,
  leaseDurationSeconds: 15,
  acquireTime: new Date(t0 - 60_000).toISOString(),
  renewTime: new Date(renewedAt).toISOString(),
  leaseTransitions: 4,
});

describe('decideLease', () => {
  it.each<{ name: string; observation: LeaseObservation; now: number; want: string; transitions?: number; acquireTimeMs?: number }>([
    { name: 'no Lease: create it', observation: { record: undefined, observedAt: t0 }, now: t0, want: 'create', transitions: 0, acquireTimeMs: t0 },
    { name: 'we hold it: renew, keeping acquireTime and transitions', observation: { record: held(me), observedAt: t0 }, now: t0 + 2000, want: 'renew', transitions: 4, acquireTimeMs: t0 - 60_000 },
    { name: 'we hold it even past expiry: renew', observation: { record: held(me), observedAt: t0 }, now: t0 + 60_000, want: 'renew', transitions: 4 },
    { name: 'another holder renewed recently: wait', observation: { record: held(other), observedAt: t0 }, now: t0 + 14_999, want: 'wait' },
    { name: 'another holder stopped renewing: acquire, one more transition', observation: { record: held(other), observedAt: t0 }, now: t0 + 15_000, want: 'acquire', transitions: 5, acquireTimeMs: t0 + 15_000 },
    { name: 'released (empty holder): acquire at once', observation: { record: { ...held(''), leaseDurationSeconds: 1 }, observedAt: t0 }, now: t0, want: 'acquire', transitions: 5 },
    { name: 'holder with a longer lease duration is honoured', observation: { record: { ...held(other), leaseDurationSeconds: 60 }, observedAt: t0 }, now: t0 + 30_000, want: 'wait' },
    {
      name: "a skewed holder clock does not matter: expiry counts from when we observed",
      observation: { record: held(other, t0 - 3_600_000), observedAt: t0 },
      now: t0 + 1000,
      want: 'wait',
    },
  ])('$name', ({ observation, now, want, transitions, acquireTimeMs }) => {
    const decision = decideLease(observation, me, now, defaultLeaseTimings);
    expect(decision.action).toBe(want);
    if (decision.action === 'wait') {
      expect(decision.holder).toBe(other);
      return;
    }
    expect(decision.record.holderIdentity).toBe(me);
    expect(decision.record.renewTimeMs).toBe(now);
    expect(decision.record.leaseDurationSeconds).toBe(15);
    if (transitions !== undefined) expect(decision.record.leaseTransitions).toBe(transitions);
    if (acquireTimeMs !== undefined) expect(decision.record.acquireTimeMs).toBe(acquireTimeMs);
  });
});

describe('observeLease', () => {
  it.each([
    { name: 'first sight starts the clock', previous: undefined, next: held(other), want: t0 + 5 },
    { name: 'an unchanged renewal keeps the first sight', previous: { record: held(other), observedAt: t0 }, next: held(other), want: t0 },
    { name: 'a new renewal restarts the clock', previous: { record: held(other), observedAt: t0 }, next: held(other, t0 + 2000), want: t0 + 5 },
    { name: 'a new holder restarts the clock', previous: { record: held(other), observedAt: t0 }, next: held('op-c'), want: t0 + 5 },
  ])('$name', ({ previous, next, want }) => {
    expect(observeLease(previous, next, t0 + 5).observedAt).toBe(want);
  });
});

describe('hasMissedRenewDeadline', () => {
  it.each([
    { sinceRenewal: 9_999, want: false },
    { sinceRenewal: 10_000, want: true },
  ])('$sinceRenewal ms after the last renewal: $want', ({ sinceRenewal, want }) => {
    expect(hasMissedRenewDeadline(t0, t0 + sinceRenewal, defaultLeaseTimings)).toBe(want);
  });
});
