// npm run check-data [-- --repair] [-- --only NAME…] [-- --list]: compares the data with the rules
// of DESIGN.md section 4 and every copy with the facts it derives from; exits 1 when they differ.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config';
import { createLogger } from '../logger';
import { allocatorsIdle } from '../services/allocation/allocator';
import { checkData, checkList, findingText, type RunReport } from '../services/integrity/run';
import { BackupError, isRunning } from './backup';
import { engineClusterDir } from './embedded-engine';
import { EngineSetupError } from './engine-binary';
import { openDatabase } from './open';

/** A reason the data could not be checked, told in one message without a stack trace. */
class CheckDataError extends Error {}

const usage = `Usage:
  npm run check-data                       check the data; exit 1 when anything differs
  npm run check-data -- --repair           repair every difference that has a repair, then check again
  npm run check-data -- --only NAME       only the named check (repeat --only for more)
  npm run check-data -- --list             name the checks and what each compares`;

/** Exit codes: nothing differs, something differs (after --repair: still, on the second look), the data could not be checked. */
const exitCodes = { clean: 0, differs: 1, failed: 2 } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function summary(report: RunReport): string {
  const { findings, checks } = report;
  if (findings.length === 0)
    return `No differences: ${plural(checks, 'check')} found the data as the rules and the facts say.`;
  const inChecks = new Set(findings.map((f) => f.difference.check)).size;
  const line = `${plural(findings.length, 'difference')} in ${inChecks} of ${plural(checks, 'check')}`;
  const repaired = findings.filter((f) => f.outcome.kind === 'repaired').length;
  if (findings.every((f) => f.outcome.kind === 'found'))
    return `${line}. \`npm run check-data -- --repair\` repairs those that have a repair.`;
  return `${line}: ${repaired} repaired, ${findings.length - repaired} not.`;
}

function failures(report: RunReport): string[] {
  return report.failures.map((f) => `[${f.check}] could not check: ${f.error}`);
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        repair: { type: 'boolean', default: false },
        only: { type: 'string', multiple: true },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new CheckDataError(`${(err as Error).message}\n${usage}`);
  }
  const { values } = args;
  if (values.help) {
    console.log(usage);
    return exitCodes.clean;
  }
  const checks = checkList();
  if (values.list) {
    for (const c of checks)
      console.log(
        `${c.name}: ${c.description}${c.repairs ? (c.safe ? ' [repaired by the periodic job]' : ' [repaired by --repair only]') : ' [reported only]'}`,
      );
    return exitCodes.clean;
  }
  const unknown = (values.only ?? []).filter((name) => !checks.some((c) => c.name === name));
  if (unknown.length) throw new CheckDataError(`No check named ${unknown.join(', ')}.\n${usage}`);

  // Only DATA_DIR and MONGODB_URI matter here: a stand-in secret keeps loadConfig from reading or creating the app's.
  const config = loadConfig({ ...process.env, SESSION_SECRET: 'not-used-by-the-check-data-command-0123456789' });
  if (!config.mongodbUri && (await isRunning(engineClusterDir(config.dataDir))))
    throw new CheckDataError(
      'The app is running on the embedded engine in DATA_DIR, which serves one process only.\n' +
        '  Its periodic job checks the data every ten minutes and logs what differs (job "check-data").\n' +
        '  Stop the app to run this command, or run it against MONGODB_URI.',
    );
  const db = await openDatabase(config, {
    logger: createLogger('error'),
    onEngineGaveUp: () => {
      console.error('\nThe database engine stopped and could not be restarted.\n');
      process.exit(exitCodes.failed);
    },
  });
  try {
    console.log(`Checking the data (database: ${db.description})…`);
    const only = values.only;
    const report = await checkData({
      repair: values.repair ? 'all' : 'none',
      by: 'data_check',
      only,
      onFinding: (finding) => console.log(findingText(finding)),
    });
    // Refills asked for by the repairs finish before the second look (and before the connection closes).
    await allocatorsIdle();
    for (const line of failures(report)) console.log(line);
    console.log(summary(report));
    if (report.failures.length) return exitCodes.failed;
    if (report.findings.length === 0) return exitCodes.clean;
    if (!values.repair) return exitCodes.differs;

    const again = await checkData({ repair: 'none', by: 'data_check', only });
    for (const finding of again.findings) console.log(findingText(finding));
    for (const line of failures(again)) console.log(line);
    console.log(
      again.findings.length
        ? `Checked again after the repairs: ${plural(again.findings.length, 'difference remains', 'differences remain')}.`
        : 'Checked again after the repairs: no differences.',
    );
    if (again.failures.length) return exitCodes.failed;
    return again.findings.length ? exitCodes.differs : exitCodes.clean;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const expected =
      err instanceof CheckDataError ||
      err instanceof ConfigError ||
      err instanceof EngineSetupError ||
      err instanceof BackupError ||
      (err instanceof Error && err.name === 'MongooseServerSelectionError');
    console.error(expected ? `\n${(err as Error).message}\n` : err);
    process.exit(exitCodes.failed);
  },
);
