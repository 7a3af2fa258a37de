import { parseArgs } from 'node:util';

/** How much programme to generate: the three named sizes, or a custom one from flags. */
export interface Size {
  name: string;
  courses: number;
  trainees: number;
  enrollments: number;
}

export const sizes: Record<string, Size> = {
  pilot: { name: 'pilot', courses: 40, trainees: 400, enrollments: 1_000 },
  'five-years': { name: 'five-years', courses: 400, trainees: 8_000, enrollments: 25_000 },
  stress: { name: 'stress', courses: 1_000, trainees: 30_000, enrollments: 100_000 },
};

export interface BenchOptions {
  size: Size;
  out?: string;
  connections: number[];
  seconds: number;
  /** Applicants and seats of the enrolment burst. */
  applicants: number;
  seats: number;
  /** Timed sequential requests per export. */
  exports: number;
  /** Generate the data, report counts and time, and stop (no server, no load). */
  generateOnly: boolean;
  /** Load only the pages whose names contain one of these words, and skip the exports and the burst. */
  only?: string[];
  /** Only the enrolment burst: no ceiling, pages or exports. */
  burstOnly: boolean;
  seed: number;
  /** Where the app's process writes a V8 CPU profile when it stops (`--cpu-prof`), to see where a page's time goes. */
  profileDir?: string;
}

export const usage = `npm run bench -- <pilot|five-years|stress> [--out FILE.json] [--connections 10,50] [--seconds N]
  [--courses N --trainees N --enrollments N]   override the size (e.g. a tiny custom run)
  [--applicants 1000 --seats 100]               the enrolment burst
  [--exports 3]                                 sequential requests per city export
  [--only catalog,home]                         only the pages whose names contain one of these words; no exports, no burst
  [--burst-only]                                only the enrolment burst
  [--generate-only] [--seed 42]
  [--profile DIR]                               the app writes a CPU profile (.cpuprofile) into DIR when it stops`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not "${value}"\n${usage}`);
  return n;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      connections: { type: 'string', default: '10,50' },
      seconds: { type: 'string' },
      courses: { type: 'string' },
      trainees: { type: 'string' },
      enrollments: { type: 'string' },
      applicants: { type: 'string' },
      seats: { type: 'string' },
      exports: { type: 'string' },
      'generate-only': { type: 'boolean', default: false },
      only: { type: 'string' },
      'burst-only': { type: 'boolean', default: false },
      seed: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const base = sizes[positionals[0] ?? ''];
  if (!base || positionals.length > 1) throw new Error(`Name one size.\n${usage}`);
  const custom = values.courses !== undefined || values.trainees !== undefined || values.enrollments !== undefined;
  const size: Size = {
    name: custom ? `${base.name} (custom)` : base.name,
    courses: positive('courses', values.courses, base.courses),
    trainees: positive('trainees', values.trainees, base.trainees),
    enrollments: positive('enrollments', values.enrollments, base.enrollments),
  };
  const connections = values.connections.split(',').map((c) => positive('connections', c.trim(), 10));
  const applicants = positive('applicants', values.applicants, 1_000);
  const seats = positive('seats', values.seats, 100);
  if (seats >= applicants) throw new Error('--seats must be fewer than --applicants, or the burst tests nothing');
  return {
    size,
    out: values.out,
    connections,
    seconds: positive('seconds', values.seconds, 10),
    applicants,
    seats,
    exports: positive('exports', values.exports, 3),
    generateOnly: values['generate-only'],
    only: values.only?.split(',').map((word) => word.trim()),
    burstOnly: values['burst-only'],
    seed: positive('seed', values.seed, 42),
    profileDir: values.profile,
  };
}
