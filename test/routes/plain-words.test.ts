import assert from 'node:assert/strict';
import request from 'supertest';
import { Course } from '../../models/course';
import { Enrollment } from '../../models/enrollment';
import { Skill } from '../../models/skill';
import { User } from '../../models/user';
import { findActor } from '../../server/services/accounts/auth';
import { updateProfile } from '../../server/services/accounts/profile';
import { saveTargetPlan } from '../../server/services/city/targets';
import { applyToCourse } from '../../server/services/applications/apply';
import { withdrawEnrollment } from '../../server/services/applications/application-decide';
import { seedSkills } from '../../server/seed/skill-list';
import { csrfToken, loginAgent, type Agent } from '../support/agents';
import { useTestApp } from '../support/app';
import { courseFormBody } from '../support/course-form';
import { actorOf, make, universityId } from '../support/factories';
import { html } from '../support/html';
import { outboxLink } from '../support/mail';
import { renameElectrodeSkill } from '../support/city-records';

/**
 * What a person must never read: a field or action name as the code spells it (`followUp`,
 * `checkInGraceMinutes`, `user.register`), or an internal number (a waitlist ordering key).
 * Addresses are taken out first: an email or a link has dots of its own.
 */
function rawNames(text: string): string[] {
  const words = text.replace(/\S+@\S+/g, ' ').replace(/https?:\/\/\S+|\/[\w/.-]+/g, ' ');
  return [
    ...(words.match(/\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g) ?? []),
    ...(words.match(/\b[a-z_]+\.[a-z_]+\b/g) ?? []),
    ...(words.match(/\b\d{10,}\b/g) ?? []),
    ...(words.match(/DESIGN\.md/g) ?? []),
  ];
}

/** The text under `selector` as a reader sees it: each piece of text apart, not run into its neighbour. */
function textOf($: ReturnType<typeof html>, selector: string): string {
  return $(selector)
    .find('*')
    .addBack()
    .contents()
    .filter((_i, node) => node.type === 'text')
    .map((_i, node) => $(node).text())
    .get()
    .join(' ');
}

describe('plain words everywhere a person reads', () => {
  const ctx = useTestApp();
  let city: Agent;
  let registered: Agent;

  before(async function () {
    this.timeout(120_000);
    // Sign-up (consents and their versions), activation and sign-in.
    const visitor = request.agent(ctx.app);
    const form = {
      name: '박평문',
      email: 'plain.words@example.kr',
      password: 'lithium-iron-phosphate',
      passwordConfirm: 'lithium-iron-phosphate',
      category: 'student',
      affiliation: '포스텍',
      pohangResident: 'on',
      privacyConsent: 'on',
      consent: 'on',
      followUp: 'on',
    };
    const token = await csrfToken(visitor, '/register');
    await visitor
      .post('/register')
      .type('form')
      .send({ _csrf: token, ...form })
      .expect(200);
    const link = await outboxLink(form.email, 'activate');
    const page = await visitor.get(link).expect(200);
    await visitor
      .post(link)
      .type('form')
      .send({ _csrf: html(page.text)('form input[name=_csrf]').val() })
      .expect(303);
    registered = (await loginAgent(ctx.app, form.email, form.password)).agent;
    const me = await findActor(String((await User.findOne({ email: form.email }, { _id: 1 }).lean())?._id));
    assert.ok(me);
    await updateProfile(me, {
      name: '박평문',
      locale: 'ko',
      trainee: {
        category: 'job_seeker',
        affiliation: '구직 중',
        pohangResident: true,
        consent: false,
        followUp: false,
      },
    });

    // A course made, edited (grace minutes, capacity) and published by staff, through the forms.
    const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    const body = courseFormBody({ code: 'PLAIN-1', capacity: '1' });
    await staff.agent
      .post('/manage/courses/new')
      .type('form')
      .send({ _csrf: staff.csrf, ...body })
      .expect(303);
    const course = await Course.findOne({ code: 'PLAIN-1' }).lean();
    assert.ok(course);
    const edit = await staff.agent.get(`/manage/courses/${String(course._id)}/edit`).expect(200);
    const ids = html(edit.text)('input[name$="[id]"]')
      .map((_i, el) => html(edit.text)(el).val())
      .get() as string[];
    await staff.agent
      .post(`/manage/courses/${String(course._id)}/edit`)
      .type('form')
      .send({
        _csrf: staff.csrf,
        ...courseFormBody({
          code: 'PLAIN-1',
          capacity: '1',
          checkInGraceMinutes: '15',
          sessions: course.sessions.map((s, i) => ({
            id: ids[i] ?? '',
            date: s.date,
            start: s.start,
            end: s.end,
            topic: s.topic,
          })),
        }),
      })
      .expect(303);
    await staff.agent
      .post(`/manage/courses/${String(course._id)}/publish`)
      .type('form')
      .send({ _csrf: staff.csrf })
      .expect(303);

    // A seat taken, a waitlist place, a withdrawal that promotes.
    const first = await actorOf(await make.trainee({ name: '이먼저' }));
    await applyToCourse(first, String(course._id));
    await applyToCourse(me, String(course._id));
    const held = await Enrollment.findOne({ course: course._id, trainee: first.id }).lean();
    await withdrawEnrollment(first, String(held!._id));

    // The city's own records: a skill and a year's targets.
    const cityUser = await make.cityStaff();
    const cityActor = await actorOf(cityUser);
    await renameElectrodeSkill(cityActor);
    await saveTargetPlan(cityActor, 2027, [
      {
        university: await universityId('postech'),
        scope: 'all',
        key: '',
        trainees: 10,
        completions: null,
        hours: null,
        row: 0,
      },
    ]);
    city = (await loginAgent(ctx.app, cityUser.email)).agent;
  });

  it('the audit log, every page, in Korean and English', async () => {
    for (const lang of ['ko', 'en']) {
      let pages = 1;
      for (let page = 1; page <= pages; page++) {
        const $ = html((await city.get(`/city/audit?lang=${lang}&page=${page}`).expect(200)).text);
        pages = Number(/(\d+)\s*\/\s*(\d+)/.exec($('.pager span').text())?.[2] ?? 1);
        const rows = $('.audit-log tbody tr[data-action]');
        assert.ok(rows.length > 0);
        rows.each((_i, tr) => {
          const row = $(tr);
          const text = [
            row.find('.audit-sentence').text(),
            row
              .find('.audit-change')
              .map((_j, el) => $(el).text())
              .get()
              .join('\n'),
            row.find('.audit-target').text(),
          ].join('\n');
          assert.deepEqual(rawNames(text), [], `${lang} ${row.attr('data-action')}: ${text}`);
        });
      }
    }
    // The cases the walk found: they now read in words.
    const ko = html((await city.get('/city/audit?lang=ko&action=user.register').expect(200)).text)(
      '.audit-details',
    ).text();
    assert.match(ko, /수료 후 추적조사 동의: 예/);
    assert.match(ko, /개인정보 처리 동의 버전: 2026-1/);
    const edit = html((await city.get('/city/audit?lang=en&action=course.update').expect(200)).text)(
      '.audit-details',
    ).text();
    assert.match(edit, /Grace before late \(minutes\): 10 → 15/);
    const queued = html((await city.get('/city/audit?lang=ko&action=enrollment.apply').expect(200)).text)(
      '.audit-details',
    ).text();
    assert.match(queued, /대기 순번: 1/);
  });

  it('/me/data, in Korean and English', async () => {
    for (const lang of ['ko', 'en']) {
      const $ = html((await registered.get(`/me/data?lang=${lang}`).expect(200)).text);
      const audit = $('.data-audit');
      assert.ok(audit.find('li').length >= 3);
      assert.deepEqual(rawNames(textOf($, '.data-audit')), [], `${lang}: ${audit.text()}`);
      assert.deepEqual(rawNames(textOf($, 'main')), [], `${lang}: the whole page`);
    }
    const ko = html((await registered.get('/me/data?lang=ko').expect(200)).text)('.data-audit').text();
    assert.match(ko, /로그인했습니다/);
  });

  it('the skills pages, in Korean and English', async () => {
    for (const lang of ['ko', 'en']) {
      const $ = html((await city.get(`/city/skills?lang=${lang}`).expect(200)).text);
      assert.ok($('.skill-source').length >= 7);
      assert.deepEqual(rawNames(textOf($, 'main')), [], lang);
    }
    // A list seeded before keeps no design-file reference: it is rewritten in words at start.
    await Skill.updateOne(
      { code: 'TRK-MATERIALS' },
      { $set: { 'source.reference': '프로그램 분야: materials (DESIGN.md 2절)' } },
    );
    await seedSkills();
    const skill = await Skill.findOne({ code: 'TRK-MATERIALS' }).lean();
    assert.doesNotMatch(skill?.source.reference ?? '', /DESIGN|materials/);
  });
});
