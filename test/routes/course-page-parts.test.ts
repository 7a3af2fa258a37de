import assert from 'node:assert/strict';
import { Course } from '../../models/course';
import { toActor } from '../../server/services/accounts/auth';
import { allocatorsIdle } from '../../server/services/allocation/allocator';
import { postCourseAnnouncement } from '../../server/services/announcements/announcements';
import { applyToCourse } from '../../server/services/applications/apply';
import { loginAgent, type Agent } from '../support/agents';
import { useTestApp } from '../support/app';
import { actorOf, make } from '../support/factories';
import { html } from '../support/html';

describe('course page parts every viewer shares, kept between views', () => {
  const ctx = useTestApp();

  it('shows each trainee their own apply box beside the shared parts, and a change of the course, its seats or announcements at once', async () => {
    const course = await make.course({ capacity: 2, title: { ko: '공유 과정', en: 'Shared course' } });
    const id = String(course._id);
    const [kim, lee] = [await make.trainee({ name: '김공유' }), await make.trainee({ name: '이공유' })];
    const applied = await applyToCourse(toActor(kim), id);
    await allocatorsIdle();
    const view = async (agent: Agent) => html((await agent.get(`/courses/${id}`).expect(200)).text);
    const kimAgent = (await loginAgent(ctx.app, kim.email)).agent;
    const leeAgent = (await loginAgent(ctx.app, lee.email)).agent;

    const kimPage = await view(kimAgent);
    const leePage = await view(leeAgent);
    assert.equal(
      kimPage('.apply-box form[action$="/withdraw"]').attr('action'),
      `/enrollments/${String(applied.enrollmentId)}/withdraw`,
    );
    assert.equal(kimPage('.apply-button').length, 0);
    assert.equal(leePage('.apply-box form[action$="/withdraw"]').length, 0, "never the other trainee's withdrawal");
    assert.equal(leePage('.apply-button').length, 1);
    for (const page of [kimPage, leePage]) {
      assert.equal(page('.course-title').text(), '공유 과정');
      assert.equal(page('.course-seats').text(), '1 / 2석, 대기 0명');
    }

    await applyToCourse(toActor(lee), id);
    await allocatorsIdle();
    assert.equal((await view(kimAgent))('.course-seats').text(), '2 / 2석, 대기 0명', 'the new seat at once');

    const staff = await actorOf(await make.staff('postech'));
    await postCourseAnnouncement(staff, id, { subject: '강의실 변경', body: '301호로 옮깁니다.' });
    assert.match((await view(leeAgent))('.course-announcements').text(), /강의실 변경/, 'the announcement at once');

    await Course.updateOne({ _id: course._id }, { $set: { venue: '포항테크노파크 2층' } });
    const edited = await view(kimAgent);
    assert.equal(edited('.course-venue').text(), '포항테크노파크 2층', 'the edit at once');
    assert.equal((await view(kimAgent))('.course-venue').text(), '포항테크노파크 2층');
    const english = html((await kimAgent.get(`/courses/${id}?lang=en`).expect(200)).text);
    assert.equal(english('.course-title').text(), 'Shared course');
  });
});
