import assert from 'node:assert/strict';
import { bySessionStart } from '../../../models/course';
import { CourseRoster } from '../../../models/course-roster';
import { allocatorsIdle } from '../../../server/services/allocation/allocator';
import { toActor } from '../../../server/services/accounts/auth';
import { updateProfile } from '../../../server/services/accounts/profile';
import { attendanceInput, saveAttendance } from '../../../server/services/attendance/grid';
import { courseRosterDifference, courseRosterEntries } from '../../../server/services/copies/course-roster';
import { applyToCourse } from '../../../server/services/applications/apply';
import { withdrawEnrollment } from '../../../server/services/applications/application-decide';
import { useTestApp } from '../../support/app';
import { hours, useClock } from '../../support/clock';
import { actorOf, dayFromNow, make } from '../../support/factories';
import { operationsDuring } from '../../support/operations';

/** The writes to the packed rosters while `act` runs. */
async function rosterWritesDuring(act: () => Promise<unknown>): Promise<number> {
  return (await operationsDuring(act)).filter(
    (op) => op.collection === 'courserosters' && !op.method.startsWith('find'),
  ).length;
}

describe('the packed roster (CourseRoster) follows every fact it shows', () => {
  useTestApp();
  const clock = useClock();

  it('equals its recomputation after applications, a withdrawal, a grid save, a score and a name change', async () => {
    const course = await make.course({
      capacity: 2,
      status: 'published',
      days: [dayFromNow(2), dayFromNow(3), dayFromNow(10)],
      completionRule: { assessmentRequired: true, passScore: 60 },
    });
    const id = String(course._id);
    const [s0, s1] = [...course.sessions].sort(bySessionStart).map((s) => String(s._id));
    const trainees = [
      await make.trainee({ name: '가응시' }),
      await make.trainee({ name: '나응시' }),
      await make.trainee({ name: '다대기' }),
    ];
    const applied = [];
    for (const t of trainees) applied.push(await applyToCourse(toActor(t), id));
    await allocatorsIdle();
    const summary = async () =>
      (await courseRosterEntries(course._id)).map(
        (e) =>
          `${e.name}:${e.status}:${e.waitlistRank ?? '-'}:${e.score ?? '-'}:${[...e.marks.values()].map((m) => m.status).join('/')}`,
      );
    assert.deepEqual(await summary(), ['가응시:enrolled:-:-:', '나응시:enrolled:-:-:', '다대기:waitlisted:1:-:']);
    assert.equal(await courseRosterDifference(course._id), null);

    // The first withdraws; the waitlisted trainee is promoted in the same request.
    await withdrawEnrollment(toActor(trainees[0]!), applied[0]!.enrollmentId);
    await allocatorsIdle();
    assert.deepEqual(await summary(), ['가응시:withdrawn:-:-:', '나응시:enrolled:-:-:', '다대기:enrolled:-:-:']);
    assert.equal(await courseRosterDifference(course._id), null);

    // Four days later, one grid save with marks for both and a score: the packed roster is written once.
    clock.advance(hours(24 * 4));
    const staff = await actorOf(await make.staff('postech'));
    const [b, c] = [applied[1]!.enrollmentId, applied[2]!.enrollmentId];
    const writes = await rosterWritesDuring(() =>
      saveAttendance(
        staff,
        id,
        attendanceInput({
          cells: { [b]: { [s0!]: 'present', [s1!]: 'late' }, [c]: { [s0!]: 'absent' } },
          scores: { [b]: 75 },
        }),
      ),
    );
    assert.equal(writes, 1, 'one write for the whole save');
    assert.deepEqual(await summary(), [
      '가응시:withdrawn:-:-:',
      '나응시:enrolled:-:75:present/late',
      '다대기:enrolled:-:-:absent',
    ]);

    // A score alone, and a name change.
    await saveAttendance(staff, id, attendanceInput({ scores: { [c]: 40 }, shownScores: { [c]: null } }));
    await updateProfile(toActor(trainees[2]!), {
      name: '다바뀜',
      locale: 'ko',
      trainee: { category: 'employee', affiliation: '포항', pohangResident: true, consent: false, followUp: false },
    });
    assert.deepEqual(await summary(), [
      '가응시:withdrawn:-:-:',
      '나응시:enrolled:-:75:present/late',
      '다바뀜:enrolled:-:40:absent',
    ]);
    assert.equal(await courseRosterDifference(course._id), null);
  });

  it('is rebuilt from the facts on the first read when it is missing, once', async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-1)] });
    const enrollment = await make.enrollment(course, await make.trainee({ name: '옛자료' }));
    await make.marks(course, enrollment, ['present']);
    await CourseRoster.deleteOne({ _id: course._id });
    assert.match(String(await courseRosterDifference(course._id)), /no packed roster, but 1 application/);

    const entries = await courseRosterEntries(course._id);
    assert.deepEqual(
      entries.map((e) => [e.name, e.status, [...e.marks.values()].map((m) => m.status)]),
      [['옛자료', 'enrolled', ['present']]],
    );
    assert.equal(await courseRosterDifference(course._id), null);
    assert.equal(await rosterWritesDuring(() => courseRosterEntries(course._id)), 0, 'read, not rebuilt, from then on');
  });

  it('answers the same frozen entries while its stored rows stay the same, and new ones when they change', async () => {
    const course = await make.course({ status: 'closed', days: [dayFromNow(-1)] });
    const enrollment = await make.enrollment(course, await make.trainee({ name: '같은행' }));
    const first = await courseRosterEntries(course._id);
    assert.equal(await courseRosterEntries(course._id), first, 'the same rows string: the same parse');
    assert.ok(Object.isFrozen(first) && first.every((e) => Object.isFrozen(e)), 'frozen: callers share them');
    await make.marks(course, enrollment, ['late']);
    const changed = await courseRosterEntries(course._id);
    assert.notEqual(changed, first);
    assert.deepEqual(
      changed.map((e) => [...e.marks.values()].map((m) => m.status)),
      [['late']],
    );
    assert.equal(first[0]!.marks.size, 0, 'the old entries are left as they were');
  });
});
