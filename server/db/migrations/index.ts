import { auditDays } from './001-audit-days';
import { lastActiveDays } from './002-last-active-days';
import { changesFeedKeys } from './003-changes-feed-keys';
import { runOnce, type Migration } from './run-once';

/**
 * The start-up migrations, in the order they run: each gives records of earlier versions what later
 * versions keep, once (run-once.ts). A new one is the next numbered file here, added at the end.
 */
export const migrations: readonly Migration[] = [auditDays, lastActiveDays, changesFeedKeys];

/** Runs one migration unless it has finished before; how many records it changed (0 when it had). */
export function runMigration({ name, migrate }: Migration): Promise<number> {
  return runOnce(name, migrate);
}

/** Runs every migration in order, at start (server/seed/index.ts). */
export async function runMigrations(): Promise<void> {
  for (const migration of migrations) await runMigration(migration);
}
