// The operator's two small HTTP endpoints, on separate addresses as in controller-runtime:
// metrics (`/metrics`, default :8080) and probes (`/healthz`, `/readyz`, default :8081).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HttpEndpoint {
  /** The port actually bound (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

export type RouteHandler = () => Promise<{ status: number; body: string; contentType?: string }>;

/**
 * Parses a bind address the way controller-runtime's flags read it: `:8080` (all
 * interfaces), `127.0.0.1:8080`, `[::1]:8080`. Returns undefined for `0`, which disables the
 * endpoint.
 */
export function parseBindAddress(address: string): { host: string | undefined; port: number } | undefined {
  if (address === '0') return undefined;
  const colon = address.lastIndexOf(':');
  if (colon === -1) throw new Error(`Bind address "${address}" has no port; write it as HOST:PORT or :PORT`);
  const port = Number(address.slice(colon + 1));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Bind address "${address}" has an invalid port`);
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { host: host === '' ? undefined : host, port };
}

export async function serveRoutes(address: string, routes: Record<string, RouteHandler>): Promise<HttpEndpoint | undefined> {
  const bind = parseBindAddress(address);
  if (bind === undefined) return undefined;
  const server = createServer((req, res) => void respond(routes, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bind.port, bind.host, () => resolve());
  });
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

async function respond(routes: Record<string, RouteHandler>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const handler = routes[path];
  if (handler === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    return;
  }
  try {
    const { status, body, contentType } = await handler();
    res.writeHead(status, { 'content-type': contentType ?? 'text/plain; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : body);
  } catch (err) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err instanceof Error ? err.message : String(err)}\n`);
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    // Probes and scrapes use keep-alive; drop idle connections so close does not hang.
    server.closeIdleConnections();
    server.close(() => resolve());
  });
}
