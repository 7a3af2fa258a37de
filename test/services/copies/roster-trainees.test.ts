import assert from 'node:assert/strict';
import { CourseRoster } from '../../../models/course-roster';
import { RosterTrainee } from '../../../models/roster-trainee';
import { User } from '../../../models/user';
import { anonymiseTrainee } from '../../../server/services/accounts/anonymise';
import { updateProfile, type TraineeProfileInput } from '../../../server/services/accounts/profile';
import { getAttendanceGrid } from '../../../server/services/attendance/grid';
import { getRoster } from '../../../server/services/courses/roster';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';

describe("roster rows: the trainee columns follow the trainee's account", () => {
  useTestApp();

  const profile = (affiliation: string): TraineeProfileInput => ({
    category: 'employee',
    affiliation,
    pohangResident: true,
    consent: false,
    followUp: false,
  });

  async function setUp() {
    const course = await make.course({ status: 'published' });
    const staff = await actorOf(await make.staff('postech'));
    const user = await make.trainee({ name: '정이전', category: 'student' });
    const enrollment = await make.enrollment(course, user);
    const row = async () => (await getRoster(staff, String(course._id))).rows[0];
    return { course, staff, user, enrollment, row };
  }

  it('copies the columns of a new application with its course roster, and on a look at a roster without them', async () => {
    const { course, user, enrollment, row } = await setUp();
    assert.equal(await RosterTrainee.countDocuments({ _id: enrollment._id }), 1, 'copied with the application');
    // Data of an older version: neither the row nor the course's packed roster.
    await Promise.all([RosterTrainee.deleteOne({ _id: enrollment._id }), CourseRoster.deleteOne({ _id: course._id })]);
    const r = await row();
    assert.deepEqual([r?.name, r?.email, r?.category, r?.affiliation], ['정이전', user.email, 'student', '포항']);
    assert.equal(await RosterTrainee.countDocuments({ _id: enrollment._id }), 1);
  });

  it('shows a changed name, category and affiliation on the roster and the attendance grid', async () => {
    const { course, staff, user, row } = await setUp();
    await row();
    await updateProfile(await actorOf(user), { name: '정이후', locale: 'ko', trainee: profile('에코프로비엠') });
    const after = await row();
    assert.deepEqual([after?.name, after?.category, after?.affiliation], ['정이후', 'employee', '에코프로비엠']);
    const grid = await getAttendanceGrid(staff, String(course._id));
    assert.equal(grid.rows[0]?.name, '정이후');
  });

  it('shows the pseudonym once the trainee has closed their account', async () => {
    const { user, row } = await setUp();
    await row();
    await anonymiseTrainee(user._id, { reason: 'closed' });
    const after = await row();
    assert.match(after?.name ?? '', /^ANON-/);
    assert.match(after?.email ?? '', /@anonymised\.invalid$/);
    assert.equal(after?.affiliation, '');
  });

  it('ends with the saved profile when two saves of it race', async () => {
    const { user, row } = await setUp();
    await row();
    const actor = await actorOf(user);
    await Promise.all(
      ['가', '나', '다'].map((n) =>
        updateProfile(actor, { name: `정${n}`, locale: 'ko', trainee: profile(`${n} 회사`) }),
      ),
    );
    const saved = await User.findById(user._id).lean();
    const after = await row();
    assert.deepEqual([after?.name, after?.affiliation], [saved?.name, saved?.trainee?.affiliation]);
  });
});
