import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import mongoose from 'mongoose';
import { ensureEngineBinary, EngineSetupError } from './engine-binary';

/** Where Debian's postgresql-15 package puts the server programs. */
export const postgresBinDir = '/usr/lib/postgresql/15/bin';
/** PostgreSQL refuses to run as root; Debian's package creates this user. */
export const postgresUser = 'postgres';
// The role and database that tools/ferretdb/postgres.go creates, and its socket directory.
const postgresRole = 'ferretdb';
const postgresDatabase = 'ferretdb';
const socketDirName = 'socket';

export interface EngineOptions {
  /**
   * The engine's PostgreSQL cluster directory, initialised on first start. The
   * PostgreSQL user must be able to reach it: when the app runs as root, every
   * directory above it needs search permission for others, as `/tmp` and a
   * `mkdtemp` directory used as the cluster itself have.
   */
  dir: string;
  /** Loopback port; a free one is picked when omitted. */
  port?: number;
  say?: (line: string) => void;
}

/** How an engine process ended, with the last lines it wrote to standard error. */
export interface EngineExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface RunningEngine {
  /** FerretDB's MongoDB URI, on loopback. */
  uri: string;
  port: number;
  /** The engine process; PostgreSQL's processes are its descendants. */
  pid: number;
  /** A `pg` connection string for the engine's PostgreSQL database, over its Unix socket. */
  postgresUrl: string;
  /** Settles when the engine process has exited, for whatever reason. */
  exited: Promise<EngineExit>;
  stop(): Promise<void>;
}

/** Where the app keeps the engine's PostgreSQL cluster under its DATA_DIR. */
export function engineClusterDir(dataDir: string): string {
  return path.join(dataDir, 'db', 'pg');
}

/** A `pg` connection string for the database of the engine's cluster in `dir`, over its Unix socket. */
export function postgresUrlOf(dir: string): string {
  return `postgres://${postgresRole}@/${postgresDatabase}?host=${encodeURIComponent(path.join(path.resolve(dir), socketDirName))}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

async function waitForPing(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (hasExited(child)) break;
    const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 500, directConnection: true });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 150));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  const reason = hasExited(child) ? `it exited (${child.exitCode ?? child.signalCode})` : String(lastError);
  throw new EngineSetupError(`The embedded database engine did not answer a ping: ${reason}`);
}

/**
 * Starts PostgreSQL and FerretDB on it (one engine process, tools/ferretdb) and
 * resolves once FerretDB answers a ping on loopback.
 */
export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  if (!fs.existsSync(path.join(postgresBinDir, 'postgres'))) {
    throw new EngineSetupError(
      `The embedded database engine runs on PostgreSQL 15, and ${postgresBinDir}/postgres was not found.\n` +
        '  Install it (Debian: apt-get install postgresql-15), or set MONGODB_URI\n' +
        '  to a MongoDB 7+ server to use that instead of the embedded engine.',
    );
  }
  const binary = ensureEngineBinary(options.say);
  const dir = path.resolve(options.dir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const port = options.port ?? (await freePort());

  const args = ['-listen', `127.0.0.1:${port}`, '-pgdata', dir, '-pgbin', postgresBinDir, '-watch-stdin'];
  if (process.getuid?.() === 0) args.push('-run-as', postgresUser);
  const stderr: string[] = [];
  // stdin stays a pipe: the engine exits when it closes, so it dies with us. A process group of
  // its own keeps a terminal's Ctrl-C from stopping it while the app still finishes requests.
  const child = spawn(binary, args, { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const exited = new Promise<EngineExit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, output: stderr.join('').trim() })),
  );

  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    // The first start runs initdb, and a start after a crash replays PostgreSQL's log.
    await waitForPing(uri, child, 150_000);
  } catch (err) {
    child.kill('SIGKILL');
    const detail = stderr.join('').trim();
    throw new EngineSetupError(`${(err as Error).message}${detail ? `\n${detail}` : ''}`);
  }

  return {
    uri,
    port,
    pid: child.pid!,
    postgresUrl: postgresUrlOf(dir),
    exited,
    async stop() {
      if (hasExited(child)) return;
      child.kill('SIGTERM');
      // Past this, PostgreSQL's shutdown checkpoint is cut short; it dies with the engine and recovers on the next start.
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
