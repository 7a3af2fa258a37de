import type { ExportTarget } from './exports';
import type { LoadTarget } from './load';
import { benchPassword, type Generated } from './generate';
import { Prng } from './prng';
import { signIn, viaTls } from './session';

/** One page to load, and what its body must contain to count as the real page. */
export interface PageScenario {
  name: string;
  target: LoadTarget;
  /** A marker and how many times at least it must appear in the first response. */
  expect: { marker: string; atLeast: number };
}

/** Counts a marker in a body: a sanity check that a page is the real thing, not an error page. */
export function occurrences(body: string, marker: string): number {
  return body.split(marker).length - 1;
}

const card = 'class="card course-card"';

function headersFor(cookie?: string): Record<string, string> {
  return { ...viaTls, ...(cookie ? { cookie } : {}) };
}

/** The pages people open most, as the people who open them. */
export async function pageScenarios(baseUrl: string, data: Generated, seed: number): Promise<PageScenario[]> {
  const r = new Prng(seed);
  const randomCourse = () => `/courses/${r.pick(data.publicCourseIds)}`;
  const trainee = await signIn(baseUrl, data.busyTrainee.email, benchPassword);
  const city = await signIn(baseUrl, data.cityEmail, benchPassword);
  const roster = data.rosters[0]!;
  const staff = await signIn(baseUrl, roster.staffEmail, benchPassword);
  const page = (path: string, cookie?: string): LoadTarget => ({ url: baseUrl, path, headers: headersFor(cookie) });
  const { university, track } = data.openFilter;
  return [
    { name: 'home /', target: page('/'), expect: { marker: card, atLeast: 1 } },
    { name: 'catalog /courses', target: page('/courses'), expect: { marker: card, atLeast: 12 } },
    {
      name: 'catalog filtered',
      target: page(`/courses?university=${university}&track=${track}&open=1`),
      expect: { marker: card, atLeast: 1 },
    },
    {
      name: `catalog searched ?q=${data.searchTerm}`,
      target: page(`/courses?q=${encodeURIComponent(data.searchTerm)}`),
      expect: { marker: card, atLeast: 1 },
    },
    {
      name: `catalog searched, instructor ?q=${data.instructor}`,
      target: page(`/courses?q=${encodeURIComponent(data.instructor)}`),
      expect: { marker: card, atLeast: 1 },
    },
    {
      name: `catalog searched, two words ?q=${data.searchPhrase}`,
      target: page(`/courses?q=${encodeURIComponent(data.searchPhrase)}`),
      expect: { marker: card, atLeast: 1 },
    },
    {
      name: `catalog level, month ${data.busyMonth}, by seats left`,
      target: page(`/courses?level=beginner&month=${data.busyMonth}&sort=seats`),
      expect: { marker: card, atLeast: 1 },
    },
    {
      name: 'catalog, courses I can apply to (trainee)',
      target: page('/courses?eligible=1', trainee.cookie),
      expect: { marker: card, atLeast: 1 },
    },
    { name: 'catalog page 2', target: page('/courses?page=2'), expect: { marker: card, atLeast: 12 } },
    {
      name: 'API course list /api/v1/courses',
      target: page('/api/v1/courses?sort=start&limit=12'),
      expect: { marker: '"enrolmentOpensAt"', atLeast: 12 },
    },
    {
      name: 'course page, visitor',
      target: { url: baseUrl, nextPath: randomCourse, headers: headersFor() },
      expect: { marker: 'class="course-title"', atLeast: 1 },
    },
    {
      name: 'course page, trainee',
      target: { url: baseUrl, nextPath: randomCourse, headers: headersFor(trainee.cookie) },
      expect: { marker: 'class="course-title"', atLeast: 1 },
    },
    {
      name: `/me (${data.busyTrainee.enrollments} enrollments)`,
      target: page('/me', trainee.cookie),
      expect: { marker: 'class="card my-enrollment"', atLeast: Math.min(data.busyTrainee.enrollments, 1) },
    },
    {
      name: 'roster of 60',
      target: page(`/manage/courses/${roster.courseId}/roster`, staff.cookie),
      expect: { marker: 'data-enrollment=', atLeast: 60 },
    },
    {
      name: 'attendance grid of 60',
      target: page(`/manage/courses/${roster.courseId}/attendance`, staff.cookie),
      expect: { marker: 'data-enrollment=', atLeast: 60 },
    },
    {
      name: 'city dashboard /city',
      target: page('/city', city.cookie),
      expect: { marker: 'class="city-filters', atLeast: 1 },
    },
  ];
}

/** The city's exports, timed one request at a time (a download is one person waiting, not a crowd). */
export async function exportScenarios(baseUrl: string, data: Generated): Promise<ExportTarget[]> {
  const city = await signIn(baseUrl, data.cityEmail, benchPassword);
  return [
    {
      name: 'export /city/export.csv',
      url: `${baseUrl}/city/export.csv`,
      headers: headersFor(city.cookie),
      type: 'text/csv',
    },
    {
      name: 'export /city/export.xlsx',
      url: `${baseUrl}/city/export.xlsx`,
      headers: headersFor(city.cookie),
      type: 'spreadsheetml',
    },
  ];
}
