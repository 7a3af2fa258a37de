import path from 'node:path';
import mongoose from 'mongoose';
import '../../models';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { setEngineRunning } from './availability';
import { changeChannel } from './change-channel';
import { connectDatabase, disconnectDatabase, waitUntilReachable } from './connect';
import { engineClusterDir, startEngine } from './embedded-engine';
import { EngineSupervisor } from './engine-supervisor';

export interface OpenDatabase {
  /** Where the data lives, for the start-up message (no credentials). */
  description: string;
  /** Stops restarting the embedded engine should it exit: the app is shutting down. */
  stopRestarting(): void;
  disconnect(): Promise<void>;
  /** Stops the embedded engine, if there is one, and its PostgreSQL cleanly. */
  stopEngine(): Promise<void>;
  /** `disconnect()`, then `stopEngine()`. */
  close(): Promise<void>;
}

export interface OpenOptions {
  logger: Logger;
  say?: (line: string) => void;
  /** The embedded engine kept failing and its supervisor gave up. */
  onEngineGaveUp(): void;
}

/**
 * Connects to MONGODB_URI, or starts the embedded engine on ./data when it is unset and keeps
 * it running (see EngineSupervisor). Either way, losing and regaining the connection is logged.
 */
export async function openDatabase(
  config: Config,
  { logger, say = console.log, onEngineGaveUp }: OpenOptions,
): Promise<OpenDatabase> {
  let supervisor: EngineSupervisor | undefined;
  let uri = config.mongodbUri;
  let description = 'MONGODB_URI';
  if (!uri) {
    // DATA_DIR/db held the SQLite files of earlier versions; they are left as they are.
    const dir = engineClusterDir(config.dataDir);
    const engine = await startEngine({ dir, say });
    supervisor = new EngineSupervisor(engine, {
      engine: { dir, port: engine.port },
      logger,
      onExit: () => setEngineRunning(false),
      onRestart: async (signal) => {
        await waitUntilReachable(signal);
        setEngineRunning(true);
      },
      onGiveUp: onEngineGaveUp,
    });
    uri = engine.uri;
    description = `embedded FerretDB on PostgreSQL in ${path.relative(process.cwd(), dir) || dir}`;
  }
  try {
    await connectDatabase(
      uri,
      supervisor ? 'battery_talent_hub' : undefined,
      supervisor?.current.postgresUrl ?? config.ferretdbPostgresUrl,
      config.dbPoolSize,
    );
  } catch (err) {
    await supervisor?.stop();
    throw err;
  }

  const lost = () => logger.warn('lost the database connection; pages that need it answer 503 until it is back');
  const restored = () => logger.info('database connection restored');
  mongoose.connection.on('disconnected', lost);
  mongoose.connection.on('reconnected', restored);
  const channelLost = (err?: unknown) =>
    err && logger.warn({ err }, 'lost the change channel; sign-in is read from the database until it is back');
  const channelBack = () => logger.info('change channel listening again');
  changeChannel.on('down', channelLost);
  changeChannel.on('up', channelBack);

  const database: OpenDatabase = {
    description,
    stopRestarting: () => supervisor?.stopRestarting(),
    async disconnect() {
      mongoose.connection.off('disconnected', lost);
      mongoose.connection.off('reconnected', restored);
      changeChannel.off('down', channelLost);
      changeChannel.off('up', channelBack);
      await disconnectDatabase();
    },
    stopEngine: async () => supervisor?.stop(),
    async close() {
      await database.disconnect();
      await database.stopEngine();
    },
  };
  return database;
}
