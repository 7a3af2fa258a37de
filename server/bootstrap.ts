import { ConfigError, loadConfig, type Config } from './config';
import { EngineSetupError } from './db/engine-binary';
import { openDatabase, type OpenDatabase } from './db/open';

/** Errors whose message is the whole story: printed without a stack trace. */
function isExpected(err: unknown): err is Error {
  return err instanceof ConfigError || err instanceof EngineSetupError;
}

/** Loads the configuration and opens the database, or explains in one message why it cannot. */
export async function bootstrap(): Promise<{ config: Config; db: OpenDatabase }> {
  try {
    const config = loadConfig();
    const db = await openDatabase(config);
    return { config, db };
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
