import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { engineClusterDir, freePort, postgresUrlOf } from '../../server/db/embedded-engine';
import { rootDir } from '../../server/paths';

export interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

/** One app instance as production runs it: `server/index.ts` in a Node process of its own. */
export interface AppProcess {
  name: string;
  baseUrl: string;
  port: number;
  pid: number;
  /** Its log so far, one parsed JSON line each (pino). */
  logs(): LogLine[];
  /** Writes everything it printed to test-artifacts/NAME.log, for a failed test; returns the path. */
  saveOutput(name: string): string;
  /** Settles when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Stops it as a process manager would (SIGTERM, SIGKILL after 15 s) and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** An instance on an embedded engine of its own. */
export interface AppOnOwnEngine extends AppProcess {
  /** Its DATA_DIR: the engine's PostgreSQL cluster is `db/pg` in it. */
  dataDir: string;
  /** Stops it and removes its data directory. */
  dispose(): Promise<void>;
}

export interface EngineProcess {
  pid: number;
  port: number;
  uri: string;
  /** The PostgreSQL server under it, from its lock file. */
  postmasterPid: number;
  /**
   * Its PostgreSQL, over the cluster's socket (the same after a restart). A test process that
   * writes while the app runs connects with it, as every instance does, so that the change channel
   * tells the app: the app holds its caches' versions while it listens, and would not see a write
   * that nobody told it of.
   */
  postgresUrl: string;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `server/index.ts` with `env` on a free port and resolves once /healthz answers 200. */
async function launch(name: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('server', 'index.ts')], {
    cwd: rootDir,
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), SEED_DEMO: 'never', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const lines: LogLine[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const complete = (partial + chunk).split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      output.push(line);
      if (line.startsWith('{')) lines.push(JSON.parse(line) as LogLine);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => output.push(chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const running = () => child.exitCode === null && child.signalCode === null;

  const app: AppProcess = {
    name,
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    logs: () => lines,
    saveOutput(file) {
      const saved = path.join(rootDir, 'test-artifacts', `${file}.log`);
      fs.mkdirSync(path.dirname(saved), { recursive: true });
      fs.writeFileSync(saved, output.join('\n'));
      return saved;
    },
    exited,
    async stop() {
      if (running()) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return (await exited).code;
      } finally {
        clearTimeout(timer);
      }
    },
  };

  // The first start of an embedded engine runs initdb: on a busy machine that takes a while.
  for (const deadline = Date.now() + 120_000; ; await new Promise((r) => setTimeout(r, 200))) {
    if (!running() || Date.now() > deadline) {
      await app.stop();
      throw new Error(`instance ${name} did not answer /healthz:\n${output.join('\n')}`);
    }
    const ok = await fetch(`${app.baseUrl}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) return app;
  }
}

/**
 * Starts the app against the database at `mongodbUri`, with `env` added. It shares nothing with
 * the test process or other instances but the database.
 */
export function startAppProcess(
  name: string,
  mongodbUri: string,
  env: Record<string, string> = {},
): Promise<AppProcess> {
  return launch(name, { MONGODB_URI: mongodbUri, ...env });
}

/**
 * Starts the app as a server does without MONGODB_URI: on its own embedded engine, in a new
 * temporary DATA_DIR, with info-level logs.
 */
export async function startAppOnOwnEngine(env: Record<string, string> = {}): Promise<AppOnOwnEngine> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-app-'));
  // PostgreSQL runs as another user when the tests run as root: it must enter the directory.
  fs.chmodSync(dataDir, 0o711);
  const app = await launch('own-engine', {
    DATA_DIR: dataDir,
    MONGODB_URI: '',
    LOG_LEVEL: 'info',
    SESSION_SECRET: 'app-process-secret-that-is-long-enough',
    ...env,
  }).catch((err: unknown) => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return {
    ...app,
    dataDir,
    async dispose() {
      await app.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The engine the app runs now: its child process named ferretdb, and the port it listens on. */
export function engineOf(app: AppOnOwnEngine): EngineProcess {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid ...
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (comm !== 'ferretdb' || ppid !== app.pid) continue;
    const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    const port = Number(args[args.indexOf('-listen') + 1]?.split(':')[1]);
    const cluster = engineClusterDir(app.dataDir);
    const postmasterPid = Number(fs.readFileSync(path.join(cluster, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return {
      pid: Number(entry),
      port,
      uri: `mongodb://127.0.0.1:${port}/`,
      postmasterPid,
      postgresUrl: postgresUrlOf(cluster),
    };
  }
  throw new Error(`the app (process ${app.pid}) runs no engine`);
}
