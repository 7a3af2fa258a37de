import assert from 'node:assert/strict';
import { Course } from '../../../models/course';
import {
  catalogSnapshot,
  coursesByIds,
  publicCourseDetails,
} from '../../../server/services/course-base/catalog-snapshot';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe('course-base/catalog-snapshot: the public catalog’s cached data', () => {
  useTestApp();

  it('holds every public course with its university and search text, and no draft or cancelled course', async () => {
    const shown = await make.course({
      university: 'postech',
      status: 'published',
      days: ['2031-03-04'],
      instructors: ['김교수'],
    });
    const closed = await make.course({ status: 'closed' });
    const draft = await make.course({ status: 'draft' });
    const cancelled = await make.course({ status: 'cancelled' });
    const snapshot = await catalogSnapshot();
    const ids = new Set(snapshot.courses.map((c) => String(c._id)));
    assert.ok(ids.has(String(shown._id)) && ids.has(String(closed._id)));
    assert.ok(!ids.has(String(draft._id)) && !ids.has(String(cancelled._id)));
    const card = snapshot.byId.get(String(shown._id))!;
    assert.equal(card.universityDoc?.code, 'postech');
    assert.equal(card.startMonth, '2031-03');
    assert.equal((card as { sessions?: unknown }).sessions, undefined, 'cards leave the sessions out');
    assert.ok(card.searchText.text.includes('김교수'), JSON.stringify(card.searchText));
    assert.deepEqual(snapshot.startMonths[0], { value: '2031-03', text: { ko: '2031년 3월', en: 'March 2031' } });
    assert.ok(snapshot.universities.every((u) => u.active));
  });

  it('is rebuilt after a course changes, and a card’s whole course is read once under a version', async () => {
    const course = await make.course({ status: 'draft' });
    assert.equal((await catalogSnapshot()).byId.has(String(course._id)), false);
    await Course.updateOne({ _id: course._id }, { $set: { status: 'published' } });
    const snapshot = await catalogSnapshot();
    const card = snapshot.byId.get(String(course._id));
    assert.ok(card, 'published course appears after the write');
    const first = publicCourseDetails(snapshot, card);
    assert.equal(publicCourseDetails(snapshot, card), first, 'shared, not read again');
    assert.equal((await first)?.sessions.length, 3);

    const hidden = await make.course({ status: 'cancelled' });
    const found = await coursesByIds([course._id, String(hidden._id), '0123456789abcdef01234567']);
    assert.deepEqual([...found.keys()].sort(), [String(course._id), String(hidden._id)].sort());
    assert.equal(found.get(String(hidden._id))?.status, 'cancelled');
  });
});
