import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { engineSourceDir } from '../paths';

export class EngineSetupError extends Error {}

const binaryPath = path.join(engineSourceDir, 'bin', 'ferretdb');

function isStale(): boolean {
  if (!fs.existsSync(binaryPath)) return true;
  const built = fs.statSync(binaryPath).mtimeMs;
  return fs
    .readdirSync(engineSourceDir)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .some((f) => fs.statSync(path.join(engineSourceDir, f)).mtimeMs > built);
}

/**
 * Returns the path of the embedded engine, building it from tools/ferretdb with
 * the Go toolchain when it is missing or older than its sources.
 */
export function ensureEngineBinary(say: (line: string) => void = console.log): string {
  if (!isStale()) return binaryPath;

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new EngineSetupError(
      'The embedded database engine is built with Go, and no Go toolchain was found.\n' +
        '  Install Go 1.24 or newer (Debian: apt-get install golang), or set MONGODB_URI\n' +
        '  to a MongoDB 7+ server to use that instead of the embedded engine.',
    );
  }

  say(
    'Building the embedded database engine (FerretDB for PostgreSQL) — a one-time step that takes a minute or two...',
  );
  const started = Date.now();
  // ferretdb_no_sqlite leaves FerretDB's SQLite backend out: the engine runs on PostgreSQL only.
  const build = spawnSync('go', ['build', '-trimpath', '-tags', 'ferretdb_no_sqlite', '-o', binaryPath, '.'], {
    cwd: engineSourceDir,
    encoding: 'utf8',
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  if (build.status !== 0) {
    const tail = `${build.stderr ?? ''}${build.stdout ?? ''}`.trim().split('\n').slice(-15).join('\n  ');
    throw new EngineSetupError(
      `Building the embedded database engine failed (go build in tools/ferretdb):\n  ${tail}\n` +
        '  Check that the Go module proxy is reachable, or set MONGODB_URI to a MongoDB 7+ server.',
    );
  }
  say(`Embedded database engine built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return binaryPath;
}
