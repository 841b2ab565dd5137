import { describe, expect, it } from 'vitest';
import { isDeepEqual } from '../../../src/util/deep-equal.ts';

describe('isDeepEqual', () => {
  it.each([
    { name: 'objects with keys in another order are equal', a: { x: 1, y: [1, { p: 'a', q: 'b' }] }, b: { y: [1, { q: 'b', p: 'a' }], x: 1 }, equal: true },
    { name: 'a key set to undefined equals a missing key', a: { x: 1, y: undefined }, b: { x: 1 }, equal: true },
    { name: 'a different value is not equal', a: { x: 1 }, b: { x: 2 }, equal: false },
    { name: 'array order matters', a: [1, 2], b: [2, 1], equal: false },
    { name: 'an array is not an object with index keys', a: [1], b: { 0: 1 }, equal: false },
    { name: 'null is not undefined', a: { x: null }, b: {}, equal: false },
    { name: 'undefined equals undefined', a: undefined, b: undefined, equal: true },
    { name: 'dates compare by time', a: new Date(5), b: new Date(5), equal: true },
  ])('$name', ({ a, b, equal }) => {
    expect(isDeepEqual(a, b)).toBe(equal);
    expect(isDeepEqual(b, a)).toBe(equal);
  });
});
