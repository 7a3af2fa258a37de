import { ConfigError, loadConfig, type Config } from './config';
import { EngineSetupError } from './db/engine-binary';
import { openDatabase, type OpenDatabase } from './db/open';
import { createLogger, type Logger } from './logger';

/** Errors whose message is the whole story: printed without a stack trace. */
function isExpected(err: unknown): err is Error {
  return err instanceof ConfigError || err instanceof EngineSetupError;
}

/**
 * Loads the configuration and opens the database, or explains in one message why it cannot.
 * `onEngineGaveUp`: the embedded engine kept failing and will not be restarted again.
 */
export async function bootstrap(
  onEngineGaveUp: () => void,
): Promise<{ config: Config; logger: Logger; db: OpenDatabase }> {
  try {
    const config = loadConfig();
    const logger = createLogger(config.logLevel);
    const db = await openDatabase(config, { logger, onEngineGaveUp });
    return { config, logger, db };
  } catch (err) {
    if (isExpected(err)) {
      console.error(`\n${err.message}\n`);
      process.exit(1);
    }
    if (err instanceof Error && err.name === 'MongooseServerSelectionError') {
      console.error(`\nCould not reach the database at MONGODB_URI: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}
