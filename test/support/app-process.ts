import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../server/db/embedded-engine';
import { rootDir } from '../../server/paths';

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface AppProcess {
  url: string;
  port: number;
  pid: number;
  /** DATA_DIR: the engine's PostgreSQL cluster is `db/pg` in it. */
  dataDir: string;
  /** The app's JSON log lines so far. */
  logs(): LogLine[];
  /** Writes everything the app printed to test-artifacts/NAME.log, for a failed test; returns the path. */
  saveOutput(name: string): string;
  /** Settles when the app process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM (if still running) and waits for the exit; removes the data directory. */
  dispose(): Promise<void>;
}

export interface EngineProcess {
  pid: number;
  port: number;
  uri: string;
  /** The PostgreSQL server under it, from its lock file. */
  postmasterPid: number;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the app as the server does in production (server/index.ts, its own embedded engine
 * in a new temporary DATA_DIR, no demo data) in a process of its own, and resolves once
 * /healthz answers 200.
 */
export async function startAppProcess(env: Record<string, string> = {}): Promise<AppProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bth-app-'));
  // PostgreSQL runs as another user when the tests run as root: it must enter the directory.
  fs.chmodSync(dataDir, 0o711);
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(rootDir, 'server', 'index.ts')], {
    cwd: rootDir,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: 'never',
      LOG_LEVEL: 'info',
      SESSION_SECRET: 'app-process-secret-that-is-long-enough',
      MONGODB_URI: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const output: string[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const text = partial + chunk;
    const complete = text.split('\n');
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
  const url = `http://127.0.0.1:${port}`;

  const app: AppProcess = {
    url,
    port,
    pid: child.pid!,
    dataDir,
    logs: () => lines,
    saveOutput(name) {
      const file = path.join(rootDir, 'test-artifacts', `${name}.log`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, output.join('\n'));
      return file;
    },
    exited,
    async dispose() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    const ready = await fetch(`${url}/healthz`).then(
      (res) => res.status === 200,
      () => false,
    );
    if (ready) return app;
    if (child.exitCode !== null || Date.now() > deadline) {
      await app.dispose();
      throw new Error(`the app did not start:\n${output.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The engine the app runs now: its child process named ferretdb, and the port it listens on. */
export function engineOf(app: AppProcess): EngineProcess {
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
    const lockFile = path.join(app.dataDir, 'db', 'pg', 'postmaster.pid');
    const postmasterPid = Number(fs.readFileSync(lockFile, 'utf8').split('\n')[0]);
    return { pid: Number(entry), port, uri: `mongodb://127.0.0.1:${port}/`, postmasterPid };
  }
  throw new Error(`the app (process ${app.pid}) runs no engine`);
}
