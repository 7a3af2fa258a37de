import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { postgresBinDir, postgresUrlOf, postgresUser, startEngine } from './embedded-engine';
import { collectionTables } from './engine-indexes';

/*
 * Backups of the embedded engine are PostgreSQL archives (pg_dump's custom format) of the
 * database in which FerretDB keeps every MongoDB database as a schema: the collections' tables,
 * FerretDB's metadata tables that map collections to tables, and all indexes. pg_dump reads one
 * snapshot, so a backup taken while the app writes is still consistent.
 */

/** A failure whose message tells the operator what happened and what to do: printed without a stack. */
export class BackupError extends Error {}

export interface DatabaseCount {
  /** The MongoDB database name (a PostgreSQL schema). */
  name: string;
  collections: number;
  documents: number;
}

interface ClusterOptions {
  /** The engine's PostgreSQL cluster directory (DATA_DIR/db/pg). */
  clusterDir: string;
  /** Where pg_dump and pg_restore are found. */
  binDir?: string;
  say?: (line: string) => void;
}

export interface BackupOptions extends ClusterOptions {
  file: string;
}

export interface BackupResult {
  file: string;
  bytes: number;
  databases: DatabaseCount[];
  /** Whether the engine was started for the backup (it was not running). */
  startedEngine: boolean;
}

export interface RestoreOptions extends ClusterOptions {
  file: string;
  /** Move a cluster already in `clusterDir` aside instead of refusing. */
  force?: boolean;
}

export interface RestoreResult {
  databases: DatabaseCount[];
  /** Where the cluster that was in the way went, when `force` moved one. */
  movedAside?: string;
}

/** `2026-11-25T150933Z`: sorts by time, and holds no character that a file system or a shell minds. */
function timestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '');
}

/** DATA_DIR/backups/battery-talent-hub-<UTC time>.dump */
export function defaultBackupFile(dataDir: string, now = new Date()): string {
  return path.join(dataDir, 'backups', `battery-talent-hub-${timestamp(now)}.dump`);
}

function program(binDir: string, name: 'pg_dump' | 'pg_restore'): string {
  const file = path.join(binDir, name);
  if (!fs.existsSync(file)) {
    throw new BackupError(
      `${name} was not found in ${binDir}.\n` +
        "  Backups of the embedded engine use PostgreSQL 15's own tools: install them (Debian: apt-get install postgresql-15).",
    );
  }
  return file;
}

/** Runs a PostgreSQL program to completion; its error output becomes the rejection's message. */
function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out).toString());
      else
        reject(
          new Error(
            Buffer.concat(err).toString().trim() ||
              `${path.basename(file)} ended with ${signal ?? `exit code ${code}`}`,
          ),
        );
    });
  });
}

const runAsAppUser = 'Run the command as the user that runs the app (root when the app runs as root).';

function notReachable(clusterDir: string): BackupError {
  return new BackupError(`This user cannot reach the database in ${clusterDir}.\n  ${runAsAppUser}`);
}

/** Whether `clusterDir` holds a PostgreSQL cluster. */
function hasCluster(clusterDir: string): boolean {
  try {
    fs.statSync(path.join(clusterDir, 'PG_VERSION'));
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES') throw notReachable(clusterDir);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw err;
  }
}

/** True when the cluster's PostgreSQL answers on its socket: the app (or another tool) has the engine running. */
export async function isRunning(clusterDir: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: postgresUrlOf(clusterDir), connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED') return false;
    if (code === 'EACCES') throw notReachable(clusterDir);
    throw new BackupError(`The database in ${clusterDir} did not answer: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The engine runs PostgreSQL as this process's user, or as `postgres` when that is root, and gives
 * it the cluster directory. Starting it on a cluster that belongs to someone else would take the
 * directory away from its owner and still fail, so that is refused.
 */
function checkOwner(clusterDir: string): void {
  const owner = fs.statSync(clusterDir).uid;
  const me = process.getuid?.();
  if (me === undefined) return;
  const runsAs = me === 0 ? Number(spawnSync('id', ['-u', postgresUser], { encoding: 'utf8' }).stdout.trim()) : me;
  if (owner !== runsAs) {
    throw new BackupError(
      `The database in ${clusterDir} belongs to another user (uid ${owner}) than the one PostgreSQL would run as here (uid ${runsAs}).\n` +
        `  ${runAsAppUser}`,
    );
  }
}

/** The FerretDB databases in the cluster, with their collections' document counts. */
async function countDocuments(client: pg.ClientBase): Promise<DatabaseCount[]> {
  const { rows } = await client.query<{ schema: string }>(
    `SELECT schemaname AS schema FROM pg_tables WHERE tablename = '_ferretdb_database_metadata' ORDER BY 1`,
  );
  const counts: DatabaseCount[] = [];
  for (const { schema } of rows) {
    const tables = await collectionTables(client, schema);
    let documents = 0;
    for (const table of tables.values()) {
      const result = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`,
      );
      documents += result.rows[0]!.n;
    }
    counts.push({ name: schema, collections: tables.size, documents });
  }
  return counts;
}

async function withClient<T>(postgresUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Dumps the database to `out`, and counts what the dump holds: both read one exported snapshot. */
function dumpSnapshot(pgDump: string, postgresUrl: string, out: string): Promise<DatabaseCount[]> {
  return withClient(postgresUrl, async (client) => {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await client.query<{ snapshot: string }>('SELECT pg_export_snapshot() AS snapshot');
    try {
      await run(pgDump, [
        '--format=custom',
        `--snapshot=${rows[0]!.snapshot}`,
        `--file=${out}`,
        `--dbname=${postgresUrl}`,
      ]);
    } catch (err) {
      throw new BackupError(`pg_dump failed: ${(err as Error).message}`);
    }
    const counts = await countDocuments(client);
    await client.query('COMMIT');
    return counts;
  });
}

/**
 * Writes a consistent backup of the engine's cluster to `file`: through the running engine's
 * socket when the app runs, else on an engine started for it and stopped after.
 */
export async function backup(options: BackupOptions): Promise<BackupResult> {
  const { clusterDir, file } = options;
  const say = options.say ?? console.log;
  const pgDump = program(options.binDir ?? postgresBinDir, 'pg_dump');
  if (!hasCluster(clusterDir)) {
    throw new BackupError(`There is no embedded database in ${clusterDir} to back up (check DATA_DIR).`);
  }
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists: name a new file, or move that one first.`);

  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // The dump holds personal data: pg_dump truncates this file rather than creating one with the umask's mode.
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, '', { mode: 0o600, flag: 'wx' });
  try {
    let databases: DatabaseCount[];
    const startedEngine = !(await isRunning(clusterDir));
    if (startedEngine) {
      checkOwner(clusterDir);
      say('The database engine is not running: starting it for the backup…');
      const engine = await startEngine({ dir: clusterDir, say });
      try {
        databases = await dumpSnapshot(pgDump, engine.postgresUrl, partial);
      } finally {
        await engine.stop();
      }
    } else {
      databases = await dumpSnapshot(pgDump, postgresUrlOf(clusterDir), partial);
    }
    fs.renameSync(partial, file);
    return { file, bytes: fs.statSync(file).size, databases, startedEngine };
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw err;
  }
}

/**
 * Checks that `file` is a whole backup of the embedded engine before anything is changed: its
 * table of contents names FerretDB's metadata, and every byte of it reads back.
 */
async function checkArchive(pgRestore: string, file: string): Promise<void> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError(`${file}: no such file.`);
  let contents: string;
  try {
    contents = await run(pgRestore, ['--list', file]);
  } catch (err) {
    throw new BackupError(
      `${file} is not a backup made by npm run backup (${(err as Error).message}). Nothing was changed.`,
    );
  }
  if (!contents.includes('_ferretdb_database_metadata')) {
    throw new BackupError(
      `${file} is a PostgreSQL archive, but not of the app's embedded database. Nothing was changed.`,
    );
  }
  try {
    await run(pgRestore, ['--file=/dev/null', file]);
  } catch (err) {
    throw new BackupError(`${file} is damaged or incomplete (${(err as Error).message}). Nothing was changed.`);
  }
}

function isEmptyDir(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length === 0;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return true;
    if (code === 'EACCES') throw notReachable(dir);
    throw err;
  }
}

/** Makes way for the restored cluster; returns where a cluster in the way was moved. */
async function clearTarget(clusterDir: string, force: boolean): Promise<string | undefined> {
  if (isEmptyDir(clusterDir)) return undefined;
  if (!force) {
    throw new BackupError(
      `${clusterDir} is not empty: it holds a database, which a restore would replace. Nothing was changed.\n` +
        `  To replace it, stop the app and run again with --force (npm run restore -- FILE --force):\n` +
        `  the current one is then moved to ${clusterDir}.replaced-<time>.`,
    );
  }
  if (await isRunning(clusterDir)) {
    throw new BackupError(
      `The database in ${clusterDir} is in use: stop the app before restoring over it. Nothing was changed.`,
    );
  }
  const aside = `${clusterDir}.replaced-${timestamp(new Date())}`;
  fs.renameSync(clusterDir, aside);
  return aside;
}

/**
 * Restores a backup into an empty cluster directory, on an engine started for it and stopped
 * after. On failure the directory is left as it was found (a moved cluster is moved back).
 */
export async function restore(options: RestoreOptions): Promise<RestoreResult> {
  const { clusterDir, file } = options;
  const pgRestore = program(options.binDir ?? postgresBinDir, 'pg_restore');
  await checkArchive(pgRestore, file);
  const movedAside = await clearTarget(clusterDir, options.force ?? false);
  try {
    const engine = await startEngine({ dir: clusterDir, say: options.say });
    try {
      try {
        // One transaction: a restore that fails part-way leaves nothing behind.
        await run(pgRestore, ['--exit-on-error', '--single-transaction', `--dbname=${engine.postgresUrl}`, file]);
      } catch (err) {
        throw new BackupError(`pg_restore failed: ${(err as Error).message}`);
      }
      const databases = await withClient(engine.postgresUrl, countDocuments);
      return { databases, movedAside };
    } finally {
      await engine.stop();
    }
  } catch (err) {
    fs.rmSync(clusterDir, { recursive: true, force: true });
    if (movedAside) fs.renameSync(movedAside, clusterDir);
    throw err;
  }
}
