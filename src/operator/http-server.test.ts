import { describe, expect, it } from 'vitest';
import { parseBindAddress } from './http-server.ts';

describe('parseBindAddress', () => {
  it.each([
    { address: ':8080', want: { host: undefined, port: 8080 } },
    { address: '127.0.0.1:8081', want: { host: '127.0.0.1', port: 8081 } },
    { address: '[::1]:9090', want: { host: '::1', port: 9090 } },
    { address: 'localhost:0', want: { host: 'localhost', port: 0 } },
    { address: '0', want: undefined },
  ])('reads $address', ({ address, want }) => {
    expect(parseBindAddress(address)).toEqual(want);
  });

  it.each(['8080', ':http', ':70000', ''])('rejects %j', (address) => {
    expect(() => parseBindAddress(address)).toThrow();
  });
});
