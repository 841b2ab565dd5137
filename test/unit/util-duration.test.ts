import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/util/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['1h', 3_600_000],
    ['30m', 1_800_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['1.5s', 1500],
    ['500ms', 500],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '1', '1d', 'h', '-1s'])('rejects %j', (text) => expect(() => parseDuration(text)).toThrow(/invalid duration/));
});
