import fs from 'node:fs';
import type { FeedFigures } from './changes-feed';
import type { BurstFigures } from './enroll-burst';
import type { ExportFigures } from './exports';
import type { LoadFigures } from './load';
import type { MemoryFigures } from './memory';
import type { Size } from './sizes';

export interface PageResult {
  name: string;
  /** The body check made before loading the page. */
  check: string;
  /** Each run, with its ratio to the ceiling at the same connections and how long the engine took to go quiet before it. */
  runs: (LoadFigures & {
    ratioToCeiling: number;
    settledBeforeSeconds: number;
    commandsPerRequest?: number;
    /** CPU milliseconds per request: the app's process, and the engine's (FerretDB and PostgreSQL). */
    cpuMsPerRequest?: { app: number; engine: number };
  })[];
}

export interface BenchReport {
  size: Size;
  seed: number;
  counts: Record<string, number>;
  generationSeconds: number;
  /** loadAverage: os.loadavg() when the run ended; well above `cores` means other work shared the machine. */
  machine: { cores: number; cpu: string; memoryGb: number; platform: string; loadAverage: number[] };
  date: string;
  node: string;
  engine: string;
  secondsPerScenario: number;
  ceiling: LoadFigures[];
  pages: PageResult[];
  exports: ExportFigures[];
  /** The whole changes feed read from the beginning; absent when `--only` left it out. */
  feed?: FeedFigures | { failed: string };
  burst: BurstFigures | { failed: string } | { skipped: string };
  memory: MemoryFigures;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))].join(
    '\n',
  );
}

const pct = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/** The whole run as text: one line per page and connection count, then exports, the burst and memory. */
export function formatReport(report: BenchReport): string {
  // With no request finished inside the run, autocannon's latencies are zeros: show them as unknown.
  const ms = (f: LoadFigures, v: number) => (f.requests === 0 ? `> ${report.secondsPerScenario * 1000}` : String(v));
  const load = (
    name: string,
    f: LoadFigures & { commandsPerRequest?: number; cpuMsPerRequest?: { app: number; engine: number } },
    ratio: string,
    check: string,
  ) => [
    name,
    String(f.connections),
    String(f.rps),
    String(f.requests),
    ms(f, f.p50),
    ms(f, f.p90),
    ms(f, f.p99),
    ms(f, f.max),
    String(f.non2xx),
    String(f.errors + f.timeouts),
    ratio,
    f.commandsPerRequest === undefined ? '' : String(f.commandsPerRequest),
    f.cpuMsPerRequest ? `${f.cpuMsPerRequest.app} / ${f.cpuMsPerRequest.engine}` : '',
    check,
  ];
  const rows = [
    ...report.ceiling.map((f) => load('framework ceiling (bare Express+hbs)', f, '100%', '')),
    ...report.pages.flatMap((p) => p.runs.map((f) => load(p.name, f, pct(f.ratioToCeiling), p.check))),
  ];
  const lines = [
    `Battery Talent Hub benchmark, ${report.size.name}: ${Object.entries(report.counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
    `generated in ${report.generationSeconds} s · ${report.machine.cores} cores (${report.machine.cpu}, load ${report.machine.loadAverage.join(' ')}) · node ${report.node} · ${report.engine} · ${report.date}`,
    `${report.secondsPerScenario} s per scenario; latencies in ms; errors include timeouts (> 10 s)`,
    '',
    table(
      [
        'scenario',
        'conns',
        'req/s',
        'done',
        'p50',
        'p90',
        'p99',
        'max',
        'non2xx',
        'errors',
        'of ceiling',
        'cmds/req',
        'CPU-ms app / engine',
        'body check',
      ],
      rows,
    ),
    '',
    table(
      ['export (sequential)', 'runs', 'p50 ms', 'max ms', 'bytes', 'non2xx', 'errors', 'check'],
      report.exports.map((e) => [
        e.name,
        String(e.runs),
        String(e.p50),
        String(e.max),
        String(e.bytes),
        String(e.non2xx),
        String(e.errors),
        e.check,
      ]),
    ),
  ];
  const f = report.feed;
  if (f && 'failed' in f) lines.push('', `changes feed: FAILED: ${f.failed}`);
  else if (f)
    lines.push(
      '',
      `changes feed, read whole from the beginning: ${f.changes} changes in ${f.pages} pages, ${f.seconds} s (slowest page ${f.slowestPageMs} ms), non2xx ${f.non2xx} ${f.check}`,
    );
  const b = report.burst;
  if ('skipped' in b) lines.push('', `burst: not run (${b.skipped})`);
  else if ('failed' in b) lines.push('', `burst: FAILED before measuring: ${b.failed}`);
  else {
    lines.push(
      '',
      `burst: ${b.applicants} simultaneous applications for ${b.seats} seats, all in ${b.seconds} s (sign-in beforehand ${b.signInSeconds} s)`,
      `  latency p50 ${b.p50} ms, p90 ${b.p90} ms, p99 ${b.p99} ms, max ${b.max} ms; answered ${b.answered} (${Object.entries(
        b.statuses,
      )
        .map(([k, v]) => `${v}× ${k}`)
        .join(', ')}), non-303 ${b.non303}, unanswered ${b.unanswered}, overbooked ${b.overbooked}`,
      `  engine commands per application: ${b.commandsPerApplication} (${Object.entries(b.commandKinds)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')})`,
      `  with the work that follows the answers: ${b.commandsWithFollowUp} per application (then: ${Object.entries(
        b.followUpKinds,
      )
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')})`,
      `  ${b.check}`,
    );
  }
  const m = report.memory;
  lines.push(
    '',
    `memory (PSS): app process ${m.appRssMb} MB, peak ${m.appPeakRssMb} MB; engine with its PostgreSQL ${m.engineRssMb} MB, peak ${m.enginePeakRssMb} MB`,
  );
  return lines.join('\n');
}

export function writeReport(file: string, report: BenchReport): void {
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
