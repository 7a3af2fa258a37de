import path from 'node:path';
import '../../models';
import type { Config } from '../config';
import { connectDatabase, disconnectDatabase } from './connect';
import { engineClusterDir, startEngine, type RunningEngine } from './embedded-engine';

export interface OpenDatabase {
  /** Where the data lives, for the start-up message (no credentials). */
  description: string;
  close(): Promise<void>;
}

/** Connects to MONGODB_URI, or starts the embedded engine on ./data when it is unset. */
export async function openDatabase(config: Config, say: (line: string) => void = console.log): Promise<OpenDatabase> {
  let engine: RunningEngine | undefined;
  let uri = config.mongodbUri;
  let description = 'MONGODB_URI';
  if (!uri) {
    // DATA_DIR/db held the SQLite files of earlier versions; they are left as they are.
    const dir = engineClusterDir(config.dataDir);
    engine = await startEngine({ dir, say });
    uri = engine.uri;
    description = `embedded FerretDB on PostgreSQL in ${path.relative(process.cwd(), dir) || dir}`;
  }
  try {
    await connectDatabase(uri, engine ? 'battery_talent_hub' : undefined, engine?.postgresUrl ?? config.ferretdbPostgresUrl, config.dbPoolSize);
  } catch (err) {
    await engine?.stop();
    throw err;
  }
  return {
    description,
    async close() {
      await disconnectDatabase();
      await engine?.stop();
    },
  };
}
