import assert from 'node:assert/strict';
import mongoose from 'mongoose';
import { Course } from '../../../models/course';
import { refreshCourseRoster } from '../../../server/services/copies/course-roster';
import { changeChannel } from '../../../server/db/change-channel';
import { loginAgent, type SignedIn } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { isRead, operationsDuring, type Operation } from '../../support/operations';

type Read = Operation;

/** The reads sent while answering one request. */
async function readsDuring(send: () => Promise<unknown>): Promise<Read[]> {
  return (await operationsDuring(send)).filter(isRead);
}

/** How many documents the reads returned, each read run again (nothing was written in between). */
async function documentsOf(reads: readonly Read[]): Promise<number> {
  let documents = 0;
  for (const { collection, method, filter } of reads) {
    const found = await mongoose.connection.db!.collection(collection).countDocuments(filter);
    documents += method === 'findOne' ? Math.min(found, 1) : method.startsWith('count') ? 0 : found;
  }
  return documents;
}

/** Enough rows to tell one read per trainee from one per page; the read counts do not depend on it. */
const trainees = 6;

describe('staff pages of one course read one packed document, held while unchanged', () => {
  const ctx = useTestApp();
  let staff: SignedIn;
  let course: Awaited<ReturnType<typeof make.course>>;

  before(async () => {
    staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    course = await make.course({
      status: 'closed',
      capacity: 10,
      days: [dayFromNow(-3), dayFromNow(-2), dayFromNow(4)],
    });
    for (let i = 0; i < trainees; i++) {
      const e = await make.enrollment(
        course,
        await make.trainee({ name: `명단${i}` }),
        i < trainees - 1 ? 'enrolled' : 'pending',
      );
      if (i < trainees - 1) await make.marks(course, e, ['present', 'late']);
    }
  });

  // Signing in reads the session (not through mongoose), the user and the unread notices: not the page's own.
  const signIn = ['users', 'notifications'];

  // The roster and its CSV list every application; the grid the enrolled trainees.
  const pages = { roster: trainees, 'roster.csv': trainees, attendance: trainees - 1 };

  for (const [page, rows] of Object.entries(pages))
    it(`GET /manage/courses/:id/${page} reads its packed roster, the course once while unchanged`, async () => {
      const get = async () => {
        let body = '';
        const all = await readsDuring(async () => {
          body = (await staff.agent.get(`/manage/courses/${course._id}/${page}`).expect(200)).text;
        });
        assert.equal(new Set(body.match(/명단\d/g)).size, rows, 'every row is there');
        return all.filter((r) => !signIn.includes(r.collection));
      };
      // A course write changes the `catalog` version: the next page reads the course again, once.
      // A packed roster written (any course's) changes the `course-rosters` version: it is read again, once.
      await Course.updateOne({ _id: course._id }, { $set: { venue: `강의실 ${page}` } });
      await refreshCourseRoster(course._id);
      const first = await get();
      assert.deepEqual(
        first.filter((r) => r.collection === 'courses').map((r) => Object.keys(r.filter)),
        [['_id']],
      );
      assert.deepEqual(
        first.filter((r) => r.collection === 'courserosters').map((r) => Object.keys(r.filter)),
        [['_id']],
      );
      assert.equal(await documentsOf(first.filter((r) => r.collection === 'courserosters')), 1);
      const reads = await get();
      assert.deepEqual(
        reads.map((r) => [r.collection, Object.keys(r.filter)]),
        // Every cache's version: held while the change channel listens, else one read of a handful of small documents.
        changeChannel.listening ? [] : [['cacheversions', []]],
      );
    });
});
