import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import { CourseFigures } from '../../../models/course-figures';
import { PendingFactChange } from '../../../models/pending-fact-change';
import { FormError } from '../../../server/errors';
import {
  announceAhead,
  announcePending,
  copiesSettled,
  markOf,
  pendingChanges,
  removeDone,
  writeAnnounced,
} from '../../../server/services/copies/changes';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

const figuresTitle = async (course: unknown) => (await CourseFigures.findById(course).lean())?.title.ko;
const retitle = (course: unknown, ko: string) => Course.updateOne({ _id: course }, { $set: { 'title.ko': ko } });

describe('copies/changes: a writer’s change reaches its copies, even after a stop', () => {
  useTestApp();

  it('refreshes the copies a write changes before it answers, and leaves no mark behind', async () => {
    const course = await make.course({ status: 'published' });
    // Figures are kept for a course with counted enrollments.
    await make.enrollment(course, await make.trainee());
    await writeAnnounced({ fact: 'course', course: course._id }, () => retitle(course._id, '새 제목'));
    assert.equal(await figuresTitle(course._id), '새 제목');
    await copiesSettled();
    await removeDone();
    assert.deepEqual(
      (await pendingChanges()).filter((m) => 'course' in m.change && String(m.change.course) === String(course._id)),
      [],
    );
  });

  it('removes the mark of a write refused before it changed anything, and passes the refusal on', async () => {
    const course = await make.course();
    const refused = new FormError({ _form: 'x' });
    await assert.rejects(
      writeAnnounced({ fact: 'course', course: course._id }, () => Promise.reject(refused)),
      (e: unknown) => e === refused,
    );
    await removeDone();
    assert.equal(await PendingFactChange.countDocuments({ 'change.course': course._id }), 0);
  });

  it('announces again a change whose writer stopped after recording it, once it has settled', async () => {
    const course = await make.course({ status: 'published' });
    // Figures are kept for a course with counted enrollments.
    await make.enrollment(course, await make.trainee());
    const before = await figuresTitle(course._id);
    // The writer recorded its change, wrote the facts and stopped before announcing.
    const mark = markOf({ fact: 'course', course: course._id });
    await announceAhead(mark);
    await retitle(course._id, '멈춘 뒤 제목');
    assert.equal(await figuresTitle(course._id), before);
    assert.ok((await announcePending()) >= 1, 'a young mark is left to its writer');
    assert.equal(await figuresTitle(course._id), before);
    await PendingFactChange.updateOne({ _id: mark.id }, { $set: { since: new Date(Date.now() - 60_000) } });
    await announcePending();
    assert.equal(await figuresTitle(course._id), '멈춘 뒤 제목');
    assert.equal(await PendingFactChange.countDocuments({ _id: mark.id }), 0);
  });
});
