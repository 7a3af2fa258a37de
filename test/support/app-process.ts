import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../../server/db/embedded-engine';
import { rootDir } from '../../server/paths';

/** One app instance as production runs it: `server/index.ts` in a Node process of its own. */
export interface AppProcess {
  name: string;
  baseUrl: string;
  /** Its log so far, one parsed JSON line each (pino). */
  logs(): Record<string, unknown>[];
  /** Stops it as a process manager would (SIGTERM) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Starts the app against the database at `mongodbUri`, with `env` added, and resolves once it
 * answers /healthz. It shares nothing with the test process or other instances but the database.
 */
export async function startAppProcess(name: string, mongodbUri: string, env: Record<string, string> = {}): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: rootDir,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), MONGODB_URI: mongodbUri, SEED_DEMO: 'never', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 200))) {
    if (child.exitCode !== null) throw new Error(`instance ${name} exited (${child.exitCode}):\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`instance ${name} did not answer /healthz:\n${output}`);
    }
    const ok = await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
  }
  return {
    name,
    baseUrl,
    logs: () =>
      output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      const code = exited(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await code;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
