import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import mongoose from 'mongoose';
import { ensureEngineBinary, EngineSetupError } from './engine-binary';

export interface EngineOptions {
  /** Directory for the engine's SQLite files. */
  dir: string;
  /** Loopback port; a free one is picked when omitted. */
  port?: number;
  say?: (line: string) => void;
}

export interface RunningEngine {
  uri: string;
  port: number;
  stop(): Promise<void>;
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

async function waitForPing(uri: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
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
  const reason = child.exitCode !== null ? `it exited with code ${child.exitCode}` : String(lastError);
  throw new EngineSetupError(`The embedded database engine did not answer a ping: ${reason}`);
}

/** Starts FerretDB on loopback and resolves once it answers a ping. */
export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  const binary = ensureEngineBinary(options.say);
  fs.mkdirSync(options.dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const stderr: string[] = [];
  // stdin stays a pipe: the engine exits when it closes, so it dies with us.
  const child = spawn(binary, ['-listen', `127.0.0.1:${port}`, '-dir', options.dir, '-watch-stdin'], {
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const uri = `mongodb://127.0.0.1:${port}/`;
  try {
    await waitForPing(uri, child, 30_000);
  } catch (err) {
    child.kill('SIGKILL');
    const detail = stderr.join('').trim();
    throw new EngineSetupError(`${(err as Error).message}${detail ? `\n${detail}` : ''}`);
  }

  return {
    uri,
    port,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
