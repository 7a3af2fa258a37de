// npm run backup [FILE] / npm run restore -- FILE [--force]: the embedded engine's data to one file, and back.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { backup, BackupError, defaultBackupFile, restore, type DatabaseCount } from './backup';
import { engineClusterDir } from './embedded-engine';
import { EngineSetupError } from './engine-binary';

const usage = `Usage:
  npm run backup [FILE]               back up the embedded database (default: DATA_DIR/backups/battery-talent-hub-<UTC time>.dump)
  npm run restore -- FILE [--force]   restore FILE into an empty DATA_DIR/db/pg (--force moves a database in the way aside)`;

/** Relative to the working directory when under it, else absolute. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : path.resolve(file);
}

/** npm runs scripts in the project root; a relative FILE means one in the directory the command was typed in. */
function fromCaller(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

function describe(databases: DatabaseCount[]): string {
  if (databases.length === 0) return '  (no databases)';
  return databases
    .map((d) => `  ${d.name}: ${d.collections} collections, ${d.documents.toLocaleString('en')} documents`)
    .join('\n');
}

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function main(argv: string[]): Promise<void> {
  let args;
  try {
    args = parseArgs({ args: argv, allowPositionals: true, options: { force: { type: 'boolean', default: false } } });
  } catch (err) {
    throw new BackupError(`${(err as Error).message}\n${usage}`);
  }
  const { values, positionals } = args;
  const [command, file, ...extra] = positionals;
  if (extra.length > 0 || (command === 'backup' && values.force) || (command !== 'backup' && command !== 'restore')) {
    throw new BackupError(usage);
  }
  // Only DATA_DIR and MONGODB_URI matter here: a stand-in secret keeps loadConfig from reading or creating the app's.
  const config = loadConfig({ ...process.env, SESSION_SECRET: 'not-used-by-the-backup-commands-0123456789' });
  if (config.mongodbUri) {
    throw new BackupError(
      'MONGODB_URI is set: these commands back up the embedded engine only.\n' +
        '  Back up MongoDB with mongodump --uri "$MONGODB_URI" --archive=FILE --gzip, restore with mongorestore (docs/operations.md, "Backups").',
    );
  }
  const clusterDir = engineClusterDir(config.dataDir);

  if (command === 'backup') {
    const result = await backup({ clusterDir, file: file ? fromCaller(file) : defaultBackupFile(config.dataDir) });
    const how = result.startedEngine ? 'the engine was started for it and stopped' : 'through the running engine';
    console.log(
      `Backed up ${shown(clusterDir)} to ${shown(result.file)} (${size(result.bytes)}; ${how}):\n${describe(result.databases)}`,
    );
    return;
  }
  if (!file) throw new BackupError(`Name the backup file to restore.\n${usage}`);
  const archive = fromCaller(file);
  const result = await restore({ clusterDir, file: archive, force: values.force });
  console.log(`Restored ${shown(archive)} into ${shown(clusterDir)}:\n${describe(result.databases)}`);
  if (result.movedAside)
    console.log(
      `The database that was there is now in ${shown(result.movedAside)}; delete it once you no longer need it.`,
    );
  console.log('Start the app as usual; it opens the restored data.');
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const expected = err instanceof BackupError || err instanceof ConfigError || err instanceof EngineSetupError;
  console.error(expected ? `\n${err.message}\n` : err);
  process.exit(1);
});
