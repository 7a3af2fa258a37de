import assert from 'node:assert/strict';
import request from 'supertest';
import { readCacheVersion } from '../../models/cache-version';
import { Course } from '../../models/course';
import { toActor } from '../../server/services/accounts/auth';
import { getPublicCourse, searchCatalog } from '../../server/services/courses/catalog';
import { applyToCourse } from '../../server/services/applications/apply';
import { loginAgent } from '../support/agents';
import { useTestApp } from '../support/app';
import { type CourseSpec, dayFromNow, make } from '../support/factories';
import { html, texts } from '../support/html';
import { shownDate } from '../support/dates';

const day = 24 * 3600 * 1000;
const universities = ['postech', 'korea', 'knu', 'handong'] as const;
const tracks = ['materials', 'cell', 'recycling'] as const;
const modes = ['offline', 'online', 'hybrid'] as const;
const statuses = ['published', 'published', 'closed', 'completed', 'draft', 'cancelled'] as const;

interface Made {
  title: string;
  en: string;
  university: string;
  track: string;
  mode: string;
  status: string;
  /** First session day, in days from today; negative for a course that has ended. */
  start: number;
  order: number;
  openNow: boolean;
}

/** Each course runs two days, so one starting `start` days from now has ended when start + 1 < 0. */
const ended = (m: Made) => m.start + 1 < 0;

describe('catalog and course page', () => {
  const ctx = useTestApp();
  const made: Made[] = [];

  before(async function () {
    this.timeout(60_000);
    // 36 courses whose attributes cycle independently, so every filter has a non-trivial answer;
    // every fifth one ended weeks ago.
    for (let i = 0; i < 36; i++) {
      const start = (i % 5 === 2 ? -40 : 10) + ((i * 7) % 23);
      const openNow = i % 4 !== 3;
      const spec: CourseSpec = {
        university: universities[i % 4],
        track: tracks[i % 3],
        mode: modes[Math.floor(i / 3) % 3],
        status: statuses[i % 6],
        title: {
          ko: `${i % 2 ? '양극재' : '배터리 재활용'} 과정 ${String(i).padStart(2, '0')}`,
          en: `${i % 2 ? 'Cathode' : 'Battery recycling'} course ${i}`,
        },
        days: [dayFromNow(start), dayFromNow(start + 1)],
        opensAt: new Date(Date.now() - day),
        closesAt: openNow ? new Date(Date.now() + 5 * day) : new Date(Date.now() - day / 2),
      };
      await make.course(spec);
      made.push({
        title: spec.title!.ko,
        en: spec.title!.en,
        university: spec.university!,
        track: spec.track!,
        mode: spec.mode!,
        status: spec.status!,
        start,
        order: i,
        openNow,
      });
    }
  });

  /** Every title the catalog lists for a query, following its own pagination links. */
  async function allTitles(query: string): Promise<{ titles: string[]; pages: number }> {
    const titles: string[] = [];
    let url: string | undefined = `/courses${query}`;
    let pages = 0;
    while (url) {
      const res: request.Response = await request(ctx.app).get(url).expect(200);
      titles.push(...texts(res.text, '.course-list .course-title'));
      url = html(res.text)('.pagination a[rel=next]').attr('href');
      if (url)
        for (const [k, v] of new URLSearchParams(query.slice(1)))
          assert.equal(new URL(url, 'http://x').searchParams.get(k), v, `page links keep ${k}`);
      pages++;
    }
    return { titles, pages };
  }

  /** Courses still to come or running, soonest first; then ended ones, most recently ended first. */
  const catalogOrder = (a: Made, b: Made) =>
    Number(ended(a)) - Number(ended(b)) || (ended(a) ? b.start - a.start : a.start - b.start) || a.order - b.order;
  const expected = (keep: (m: Made) => boolean) =>
    made
      .filter((m) => ['published', 'closed', 'completed'].includes(m.status) && keep(m))
      .sort(catalogOrder)
      .map((m) => m.title);

  it('lists only public courses, upcoming ones first by start date, then ended ones, 12 to a page', async () => {
    const { titles, pages } = await allTitles('');
    const want = expected(() => true);
    assert.deepEqual(titles, want);
    assert.equal(pages, Math.ceil(want.length / 12));
    const pastAt = made.filter((m) => want.includes(m.title) && ended(m)).length;
    assert.ok(
      pastAt > 0 && want.length - pastAt > 12,
      'the page boundary falls inside the upcoming courses and the ended ones span a page',
    );
    assert.ok(
      want.slice(-pastAt).every((t) => ended(made.find((m) => m.title === t)!)),
      'ended courses come last',
    );
  });

  for (const [name, query, keep] of [
    ['university', '?university=knu', (m: Made) => m.university === 'knu'],
    ['track', '?track=recycling', (m: Made) => m.track === 'recycling'],
    ['mode', '?mode=online', (m: Made) => m.mode === 'online'],
    ['title in Korean', '?q=%EC%96%91%EA%B7%B9%EC%9E%AC', (m: Made) => m.title.includes('양극재')],
    ['title in English, any case', '?q=cATHODE', (m: Made) => m.en.includes('Cathode')],
    ['open now', '?open=1', (m: Made) => m.status === 'published' && m.openNow && m.start > 0],
    [
      'several at once',
      '?track=materials&mode=offline&open=1',
      (m: Made) =>
        m.track === 'materials' && m.mode === 'offline' && m.status === 'published' && m.openNow && m.start > 0,
    ],
    ['title across pages', '?q=course', (m: Made) => m.en.includes('course')],
  ] as const) {
    it(`filters by ${name}`, async () => {
      const { titles } = await allTitles(query);
      assert.deepEqual(titles, expected(keep));
    });
  }

  it('treats search text literally and ignores malformed filters', async () => {
    await request(ctx.app).get('/courses?q=(%2B*%5B').expect(200);
    const res = await request(ctx.app).get('/courses?track=nope&mode=%3Cx%3E&page=-3&university=%2A').expect(200);
    assert.equal(texts(res.text, '.course-list .course-title').length, 12);
    const far = await request(ctx.app).get('/courses?page=999').expect(200);
    assert.equal(
      html(far.text)('.pagination [aria-current=page]').text(),
      String(Math.ceil(expected(() => true).length / 12)),
    );
  });

  it('shows courses open now on the home page, soonest first, with a link to all of them', async () => {
    const res = await request(ctx.app).get('/').expect(200);
    const want = expected((m) => m.status === 'published' && m.openNow && m.start > 0);
    assert.deepEqual(texts(res.text, '.open-courses .course-title'), want.slice(0, 6));
    assert.equal(html(res.text)('a[href="/courses?open=1"]').length, 1);
  });

  it('shows university, dates, hours, mode and seats left on each card', async () => {
    const course = await make.course({
      university: 'uiduk',
      capacity: 5,
      title: { ko: '카드 확인 과정', en: 'Card check' },
      days: [dayFromNow(3)],
    });
    await applyToCourse(toActor(await make.trainee()), String(course._id));
    const res = await request(ctx.app).get('/courses?q=%EC%B9%B4%EB%93%9C').expect(200);
    const card = html(res.text)('.course-card').first();
    assert.equal(card.find('.course-university').text(), '위덕대학교');
    assert.match(card.find('.course-facts').text(), /총 3시간/);
    assert.match(card.find('.course-mode').text(), /오프라인/);
    assert.match(card.find('.course-seats').text(), /잔여 4석/);
    const day = shownDate(dayFromNow(3));
    assert.match(day, /\([월화수목금토일]\)$/, 'with its weekday');
    assert.equal(card.find('.course-dates').text(), `${day} – ${day}`);
  });

  it('shows a new application in the counts without changing the catalog snapshot', async () => {
    const course = await make.course({ capacity: 5, title: { ko: '계수 분리 과정', en: 'Counts apart' } });
    const page = () =>
      request(ctx.app)
        .get(`/courses?q=${encodeURIComponent('계수 분리')}`)
        .expect(200);
    assert.match(html((await page()).text)('.course-card .course-seats').text(), /잔여 5석/);
    const snapshot = await readCacheVersion('catalog');
    await applyToCourse(toActor(await make.trainee()), String(course._id));
    assert.equal(await readCacheVersion('catalog'), snapshot, 'a seat write leaves the snapshot as it is');
    assert.match(html((await page()).text)('.course-card .course-seats').text(), /잔여 4석/);
    const shown = await request(ctx.app)
      .get(`/courses/${String(course._id)}`)
      .expect(200);
    assert.match(html(shown.text)('.course-seats').text(), /1/);
  });

  describe('course page', () => {
    it('answers 404 for drafts, cancelled courses and malformed ids', async () => {
      for (const status of ['draft', 'cancelled'] as const) {
        const course = await make.course({ status });
        await request(ctx.app)
          .get(`/courses/${String(course._id)}`)
          .expect(404);
      }
      await request(ctx.app).get('/courses/not-an-id').expect(404);
      await request(ctx.app).get('/courses/000000000000000000000000').expect(404);
    });

    it('shows schedule, venue, eligibility and completion rule', async () => {
      const course = await make.course({
        eligibleCategories: ['student'],
        completionRule: { minAttendanceRate: 0.9, assessmentRequired: true, passScore: 70 },
      });
      const res = await request(ctx.app)
        .get(`/courses/${String(course._id)}`)
        .expect(200);
      const $ = html(res.text);
      assert.equal($('.schedule tbody tr').length, 3);
      assert.equal($('.course-venue').text(), '포항가속기연구소');
      assert.equal($('.course-eligibility').text(), '대학(원)생');
      assert.match($('.course-completion').text(), /출석률 90% 이상, 평가 70점 이상/);
    });

    it('offers the action that fits the viewer', async () => {
      const open = await make.course({ capacity: 1 });
      const id = String(open._id);
      const anonymous = await request(ctx.app).get(`/courses/${id}`).expect(200);
      assert.equal(html(anonymous.text)('.apply-box a.button').attr('href'), `/login?returnTo=/courses/${id}`);

      const first = await make.trainee();
      const { agent, csrf } = await loginAgent(ctx.app, first.email);
      assert.equal(html((await agent.get(`/courses/${id}`)).text)('.apply-button').text(), '수강 신청');
      const applied = await agent.post(`/courses/${id}/enroll`).type('form').send({ _csrf: csrf }).expect(303);
      assert.match(applied.headers.location!, new RegExp(`^/courses/${id}\\?applied=[0-9a-f-]{36}$`));
      const enrolled = html((await agent.get(applied.headers.location!)).text);
      assert.match(enrolled('.flash').text(), /수강 신청이 완료/);
      // The outcome is the trainee's own: another trainee at the same address is told nothing.
      const other = await loginAgent(ctx.app, (await make.trainee()).email);
      assert.equal(html((await other.agent.get(applied.headers.location!)).text)('.flash').length, 0);
      assert.match(enrolled('.apply-state').text(), /수강이 확정/);
      assert.equal(enrolled('form[action$="/withdraw"]').length, 1);
      const again = await agent.post(`/courses/${id}/enroll`).type('form').send({ _csrf: csrf }).expect(422);
      assert.match(html(again.text)('.form-errors').text(), /이미 신청한 과정/);

      const second = await loginAgent(ctx.app, (await make.trainee()).email);
      assert.equal(html((await second.agent.get(`/courses/${id}`)).text)('.apply-button').text(), '대기 신청');
      await second.agent.post(`/courses/${id}/enroll`).type('form').send({ _csrf: second.csrf }).expect(303);
      assert.match(html((await second.agent.get(`/courses/${id}`)).text)('.apply-state').text(), /대기 1번째/);

      const states: [CourseSpec, RegExp][] = [
        [{ status: 'closed' }, /신청을 받지 않는/],
        [{ opensAt: new Date(Date.now() + day), closesAt: new Date(Date.now() + 2 * day) }, /신청 기간 전/],
        [{ eligibleCategories: ['employee'] }, /신청 대상이 아닙니다/],
      ];
      for (const [spec, text] of states) {
        const course = await make.course(spec);
        const $ = html((await agent.get(`/courses/${String(course._id)}`)).text);
        assert.match($('.apply-state').text(), text);
        assert.equal($('.apply-button').length, 0);
      }
      const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
      assert.match(html((await staff.agent.get(`/courses/${id}`)).text)('.apply-state').text(), /교육생 계정/);
    });

    it('says "closed" or "opening soon" to everyone when the window is not open, with no login button', async () => {
      const closed = await make.course({
        title: { ko: '창구 마감 과정', en: 'Window closed course' },
        closesAt: new Date(Date.now() - day),
        days: [dayFromNow(10)],
      });
      const soon = await make.course({
        title: { ko: '창구 예정 과정', en: 'Window soon course' },
        opensAt: new Date('2099-03-02T01:00:00Z'),
        closesAt: new Date('2099-03-09T09:00:00Z'),
        days: ['2099-03-20'],
      });
      const card = async (q: string, lang = 'ko') =>
        html(
          (
            await request(ctx.app)
              .get(`/courses?q=${encodeURIComponent(q)}&lang=${lang}`)
              .expect(200)
          ).text,
        )('.course-card .course-seats')
          .text()
          .trim();
      assert.equal(await card('창구 마감'), '모집 마감');
      assert.equal(await card('창구 예정'), '모집 예정 · 2099년 3월 2일 (월) 신청 시작');
      assert.equal(await card('Window closed', 'en'), 'Applications closed');
      assert.equal(await card('Window soon', 'en'), 'Opening soon · applications from Mon, 2 Mar 2099');
      const open = texts(
        (await request(ctx.app).get('/courses?open=1&q=%EC%B0%BD%EA%B5%AC').expect(200)).text,
        '.course-title',
      );
      assert.deepEqual(open, []);

      const page = async (id: unknown, agent = request(ctx.app)) =>
        html((await agent.get(`/courses/${String(id)}`).expect(200)).text);
      const $closed = await page(closed._id);
      assert.equal($closed('.course-status').text(), '모집 마감');
      assert.match($closed('.apply-state').text(), /신청을 받지 않는/);
      assert.equal($closed('.apply-box a.button').length, 0, 'no "log in to apply"');
      const $soon = await page(soon._id);
      assert.equal($soon('.course-status').text(), '모집 예정');
      assert.match($soon('.apply-state').text(), /2099년 3월 2일 \(월\) 10:00부터 신청할 수 있습니다/);
      assert.equal($soon('.apply-box a.button').length, 0);
      const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
      assert.match((await page(closed._id, staff.agent))('.apply-state').text(), /신청을 받지 않는/);
    });

    it('works the state out from the clock on every page, though the cached catalog has not changed', async () => {
      const course = await make.course({
        title: { ko: '시계 과정', en: 'Clock course' },
        closesAt: new Date(Date.now() + day),
        days: [dayFromNow(10)],
      });
      const id = String(course._id);
      const query = { q: '시계 과정', page: 1 };
      const now = await searchCatalog(query);
      assert.equal(now.items[0]?.shownStatus, 'published');
      const later = new Date(Date.now() + 2 * day);
      assert.equal((await searchCatalog(query, undefined, later)).items[0]?.shownStatus, 'closed');
      assert.equal((await searchCatalog({ ...query, open: true }, undefined, later)).total, 0);
      const before = new Date(Date.now() - 2 * day);
      assert.equal((await searchCatalog(query, undefined, before)).items[0]?.shownStatus, 'upcoming');
      assert.equal((await getPublicCourse(id, undefined, later)).state, 'closed');
      assert.equal((await getPublicCourse(id, undefined, before)).state, 'notYetOpen');
      assert.equal((await getPublicCourse(id)).state, 'login');
    });

    it('refuses enrolment to anonymous visitors and to staff', async () => {
      const course = await make.course();
      const anon = await request(ctx.app)
        .post(`/courses/${String(course._id)}/enroll`)
        .expect(403);
      assert.ok(anon);
      const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
      await staff.agent
        .post(`/courses/${String(course._id)}/enroll`)
        .type('form')
        .send({ _csrf: staff.csrf })
        .expect(403);
      assert.equal(await Course.countDocuments({ _id: course._id }), 1);
    });
  });
});
