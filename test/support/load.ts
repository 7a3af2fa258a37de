import { Browser, formToken, type Exchange } from './browser';
import { dayFromNow, defaultPassword, make } from './factories';
import { html } from './html';
import { useCheapPasswordHash } from './parallel-agents';

/** Statuses and paths of what the clients saw, for the test's report and assertions. */
export function tally(log: Exchange[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of log) {
    const key =
      e.status === undefined ? `no response (${e.error})` : e.complete ? String(e.status) : `${e.status} cut off`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signs in through the login form; true when the app answered the 303 that means signed in. */
export async function signIn(browser: Browser, email: string): Promise<boolean> {
  const form = await browser.get('/login');
  const token = formToken(form);
  if (form.status !== 200 || !token) return false;
  const done = await browser.post('/login', { _csrf: token, email, password: defaultPassword });
  return done.status === 303;
}

export interface Applicant {
  email: string;
  name: string;
}

/**
 * What the load needs in the database: eight trainees (six who apply, two who sign in and out)
 * and `courses` open courses, each on a day of its own so that no application clashes with
 * another in the timetable.
 */
export async function seedLoad(courses: number) {
  const people = await Promise.all(Array.from({ length: 8 }, (_v, i) => make.trainee({ name: `부하 교육생 ${i}` })));
  await useCheapPasswordHash(people.map((p) => p._id));
  const asApplicant = (p: (typeof people)[number]): Applicant => ({ email: p.email, name: p.name });
  const open = await Promise.all(
    Array.from({ length: courses }, (_v, i) => make.course({ capacity: 50, days: [dayFromNow(30 + i)] })),
  );
  return {
    applicants: people.slice(0, 6).map(asApplicant),
    churners: people.slice(6).map(asApplicant),
    trainees: people.slice(0, 6),
    courseIds: open.map((c) => String(c._id)),
  };
}

export interface LoadResult {
  /** Courses whose application the app acknowledged (303), per trainee email. */
  acknowledged: Map<string, string[]>;
  /** Things a user would have noticed beyond a 503: a lost session, a stranger's page. */
  anomalies: string[];
}

/**
 * Browser-like clients until `running()` turns false: trainees who sign in and apply to one
 * course after another (course page, then the form's POST) and look at /me; others who sign in,
 * check /me and sign out again in a loop; and a visitor reading pages, a static file and /healthz.
 * After anything but a 200 or 303 a client waits a moment and goes on.
 */
export async function runLoad(options: {
  baseUrl: string;
  log: Exchange[];
  applicants: Applicant[];
  churners: Applicant[];
  courseIds: string[];
  running: () => boolean;
}): Promise<LoadResult> {
  const { baseUrl, log, running } = options;
  const acknowledged = new Map<string, string[]>();
  const anomalies: string[] = [];
  const settled = (e: Exchange) => e.status === 200 || e.status === 303;
  const breathe = (e: Exchange) => (settled(e) ? undefined : pause(150));

  const apply = async ({ email, name }: Applicant) => {
    const browser = new Browser(baseUrl, log);
    const mine: string[] = [];
    acknowledged.set(email, mine);
    let signedIn = false;
    for (const id of options.courseIds) {
      while (running() && !signedIn) {
        signedIn = await signIn(browser, email);
        if (!signedIn) await pause(150);
      }
      let token: string | undefined;
      while (running() && !token) {
        const page = await browser.get(`/courses/${id}`);
        token = page.status === 200 ? formToken(page) : undefined;
        if (page.status === 200 && page.complete && !html(page.body)('.apply-button').length)
          anomalies.push(`${email} lost the session on /courses/${id}`);
        await breathe(page);
      }
      if (!running() || !token) break;
      const sent = await browser.post(`/courses/${id}/enroll`, { _csrf: token });
      if (sent.status === 303) mine.push(id);
      await breathe(sent);
      const me = await browser.get('/me');
      if (me.status === 200 && me.complete && html(me.body)('.user-name').text().trim() !== name)
        anomalies.push(`${email} saw someone else's /me`);
      await breathe(me);
    }
  };

  const churn = async ({ email, name }: Applicant) => {
    const browser = new Browser(baseUrl, log);
    while (running()) {
      browser.forgetCookies();
      if (!(await signIn(browser, email))) {
        await pause(150);
        continue;
      }
      const me = await browser.get('/me');
      const token = formToken(me);
      if (me.status === 200 && me.complete && html(me.body)('.user-name').text().trim() !== name)
        anomalies.push(`${email} saw someone else's /me`);
      if (me.status !== 200 || !token) {
        await pause(150);
        continue;
      }
      await breathe(await browser.post('/logout', { _csrf: token }));
    }
  };

  const visit = async () => {
    const browser = new Browser(baseUrl, log);
    while (running()) {
      for (const path of ['/login', '/courses?lang=en', '/static/css/app.css', '/healthz'])
        await breathe(await browser.get(path));
    }
  };

  await Promise.all([...options.applicants.map(apply), ...options.churners.map(churn), visit()]);
  return { acknowledged, anomalies };
}
