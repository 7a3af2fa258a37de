import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import { Enrollment } from '../../../models/enrollment';
import { pseudonymOf } from '../../../server/lib/pseudonym';
import { toActor } from '../../../server/services/accounts/auth';
import { anonymiseTrainee } from '../../../server/services/accounts/anonymise';
import { createApiToken } from '../../../server/services/api-tokens/tokens';
import { commitCompletion } from '../../../server/services/completion/completion-decide';
import { applyToCourse } from '../../../server/services/applications/apply';
import { settleMs } from '../../../server/services/enrollment/changes-feed';
import {
  approveEnrollment,
  rejectEnrollment,
  withdrawEnrollment,
} from '../../../server/services/applications/application-decide';
import { testConfig, useTestApp } from '../../support/app';
import { useClock } from '../../support/clock';
import { dayFromNow, make, universityId } from '../../support/factories';
import { openApiValidator } from '../../support/openapi';

interface Change {
  type: 'enrollment' | 'trainee';
  change: string;
  id: string;
  enrollment?: string;
  course?: string;
  trainee?: string;
  status?: string;
  previousStatus?: string | null;
}
interface ChangesPage {
  items: Change[];
  nextCursor: string;
  more: boolean;
}
type Copy = Map<string, { course: string; trainee: string; status: string }>;

describe('the changes feed (/api/v1/changes) and a client that syncs from it', () => {
  const ctx = useTestApp();
  const api = openApiValidator(() => ctx.app);
  const clock = useClock();
  const { pseudonymKey } = testConfig();
  const pseudonym = (id: unknown) => pseudonymOf(pseudonymKey, String(id));

  /**
   * The sync client: reads on from `cursor` page by page while `more`, applying each change to
   * its copy, and returns where to read on from next time.
   */
  async function sync(secret: string, copy: Copy, anonymised: Set<string>, cursor?: string) {
    let after = cursor;
    let pages = 0;
    for (;;) {
      const res = await api.get(`/api/v1/changes?limit=3${after ? `&after=${after}` : ''}`, {
        Authorization: `Bearer ${secret}`,
      });
      assert.equal(res.status, 200, res.text);
      const page = res.body as ChangesPage;
      pages++;
      for (const c of page.items) {
        if (c.type === 'trainee') {
          anonymised.add(c.trainee!);
        } else if (c.change === 'created') {
          assert.ok(!copy.has(c.enrollment!), `${c.enrollment} created twice`);
          copy.set(c.enrollment!, { course: c.course!, trainee: c.trainee!, status: c.status! });
        } else {
          const held = copy.get(c.enrollment!);
          assert.ok(held, `a step of ${c.enrollment} before its creation`);
          assert.equal(held.status, c.previousStatus, `the step of ${c.enrollment} starts where the copy stands`);
          held.status = c.status!;
        }
      }
      after = page.nextCursor;
      if (!page.more) return { cursor: after, pages };
      assert.ok(pages < 200, 'the feed never ended');
    }
  }

  /** The source: every enrollment of `courses`, as the copy holds it. */
  async function source(courses: unknown[]): Promise<Copy> {
    const rows = await Enrollment.find({ course: { $in: courses } }, { course: 1, trainee: 1, status: 1 }).lean();
    return new Map(
      rows.map((e) => [String(e._id), { course: String(e.course), trainee: pseudonym(e.trainee), status: e.status }]),
    );
  }

  const only = (copy: Copy, courses: unknown[]) =>
    new Map([...copy].filter(([, e]) => courses.map(String).includes(e.course)));

  it('rebuilds a copy equal to the enrollments after applications, decisions, withdrawals, completions and an anonymisation', async () => {
    const city = toActor(await make.cityStaff());
    const { secret } = await createApiToken(city, { name: 'sync', days: 30, scopes: ['enrollments:read'] });
    const postechSecret = (
      await createApiToken(city, {
        name: 'postech sync',
        days: 30,
        scopes: ['enrollments:read'],
        university: await universityId('postech'),
      })
    ).secret;
    // Both clients first catch up with whatever happened before.
    const copy: Copy = new Map();
    const anonymised = new Set<string>();
    const postechCopy: Copy = new Map();
    let { cursor } = await sync(secret, copy, anonymised);
    let postechCursor = (await sync(postechSecret, postechCopy, new Set())).cursor;

    const popular = await make.course({ capacity: 2, days: [dayFromNow(30)] });
    const approval = await make.course({ approvalRequired: true, university: 'knu', days: [dayFromNow(40)] });
    const finishing = await make.course({ days: [dayFromNow(50)] });
    const courses = [popular._id, approval._id, finishing._id];
    const trainees = await Promise.all([0, 1, 2, 3].map(() => make.trainee()));
    const actors = trainees.map((t) => toActor(t));
    const applied = [];
    for (const actor of actors) applied.push(await applyToCourse(actor, String(popular._id)));
    const pending = [];
    for (const actor of actors.slice(0, 2)) pending.push(await applyToCourse(actor, String(approval._id)));
    const finishers = [];
    for (const actor of actors.slice(0, 2)) finishers.push(await applyToCourse(actor, String(finishing._id)));

    // Read part-way: a client reads on from where it stopped, whatever happens in between.
    clock.advance(settleMs + 1);
    ({ cursor } = await sync(secret, copy, anonymised, cursor));

    const knuStaff = toActor(await make.staff('knu'));
    await approveEnrollment(knuStaff, String(pending[0]!.enrollmentId));
    await rejectEnrollment(knuStaff, String(pending[1]!.enrollmentId), 'full');
    // A withdrawal seats the first on the waitlist.
    await withdrawEnrollment(actors[0]!, String(applied[0]!.enrollmentId));
    await withdrawEnrollment(actors[3]!, String(applied[3]!.enrollmentId));
    // The finishing course took place: one trainee attended, the other did not.
    await Course.updateOne({ _id: finishing._id }, { $set: { status: 'closed', 'sessions.0.date': dayFromNow(-2) } });
    const held = (await Course.findById(finishing._id).lean())!;
    await make.marks(held, { _id: finishers[0]!.enrollmentId }, ['present']);
    await make.marks(held, { _id: finishers[1]!.enrollmentId }, ['absent']);
    await commitCompletion(toActor(await make.staff('postech')), String(finishing._id), {});
    assert.ok(await anonymiseTrainee(trainees[3]!._id, { reason: 'closed' }));

    clock.advance(settleMs + 1);
    ({ cursor } = await sync(secret, copy, anonymised, cursor));

    const want = await source(courses);
    assert.deepEqual(only(copy, courses), want);
    assert.deepEqual(
      [...want.values()].map((e) => e.status).sort(),
      ['completed', 'enrolled', 'enrolled', 'enrolled', 'not_completed', 'rejected', 'withdrawn', 'withdrawn'],
      'every kind of step was taken',
    );
    assert.ok(anonymised.has(pseudonym(trainees[3]!._id)), 'the anonymisation appears as such');

    // A client that caught up reads nothing twice.
    const again = new Map(copy);
    await sync(secret, again, anonymised, cursor);
    assert.deepEqual(again, copy);

    // POSTECH's client sees its own courses only, and the same statuses.
    postechCursor = (await sync(postechSecret, postechCopy, new Set(), postechCursor)).cursor;
    assert.ok(postechCursor);
    assert.deepEqual(only(postechCopy, courses), await source([popular._id, finishing._id]));
  });

  it('refuses a cursor it did not give with 400 problem+json, naming `after`', async () => {
    const city = toActor(await make.cityStaff());
    const { secret } = await createApiToken(city, { name: 'bad cursor', days: 1, scopes: ['enrollments:read'] });
    for (const after of ['bm9wZQ', Buffer.from('["2026-01-01",1,"<x>"]').toString('base64url')]) {
      const res = await api.get(`/api/v1/changes?after=${after}`, { Authorization: `Bearer ${secret}` });
      assert.equal(res.status, 400);
      assert.deepEqual(
        (res.body as { invalidParams: { name: string }[] }).invalidParams.map((p) => p.name),
        ['after'],
      );
    }
  });
});
