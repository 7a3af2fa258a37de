import { setTimeout as sleep } from 'node:timers/promises';
import mongoose from 'mongoose';
import { setEngineRunning } from './availability';
import { changeChannel } from './change-channel';
import { createEqualityIndexes } from './engine-indexes';
// Cache versions are held while the change channel listens.
import './held-cache-versions';

mongoose.set('strictQuery', true);

/**
 * Connections per app instance (DB_POOL_SIZE). FerretDB carries out an update by reading the
 * document on one PostgreSQL connection and writing it on a second while the first is still open,
 * from a pool of 50: with 25 or more updates at once every connection can end up held by a read
 * waiting for a second one, and the engine stalls. Ten concurrent operations keep well below that
 * (two instances too) and are plenty for a two-core server; on MongoDB they are a sensible default.
 * More instances on one engine need a smaller pool each: instances × pool size below 25.
 */
export const defaultPoolSize = 10;

/**
 * How long an operation waits for a reachable server before it fails (and its request answers
 * 503). Only matters while the database is down: with a server at hand selection is immediate.
 * Short, so a request caught by an outage fails fast instead of hanging; long enough for a
 * momentary blip. Commands are not buffered while mongoose is disconnected, for the same reason.
 */
const serverSelectionTimeoutMS = 2_000;

/**
 * How long an operation waits for the server's answer once sent. Without it, an operation whose
 * answer never comes holds its connection, and whatever awaits it (a course's allocator run, a
 * cache's build), for ever. Far above any one answer's time: a batch of an export's cursor at
 * five years' size takes a few seconds.
 */
const socketTimeoutMS = 30_000;

/**
 * How long opening a connection, and each of the driver's checks on the server, may take. With the
 * default (30 s) one check hung on a restarting engine keeps the app from finding the new engine
 * that long: the likely cause of the app serving only 503s for 40 s after a restart (engine-kill,
 * once in about fifty runs). A few seconds is still far above a check's time under load.
 */
const connectTimeoutMS = 5_000;

/**
 * How often the driver checks on the server. While the database is down no request reaches the
 * driver (they are answered 503 first), so this check is what notices it is back: within a
 * second, rather than the default ten. One small `hello` a second costs nothing measurable.
 */
const heartbeatFrequencyMS = 1_000;

/**
 * Connects the default mongoose connection and creates every model's collection and
 * indexes. On the embedded engine (`postgresUrl`: its PostgreSQL), also the GIN
 * indexes that serve equality queries, before any query can be prepared without them,
 * and the change channel through which instances tell each other what changed
 * (server/auth/signin-memory.ts).
 */
export async function connectDatabase(
  uri: string,
  dbName?: string,
  postgresUrl?: string,
  maxPoolSize = defaultPoolSize,
  /** Driver options beyond these, e.g. `monitorCommands` for the benchmark's command count. */
  driver: { monitorCommands?: boolean } = {},
): Promise<typeof mongoose> {
  await mongoose.connect(uri, {
    ...driver,
    dbName,
    serverSelectionTimeoutMS,
    socketTimeoutMS,
    connectTimeoutMS,
    heartbeatFrequencyMS,
    bufferCommands: false,
    autoIndex: false,
    maxPoolSize,
  });
  // A new connection has an engine behind it, whatever an earlier one's supervisor last said.
  setEngineRunning(true);
  const models = Object.values(mongoose.models);
  // Collections that no index mentions are created too, so each gets its GIN index on _id.
  await Promise.all(
    models.map(async (model) => {
      await model.createCollection();
      await model.createIndexes();
    }),
  );
  if (postgresUrl) {
    await createEqualityIndexes(postgresUrl, mongoose.connection.name, models);
    await changeChannel.open(postgresUrl, mongoose.connection.name);
  }
  return mongoose;
}

export async function disconnectDatabase(): Promise<void> {
  await changeChannel.close();
  await mongoose.disconnect();
}

/** True when the database answers a ping within the time limit. */
export async function pingDatabase(timeoutMs = 2_000): Promise<boolean> {
  const db = mongoose.connection.db;
  if (!db || mongoose.connection.readyState !== mongoose.ConnectionStates.connected) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const ping = db
    .admin()
    .ping()
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once the database answers a ping. Each try goes through the driver's server
 * selection, which makes it look for the server again at once rather than at its next
 * heartbeat, and clears the pool of connections to a server that has gone.
 */
export async function waitUntilReachable(signal: AbortSignal): Promise<void> {
  const admin = mongoose.connection.getClient().db('admin');
  for (;;) {
    signal.throwIfAborted();
    try {
      await admin.command({ ping: 1 });
      return;
    } catch {
      await sleep(100, undefined, { signal });
    }
  }
}
