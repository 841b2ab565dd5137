// Lists a collection in pages (limit/continue), as client-go's pager does for its reflectors,
// so that 50,000 objects do not arrive as one response held in memory twice. The API server
// serves every page from the snapshot of the first, so the pages add up to one consistent list
// at the last page's resourceVersion. When a continue token expires (410 Gone), the pager falls
// back to one unpaged list, as client-go's does.

export interface ListPage<T> {
  items: T[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/** Fetches one page: `limit` undefined asks for everything at once. */
export type FetchPage<T> = (limit: number | undefined, continueToken: string | undefined) => Promise<ListPage<T>>;

/** client-go's default page size for informer lists. */
export const DEFAULT_PAGE_SIZE = 500;

export async function listAllPages<T>(fetchPage: FetchPage<T>, pageSize: number = DEFAULT_PAGE_SIZE, isExpired: (err: unknown) => boolean = isGone): Promise<ListPage<T>> {
  const items: T[] = [];
  let continueToken: string | undefined;
  let page: ListPage<T>;
  do {
    try {
      page = await fetchPage(pageSize, continueToken);
    } catch (err) {
      if (continueToken === undefined || !isExpired(err)) throw err;
      // The snapshot behind the token is gone (compaction): start over without pages.
      return fetchPage(undefined, undefined);
    }
    items.push(...page.items);
    continueToken = page.metadata?.continue === '' ? undefined : page.metadata?.continue;
  } while (continueToken !== undefined);
  return { ...page, items, metadata: { resourceVersion: page.metadata?.resourceVersion } };
}

function isGone(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 410;
}
