import mongoose from 'mongoose';
import { ChangeChannelUnreachableError } from './change-channel';

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
  MongoBulkWriteError,
  MongoServerError,
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
 * FerretDB's answer to a command when it could not reach its PostgreSQL, or lost the connection
 * to it mid-command (an internal error, code 1, whose message is the backend driver's): pgx's
 * connect and socket errors, and PostgreSQL's SQLSTATE classes 08 (connection exception) and
 * 57P01–57P03 (shutting down, crashed, not yet accepting connections). The command never ran or
 * its answer was lost: the database is away, not the query wrong. Seen while the embedded
 * engine's PostgreSQL is restarting, and on a FerretDB run on its own (MONGODB_URI) whose
 * PostgreSQL is down.
 */
const internalError = 1;
const backendUnreachable =
  /failed to connect to `|write failed: write unix|broken pipe|connection refused|connection reset by peer|unexpected EOF|conn closed|server closed the connection|postmaster exit|SQLSTATE (08[0-9A-Z]{3}|57P0[123])/;

/**
 * Errors that say the database could not be reached (or the connection is being closed), as
 * opposed to a query it refused: the request deserves a 503 and a retry, not a 500. Network
 * errors include a pool cleared after one; the pool-closed error class is not exported.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  return (
    (err instanceof MongoServerError && err.code === internalError && backendUnreachable.test(err.message)) ||
    err instanceof MongoNetworkError ||
    socketErrorCodes.has((err as NodeJS.ErrnoException | null)?.code ?? '') ||
    err instanceof MongoServerSelectionError ||
    err instanceof mongoose.Error.MongooseServerSelectionError ||
    err instanceof MongoNotConnectedError ||
    err instanceof MongoTopologyClosedError ||
    err instanceof MongoServerClosedError ||
    (err instanceof Error && err.name === 'MongoPoolClosedError') ||
    // The engine's PostgreSQL, through which a write tells the other instances (change-channel.ts).
    err instanceof ChangeChannelUnreachableError ||
    // A batch insert (a group of intents) reports the lost connection inside its bulk-write error.
    (err instanceof MongoBulkWriteError && isDatabaseUnreachable(err.errorResponse))
  );
}
