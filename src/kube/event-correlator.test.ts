import { describe, expect, it } from 'vitest';
import { combinedPrefix, EventCorrelator, type EventInput } from './event-correlator.ts';

const task = { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Task', name: 'web-1', namespace: 'shop', uid: 'u1' };
const placed: EventInput = { involvedObject: task, type: 'Normal', reason: 'Placed', message: 'Placed Task on Node n1' };
const options = { maxSimilarEvents: 3, similarWindowMs: 1000, cacheSize: 100 };

/** Feeds events at the given times and keeps what the correlator decided. */
function correlate(events: Array<[EventInput, number]>, correlator = new EventCorrelator(options)) {
  return events.map(([event, now]) => correlator.observe(event, now));
}

describe('EventCorrelator', () => {
  it('creates the first Event and counts up repeats on the same Event', () => {
    const out = correlate([[placed, 0], [placed, 10], [placed, 20]]);
    expect(out.map((e) => [e.action, e.count])).toEqual([['create', 1], ['update', 2], ['update', 3]]);
    expect(new Set(out.map((e) => e.name)).size).toBe(1);
    expect(out.every((e) => e.firstTimestamp === 0)).toBe(true);
  });

  it.each([
    { name: 'another message', other: { ...placed, message: 'Placed Task on Node n2' } },
    { name: 'another reason', other: { ...placed, reason: 'Stopped' } },
    { name: 'another type', other: { ...placed, type: 'Warning' as const } },
    { name: 'another object', other: { ...placed, involvedObject: { ...task, name: 'web-2' } } },
  ])('keeps Events with $name apart', ({ other }) => {
    const out = correlate([[placed, 0], [other, 1]]);
    expect(out.map((e) => e.action)).toEqual(['create', 'create']);
    expect(out[0]?.name).not.toBe(out[1]?.name);
  });

  it('combines a burst of similar messages into one counted Event', () => {
    const failed = (node: string): EventInput => ({ ...placed, type: 'Warning', reason: 'FailedPlacement', message: `No room on ${node}` });
    const out = correlate(['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map((node, i) => [failed(node), i]));
    expect(out.map((e) => [e.action, e.count, e.message.startsWith(combinedPrefix)])).toEqual([
      ['create', 1, false],
      ['create', 1, false],
      ['create', 1, false],
      ['create', 1, true],
      ['update', 2, true],
      ['update', 3, true],
    ]);
  });

  it('stops combining once similar messages fall out of the window', () => {
    const failed = (node: string): EventInput => ({ ...placed, reason: 'FailedPlacement', message: `No room on ${node}` });
    const out = correlate([[failed('n1'), 0], [failed('n2'), 1], [failed('n3'), 2], [failed('n4'), 5000]]);
    expect(out[3]?.message).toBe('No room on n4');
  });

  it('re-creates an Event after forgetting it', () => {
    const correlator = new EventCorrelator(options);
    const [first] = correlate([[placed, 0]], correlator);
    correlator.forget(first?.name ?? '');
    const [again] = correlate([[placed, 5]], correlator);
    expect(again?.action).toBe('create');
    expect(again?.name).not.toBe(first?.name);
  });
});
