import { performance } from 'node:perf_hooks';
import { Course } from '../models/course';
import { Enrollment } from '../models/enrollment';
import { Seat } from '../models/seat';
import type { generate } from './generate';
import { signIn, viaTls, type BenchSession } from './session';

type Data = Awaited<ReturnType<typeof generate>>;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/**
 * The moment a popular course opens: `applicants` signed-in trainees apply at once for
 * `capacity` seats. Reports each application's latency and checks that capacity held.
 */
export async function enrollBurst(baseUrl: string, data: Data, applicants: number, capacity: number) {
  const template = data.courses.find((c) => c.status === 'published')!;
  const course = await Course.create({
    ...template,
    _id: undefined,
    code: `BURST-${Date.now()}`,
    capacity,
    eligibleCategories: ['student', 'job_seeker', 'employee'],
    approvalRequired: false,
  });
  const sessions: BenchSession[] = [];
  for (const trainee of data.trainees.slice(0, applicants)) sessions.push(await signIn(baseUrl, trainee.email, data.password));

  const latencies: number[] = [];
  const started = performance.now();
  const statuses = await Promise.all(
    sessions.map(async (s) => {
      const t0 = performance.now();
      const res = await fetch(`${baseUrl}/courses/${String(course._id)}/enroll`, {
        method: 'POST',
        redirect: 'manual',
        headers: { ...viaTls, cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: s.csrf }),
      });
      latencies.push(performance.now() - t0);
      return res.status;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const seats = await Seat.countDocuments({ course: course._id });
  const enrolled = await Enrollment.countDocuments({ course: course._id, status: 'enrolled' });
  const waitlisted = await Enrollment.countDocuments({ course: course._id, status: 'waitlisted' });
  return {
    scenario: `${applicants} parallel POST /courses/:id/enroll, ${capacity} seats`,
    'req/s': Math.round(applicants / seconds),
    'p50 ms': Math.round(percentile(latencies, 50)),
    'p90 ms': Math.round(percentile(latencies, 90)),
    'p99 ms': Math.round(percentile(latencies, 99)),
    'max ms': Math.round(latencies[latencies.length - 1] ?? 0),
    non2xx: statuses.filter((s) => s !== 303).length,
    errors: 0,
    check: `${seats} seats, ${enrolled} enrolled, ${waitlisted} waitlisted${seats === capacity && enrolled === capacity ? ' ✓' : ' ✗ CAPACITY BROKEN'}`,
  };
}
