import { createServer } from 'node:net';

/**
 * Asks the kernel for a free loopback port. The port is released before it is returned, so
 * a process started right after takes it; control planes side by side each ask for their own.
 */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port assigned'));
        else resolve(address.port);
      });
    });
  });
}
