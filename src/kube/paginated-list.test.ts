import { describe, expect, it } from 'vitest';
import { listAllPages, type FetchPage } from './paginated-list.ts';

/** A server holding `n` objects that pages them, and records what it was asked. */
function server(n: number, options: { expireAfter?: number } = {}) {
  const all = Array.from({ length: n }, (_, i) => `o${i}`);
  const requests: Array<{ limit?: number; continue?: string }> = [];
  const fetchPage: FetchPage<string> = async (limit, token) => {
    requests.push({ limit, continue: token });
    if (token !== undefined && options.expireAfter !== undefined && requests.length > options.expireAfter) throw Object.assign(new Error('Expired'), { code: 410 });
    const start = token === undefined ? 0 : Number(token);
    const end = limit === undefined ? all.length : Math.min(all.length, start + limit);
    return { items: all.slice(start, end), metadata: { resourceVersion: '42', continue: end < all.length ? String(end) : undefined } };
  };
  return { fetchPage, requests };
}

describe('listAllPages', () => {
  it.each([
    { name: 'fewer objects than a page: one request', n: 3, pageSize: 5, requests: 1 },
    { name: 'exactly one page', n: 5, pageSize: 5, requests: 1 },
    { name: 'a list of 12 in pages of 5: three requests', n: 12, pageSize: 5, requests: 3 },
    { name: 'an empty collection', n: 0, pageSize: 5, requests: 1 },
  ])('$name', async ({ n, pageSize, requests }) => {
    const s = server(n);
    const list = await listAllPages(s.fetchPage, pageSize);
    expect(list.items).toEqual(Array.from({ length: n }, (_, i) => `o${i}`));
    expect(list.metadata).toEqual({ resourceVersion: '42' });
    expect(s.requests).toHaveLength(requests);
    expect(s.requests.every((r) => r.limit === pageSize)).toBe(true);
  });

  it('an expired continue token falls back to one list without pages', async () => {
    const s = server(12, { expireAfter: 1 });
    const list = await listAllPages(s.fetchPage, 5);
    expect(list.items).toHaveLength(12);
    expect(s.requests.at(-1)).toEqual({ limit: undefined, continue: undefined });
  });

  it('any other error fails the list (the informer restarts it with backoff)', async () => {
    await expect(listAllPages(async () => Promise.reject(new Error('connection refused')), 5)).rejects.toThrow('connection refused');
  });
});
