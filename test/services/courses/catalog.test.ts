import assert from 'node:assert/strict';
import { toActor } from '../../../server/services/accounts/auth';
import { getPublicCourse, searchCatalog, shownStatus } from '../../../server/services/courses/catalog';
import { useTestApp } from '../../support/app';
import { courseWithApplications } from '../../support/drift';
import { dayFromNow, make } from '../../support/factories';

describe('courses/catalog: the public catalog and a course’s page', () => {
  useTestApp();

  it('finds courses by every search word and filter, and hides drafts and courses a trainee may not apply for', async () => {
    const word = `솔리드${Date.now() % 100000}`;
    const postech = await make.course({
      university: 'postech',
      title: { ko: `${word} 전해질`, en: `${word} electrolyte` },
      eligibleCategories: ['student'],
    });
    const knu = await make.course({ university: 'knu', title: { ko: `${word} 양극`, en: `${word} cathode` } });
    await make.course({ university: 'postech', status: 'draft', title: { ko: `${word} 초안`, en: `${word} draft` } });
    const ids = (r: Awaited<ReturnType<typeof searchCatalog>>) => r.items.map((c) => String(c._id)).sort();

    assert.deepEqual(ids(await searchCatalog({ q: word, page: 1 })), [String(postech._id), String(knu._id)].sort());
    assert.deepEqual(ids(await searchCatalog({ q: `${word} 전해`, page: 1 })), [String(postech._id)]);
    assert.deepEqual(ids(await searchCatalog({ q: word, university: 'knu', page: 1 })), [String(knu._id)]);
    const jobSeeker = toActor(await make.trainee({ category: 'job_seeker' }));
    assert.deepEqual(ids(await searchCatalog({ q: word, eligible: true, page: 1 }, jobSeeker)), [String(knu._id)]);
    const found = await searchCatalog({ q: word, page: 1 });
    assert.equal(found.total, 2);
    assert.equal(found.items[0]?.seatsLeft, 20);
    assert.ok(found.universities.some((u) => u.code === 'knu'));
  });

  it('shows a published course as upcoming before its window and closed after it', () => {
    const now = new Date();
    const base = {
      _id: undefined as never,
      university: undefined as never,
      title: { ko: '', en: '' },
      capacity: 1,
      status: 'published' as const,
      enrolmentOpensAt: new Date(now.getTime() - 1000),
      enrolmentClosesAt: new Date(now.getTime() + 1000),
    };
    assert.equal(shownStatus(base, now), 'published');
    assert.equal(shownStatus({ ...base, enrolmentOpensAt: new Date(now.getTime() + 500) }, now), 'upcoming');
    assert.equal(shownStatus({ ...base, enrolmentClosesAt: new Date(now.getTime() - 500) }, now), 'closed');
  });

  it('tells each viewer what they may do on a course’s page, with a waiting trainee’s place', async () => {
    const { course, trainees } = await courseWithApplications(3, { capacity: 2 });
    const id = String(course._id);
    assert.equal((await getPublicCourse(id)).state, 'login');
    assert.equal((await getPublicCourse(id, toActor(trainees[0]!))).state, 'enrolled');
    const waiting = await getPublicCourse(id, toActor(trainees[2]!));
    assert.deepEqual([waiting.state, waiting.waitlistRank], ['waitlisted', 1]);
    assert.equal(
      (await getPublicCourse(id, toActor(await make.trainee()))).state,
      'waitlist',
      'full: joins the waitlist',
    );
    assert.equal((await getPublicCourse(id, toActor(await make.staff('knu')))).state, 'staff');
    const { course: counted } = await getPublicCourse(id);
    assert.deepEqual([counted.seatsTaken, counted.waitlisted, counted.seatsLeft], [2, 1, 0]);
    const later = await make.course({ opensAt: new Date(Date.now() + 3600_000), days: [dayFromNow(40)] });
    assert.equal((await getPublicCourse(String(later._id), toActor(await make.trainee()))).state, 'notYetOpen');
  });
});
