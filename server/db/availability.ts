import mongoose from 'mongoose';

/*
 * Whether the database can serve a request right now, answered from memory so that the
 * normal path never waits to find out. Two sources: the mongoose connection's state, which
 * the driver keeps from its server monitoring and from failed operations (the only source
 * with MONGODB_URI), and, for the embedded engine, its supervisor, which hears the engine
 * process exit at once and says when a restarted engine is reachable again.
 */

let engineRunning = true;

export function isDatabaseAvailable(): boolean {
  return engineRunning && mongoose.connection.readyState === mongoose.ConnectionStates.connected;
}

/** The embedded engine's supervisor says when its engine has exited and when a new one answers. */
export function setEngineRunning(running: boolean): void {
  engineRunning = running;
}

const {
  MongoNetworkError,
  MongoServerSelectionError,
  MongoNotConnectedError,
  MongoTopologyClosedError,
  MongoServerClosedError,
} = mongoose.mongo;

/**
 * The driver lets a socket's own error through when it writes a command to a connection that
 * the server has just closed ("This socket has been ended by the other party").
 */
const socketErrorCodes = new Set(['EPIPE', 'ECONNRESET']);

/**
 * Errors that say the database could not be reached (or the connection is being closed), as
 * opposed to a query it refused: the request deserves a 503 and a retry, not a 500. Network
 * errors include a pool cleared after one; the pool-closed error class is not exported.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  return (
    err instanceof MongoNetworkError ||
    socketErrorCodes.has((err as NodeJS.ErrnoException | null)?.code ?? '') ||
    err instanceof MongoServerSelectionError ||
    err instanceof mongoose.Error.MongooseServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoServerClosedError ||
    (err instanceof Error && err.name === 'MongoPoolClosedError')
  );
}
