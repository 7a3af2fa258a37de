import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { rootDir } from '../server/paths';

export interface ServedProcess {
  url: string;
  pid: number;
  /** The commands the app has sent the engine so far, by command and collection (the app only). */
  commands(): Promise<Record<string, number>>;
  stop(): void;
}

/** Node's own options in `npm start` (the heap it may use): the app is measured as production runs it. */
function productionNodeOptions(): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const start = manifest.scripts.start ?? '';
  return start.split(/\s+/).filter((word) => word.startsWith('--'));
}

/** Starts the built bench/serve.ts (the app on a database, or the ceiling) in a Node process of its own and resolves with its address. */
export function serveInProcess(
  what: { app: { mongodbUri: string; dbName: string; postgresUrl?: string } } | 'ceiling',
  profileDir?: string,
): Promise<ServedProcess> {
  // The built JS (`npm run bench` builds it first), so that neither tsx's transpiler nor its
  // source maps are measured with the app.
  const child = fork(path.join(rootDir, 'dist', 'bench', 'serve.js'), what === 'ceiling' ? ['ceiling'] : [], {
    execArgv: [
      ...productionNodeOptions(),
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(profileDir)}`] : []),
    ],
    env:
      what === 'ceiling'
        ? process.env
        : {
            ...process.env,
            BENCH_MONGODB_URI: what.app.mongodbUri,
            BENCH_DB: what.app.dbName,
            ...(what.app.postgresUrl && { BENCH_POSTGRES_URL: what.app.postgresUrl }),
          },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the app process exited with code ${code}`)));
    child.once('message', (message: { port: number }) =>
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        pid: child.pid!,
        commands: () =>
          new Promise((answer) => {
            const listen = (reply: { commands?: Record<string, number> }) => {
              if (reply.commands === undefined) return;
              child.off('message', listen);
              answer(reply.commands);
            };
            child.on('message', listen);
            child.send({ ask: 'commands' });
          }),
        stop: () => child.disconnect(),
      }),
    );
  });
}
