import type mongoose from 'mongoose';

type Client = ReturnType<typeof mongoose.connection.getClient>;

/**
 * Database operations under way on this client: pooled connections checked out, or being
 * checked out, and not yet returned (the driver's connection-pool events). A callback-style
 * middleware waiting for its database answer (the session store's read) runs no handler the
 * router can count, but holds a connection.
 */
export function trackOperationsInFlight(client: Client): { count(): number; stop(): void } {
  let inUse = 0;
  const started = () => void inUse++;
  const returned = () => void inUse--;
  client.on('connectionCheckOutStarted', started);
  client.on('connectionCheckOutFailed', returned);
  client.on('connectionCheckedIn', returned);
  return {
    count: () => inUse,
    stop() {
      client.off('connectionCheckOutStarted', started);
      client.off('connectionCheckOutFailed', returned);
      client.off('connectionCheckedIn', returned);
    },
  };
}
