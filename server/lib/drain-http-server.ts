import type { Server, ServerResponse } from 'node:http';

export interface DrainableServer {
  /**
   * Stops accepting connections and closes idle keep-alive ones at once; responses in flight
   * say `Connection: close` (where their headers have not gone out yet) and their connections
   * close after them. What is still running after `graceMs` is cut off. Resolves when every
   * connection is closed, with the number of responses that were cut off.
   */
  drain(graceMs: number): Promise<{ cutOff: number }>;
}

/**
 * Node's `server.close()` alone lets keep-alive clients go on sending requests on the
 * connections they hold, for as long as they like. Call before the server takes requests.
 */
export function drainable(server: Server): DrainableServer {
  const inFlight = new Set<ServerResponse>();
  let draining = false;

  const endKeepAlive = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  // Before the app's own listener, which may answer at once.
  server.prependListener('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    if (draining) endKeepAlive(res);
    res.once('close', () => {
      inFlight.delete(res);
      // A response whose headers had gone out before the drain leaves its connection open and idle.
      if (draining) server.closeIdleConnections();
    });
  });

  return {
    async drain(graceMs) {
      draining = true;
      inFlight.forEach(endKeepAlive);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      let cutOff = 0;
      const deadline = setTimeout(() => {
        cutOff = inFlight.size;
        server.closeAllConnections();
      }, graceMs);
      await closed;
      clearTimeout(deadline);
      return { cutOff };
    },
  };
}
