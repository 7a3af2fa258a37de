import assert from 'node:assert/strict';
import { AuditEvent } from '../../../models/audit-event';
import { Notification } from '../../../models/notification';
import { NotFoundError } from '../../../server/errors';
import {
  courseAnnouncements,
  managedCourseAnnouncements,
  postCourseAnnouncement,
  postProgrammeAnnouncement,
  programmeAnnouncements,
} from '../../../server/services/announcements/announcements';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';

describe('announcements', () => {
  useTestApp();

  it('shows programme-wide announcements newest first, only city staff posting them', async () => {
    const city = await actorOf(await make.cityStaff());
    await postProgrammeAnnouncement(city, { subject: '첫 공지', body: '본문 1' });
    await postProgrammeAnnouncement(city, { subject: '둘째 공지', body: '본문 2' });
    assert.deepEqual(
      (await programmeAnnouncements()).map((a) => a.subject),
      ['둘째 공지', '첫 공지'],
    );
    assert.deepEqual(
      (await programmeAnnouncements(1)).map((a) => a.subject),
      ['둘째 공지'],
    );
    const staff = await actorOf(await make.staff('postech'));
    await assert.rejects(postProgrammeAnnouncement(staff, { subject: '무단', body: 'x' }), NotFoundError);
    assert.equal((await programmeAnnouncements()).length, 2);
  });

  it("tells the course's enrolled, pending and waitlisted trainees, not those who left, and shows it on the course", async () => {
    const course = await make.course({ university: 'postech' });
    const told = [await make.trainee(), await make.trainee(), await make.trainee()];
    await make.enrollment(course, told[0]!, 'enrolled');
    await make.enrollment(course, told[1]!, 'pending');
    await make.enrollment(course, told[2]!, 'waitlisted');
    const gone = await make.trainee();
    await make.enrollment(course, gone, 'withdrawn');
    const staff = await actorOf(await make.staff('postech'));

    assert.equal(await postCourseAnnouncement(staff, String(course._id), { subject: '강의실 변경', body: '3층' }), 3);
    const notices = await Notification.find({ kind: 'announcement' }).lean();
    assert.deepEqual(notices.map((n) => String(n.user)).sort(), told.map((t) => String(t._id)).sort());
    assert.deepEqual(
      (await courseAnnouncements(String(course._id))).map((a) => a.subject),
      ['강의실 변경'],
    );
    const { announcements } = await managedCourseAnnouncements(staff, String(course._id));
    assert.equal(announcements[0]?.body, '3층');
    const audit = await AuditEvent.findOne({ action: 'announcement.post', 'meta.scope': 'course' }).lean();
    assert.equal((audit?.meta as { recipients?: number }).recipients, 3);
  });

  it("refuses another university's course as not found", async () => {
    const course = await make.course({ university: 'postech' });
    const other = await actorOf(await make.staff('korea'));
    await assert.rejects(postCourseAnnouncement(other, String(course._id), { subject: 's', body: 'b' }), NotFoundError);
    assert.deepEqual(await courseAnnouncements(String(course._id)), []);
  });
});
