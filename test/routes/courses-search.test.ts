import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import request from 'supertest';
import { Course } from '../../models/course';
import { University } from '../../models/university';
import { toActor } from '../../server/services/accounts/auth';
import { applyToCourse } from '../../server/services/applications/apply';
import { loginAgent, type Agent } from '../support/agents';
import { useTestApp } from '../support/app';
import { dayFromNow, make } from '../support/factories';
import { html, texts } from '../support/html';

const day = 24 * 3600 * 1000;
const titles = (body: string) => texts(body, '.course-list .course-title');

describe('catalog search, filters and sort', () => {
  const ctx = useTestApp();
  /** Starts 40 days apart, so each of the three falls in a month of its own. */
  const starts = { bms: dayFromNow(40), cathode: dayFromNow(80), recycling: dayFromNow(120) };

  before(async function () {
    this.timeout(60_000);
    // Created in this order (so "newest" reverses it); every summary carries the word 시범과정.
    const bms = await make.course({
      university: 'postech',
      code: 'BMS-101',
      title: { ko: '배터리 관리 시스템 입문', en: 'Battery management systems' },
      summary: { ko: '셀 밸런싱과 SOC 추정 실습 (시범과정)', en: 'Cell balancing and SOC estimation' },
      instructors: ['김하늘 교수'],
      level: 'beginner',
      track: 'pack_bms',
      capacity: 5,
      days: [starts.bms],
    });
    for (let i = 0; i < 2; i++) await make.enrollment(bms, await make.trainee());
    await make.course({
      university: 'korea',
      code: 'CAT-220',
      title: { ko: '양극재 합성 실무', en: 'Cathode synthesis practice' },
      summary: { ko: '하이니켈 양극재 공정 (시범과정)', en: 'High-nickel cathode processing' },
      instructors: ['Jane Park'],
      level: 'intermediate',
      capacity: 30,
      days: [starts.cathode],
    });
    await make.course({
      university: 'handong',
      code: 'REC-300',
      title: { ko: '폐배터리 재활용', en: 'Battery recycling' },
      summary: { ko: '습식 제련 (시범과정)', en: 'Hydrometallurgy' },
      instructors: ['이도윤'],
      level: 'advanced',
      track: 'recycling',
      capacity: 10,
      days: [starts.recycling],
    });
    // Closed to applications: it has the most room but no seat can be had, so "seats left" puts it last.
    await make.course({
      university: 'uiduk',
      code: 'OLD-001',
      title: { ko: '마감된 안전 평가', en: 'Closed safety testing' },
      summary: { ko: '시범과정', en: 'Pilot' },
      status: 'closed',
      capacity: 100,
      days: [dayFromNow(20)],
    });
  });

  const search = async (query: string) => titles((await request(ctx.app).get(`/courses?${query}`).expect(200)).text);
  const q = (text: string) => `q=${encodeURIComponent(text)}`;

  describe('search text', () => {
    for (const [field, text, found] of [
      ['a part of a Korean title', '양극', ['양극재 합성 실무']],
      ['an English title in any case', 'CATHODE', ['양극재 합성 실무']],
      ['the Korean summary', '밸런싱', ['배터리 관리 시스템 입문']],
      ['the English summary', 'hydrometallurgy', ['폐배터리 재활용']],
      ['a Korean instructor, part of the name', '하늘', ['배터리 관리 시스템 입문']],
      ['an English instructor', 'jane', ['양극재 합성 실무']],
      ['the Korean university name', '한동', ['폐배터리 재활용']],
      ['the English university name', 'Korea University', ['양극재 합성 실무']],
      ['the course code', 'rec-300', ['폐배터리 재활용']],
      ['a code word found in no title', 'bms', ['배터리 관리 시스템 입문']],
      ['full-width letters, as NFKC reads them', 'ＢＭＳ', ['배터리 관리 시스템 입문']],
      ['decomposed Hangul, as a Mac sends it', '재활용'.normalize('NFD'), ['폐배터리 재활용']],
      ['several words, each in any field', '배터리  김하늘', ['배터리 관리 시스템 입문']],
      ['several words in two languages', 'battery 한동대', ['폐배터리 재활용']],
      ['several words when one matches nothing', '배터리 없는말', []],
      ['regular-expression characters, literally', '.*', []],
      ['a title typed without its spaces', '배터리관리시스템', ['배터리 관리 시스템 입문']],
      ['a title typed with spaces it does not have', '폐 배터리', ['폐배터리 재활용']],
      ['initial consonants (ㅇㄱㅈ: 양극재)', 'ㅇㄱㅈ', ['양극재 합성 실무']],
      ['syllables and initial consonants mixed', '재ㅎ용', ['폐배터리 재활용']],
      ["a university's common name (포항공대: 포스텍, POSTECH)", '포항공대 시범과정', ['배터리 관리 시스템 입문']],
      ["a university's short name (고대: 고려대학교)", '고대', ['양극재 합성 실무']],
      ["a university's English initials (HGU: 한동대학교)", 'hgu', ['폐배터리 재활용']],
      ['a common name with another word', '한동대 재활용', ['폐배터리 재활용']],
    ] as const) {
      it(`finds by ${field}`, async () => {
        assert.deepEqual(await search(q(text)), found);
      });
    }

    it('finds 실리콘 음극재 typed as 실리콘음극재, or by ㅇㄱㅈ', async () => {
      await Course.updateOne({ code: 'CAT-220' }, { $set: { 'summary.ko': '실리콘 음극재 (시범과정)' } });
      try {
        assert.deepEqual(await search(q('실리콘음극재')), ['양극재 합성 실무']);
        assert.deepEqual(await search(q('실리콘 음극재')), ['양극재 합성 실무']);
        assert.deepEqual(await search(q('ㅅㄹㅋ ㅇㄱㅈ')), ['양극재 합성 실무']);
      } finally {
        await Course.updateOne({ code: 'CAT-220' }, { $set: { 'summary.ko': '하이니켈 양극재 공정 (시범과정)' } });
      }
    });

    it("searches a university's aliases as they are changed (one list per university)", async () => {
      const query = q('포스텍대학 시범과정');
      assert.deepEqual(await search(query), []);
      await University.updateOne({ code: 'postech' }, { $push: { aliases: '포스텍대학' } });
      try {
        assert.deepEqual(await search(query), ['배터리 관리 시스템 입문']);
      } finally {
        await University.updateOne({ code: 'postech' }, { $pull: { aliases: '포스텍대학' } });
      }
      assert.deepEqual(await search(query), []);
    });

    it('searches the new text once a course changes (the snapshot is rebuilt)', async () => {
      assert.deepEqual(await search(q('박서준')), []);
      await Course.updateOne({ code: 'CAT-220' }, { $set: { instructors: ['박서준'] } });
      assert.deepEqual(await search(q('박서준')), ['양극재 합성 실무']);
      await Course.updateOne({ code: 'CAT-220' }, { $set: { instructors: ['Jane Park'] } });
    });
  });

  describe('filters', () => {
    it('by level', async () => {
      assert.deepEqual(await search(`${q('시범과정')}&level=advanced`), ['폐배터리 재활용']);
      assert.deepEqual(await search(`${q('시범과정')}&level=intermediate`), ['양극재 합성 실무']);
    });

    it('by start month, offering the months that have courses in both languages', async () => {
      const month = starts.cathode.slice(0, 7);
      assert.deepEqual(await search(`month=${month}`), ['양극재 합성 실무']);
      const ko = html((await request(ctx.app).get('/courses').expect(200)).text);
      const values = ko('#f-month option')
        .map((_i, el) => ko(el).attr('value'))
        .get();
      for (const start of Object.values(starts)) assert.ok(values.includes(start.slice(0, 7)), start);
      const [year, m] = month.split('-').map(Number);
      assert.equal(ko(`#f-month option[value="${month}"]`).text(), `${year}년 ${m}월`);
      const en = html((await request(ctx.app).get(`/courses?month=${month}&lang=en`).expect(200)).text);
      const name = new Date(Date.UTC(year!, m! - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
      assert.equal(en('.filter-chips [data-filter=month] span').text(), `Start month: ${name} ${year}`);
    });

    it('combines search, level, university and month', async () => {
      const both = `${q('배터리')}&level=beginner&university=postech&month=${starts.bms.slice(0, 7)}`;
      assert.deepEqual(await search(both), ['배터리 관리 시스템 입문']);
      assert.deepEqual(await search(`${q('배터리')}&level=beginner&university=handong`), []);
    });
  });

  describe('sort', () => {
    it('by start date unless asked otherwise', async () => {
      const byStart = ['마감된 안전 평가', '배터리 관리 시스템 입문', '양극재 합성 실무', '폐배터리 재활용'];
      assert.deepEqual(await search(q('시범과정')), byStart);
      assert.deepEqual(await search(`${q('시범과정')}&sort=start`), byStart);
    });

    it('newest first', async () => {
      assert.deepEqual(await search(`${q('시범과정')}&sort=newest`), [
        '마감된 안전 평가',
        '폐배터리 재활용',
        '양극재 합성 실무',
        '배터리 관리 시스템 입문',
      ]);
    });

    it('by seats left among courses taking applications, the rest after them', async () => {
      const res = await request(ctx.app)
        .get(`/courses?${q('시범과정')}&sort=seats`)
        .expect(200);
      assert.deepEqual(titles(res.text), [
        '양극재 합성 실무',
        '폐배터리 재활용',
        '배터리 관리 시스템 입문',
        '마감된 안전 평가',
      ]);
      assert.deepEqual(texts(res.text, '.course-list .course-seats').slice(0, 3), [
        '잔여 30석',
        '잔여 10석',
        '잔여 3석',
      ]);
      assert.equal(html(res.text)('#f-sort option[selected]').attr('value'), 'seats');
    });
  });

  describe('filters on the page', () => {
    it('shows each filter as a chip that removes only itself, and a link to clear them all', async () => {
      const res = await request(ctx.app)
        .get(`/courses?${q('배터리')}&level=beginner&sort=newest`)
        .expect(200);
      const $ = html(res.text);
      assert.deepEqual(texts(res.text, '.filter-chips .chip span'), [
        '검색어: 배터리',
        '수준: 입문',
        '정렬: 최근 등록순',
      ]);
      const removeQ = $('.filter-chips [data-filter=q] a').attr('href')!;
      assert.equal(removeQ, '/courses?level=beginner&sort=newest');
      assert.equal($('.filter-chips [data-filter=q] a').attr('aria-label'), '검색어 조건 지우기');
      assert.deepEqual(titles((await request(ctx.app).get(removeQ).expect(200)).text), [
        '마감된 안전 평가',
        '배터리 관리 시스템 입문',
      ]);
      assert.equal($('.filter-chips .clear-filters').attr('href'), '/courses');
      assert.equal($('#f-q').val(), '배터리');
      assert.equal($('#f-level option[selected]').attr('value'), 'beginner');
      const en = await request(ctx.app)
        .get(`/courses?${q('배터리')}&level=beginner&sort=seats&lang=en`)
        .expect(200);
      assert.deepEqual(texts(en.text, '.filter-chips .chip span'), [
        'Search: 배터리',
        'Level: Beginner',
        'Sort: Most seats left',
      ]);
      assert.equal(html((await request(ctx.app).get('/courses').expect(200)).text)('.filter-chips').length, 0);
    });

    it('ignores hostile or malformed parameters, names them, and never fails', async () => {
      const cases: [string, string[]][] = [
        ['q=a&q=b', ['검색어']],
        [q('가'.repeat(101)), ['검색어']],
        [q('x'.repeat(8000)), ['검색어']],
        ['q=%E2%80%AEcod', ['검색어']],
        ['sort=__proto__', ['정렬']],
        ['sort[]=seats', []],
        ['sort=seats&sort=newest', ['정렬']],
        ['month=2026-13&level=%3Cscript%3E', ['수준', '시작 월']],
        ['page=1e309&open=yes', ['지금 신청 가능', '페이지']],
        ['university=..%2F..&track=(a|b)*', ['대학', '분야']],
        ['constructor=1&__proto__[x]=1&q[$regex]=.*', []],
      ];
      const everything = titles((await request(ctx.app).get('/courses').expect(200)).text);
      for (const [query, named] of cases) {
        const res = await request(ctx.app).get(`/courses?${query}`);
        const name = query.slice(0, 40);
        assert.equal(res.status, 200, name);
        assert.deepEqual(texts(res.text, '.catalog-ignored .badge'), named, name);
        assert.ok(!res.text.includes('<script>'), name);
        if (named.length) assert.deepEqual(titles(res.text), everything, `${name}: the page lists every course`);
      }
      const en = await request(ctx.app).get('/courses?sort=cheapest&lang=en').expect(200);
      assert.match(html(en.text)('.catalog-ignored').text(), /not understood: Sort/);
      assert.deepEqual(
        titles(
          (
            await request(ctx.app)
              .get(`/courses?${q('(+*[')}`)
              .expect(200)
          ).text,
        ),
        [],
      );
    });
  });

  describe('courses I can apply to', () => {
    let trainee: { agent: Agent };
    const mark = '자격확인';
    let made = 0;
    // A day of its own for each, so that no application is refused for a timetable clash.
    const course = (name: string, spec: Parameters<typeof make.course>[0] = {}) =>
      make.course({
        title: { ko: `${mark} ${name}`, en: `Eligibility ${name}` },
        days: [dayFromNow(50 + made++)],
        ...spec,
      });

    before(async function () {
      this.timeout(60_000);
      const me = await make.trainee({ category: 'job_seeker' });
      const other = toActor(await make.trainee());
      await course('가 열림');
      await course('나 다른 대상', { eligibleCategories: ['student', 'employee'] });
      await make.enrollment(await course('다 수강 중'), me);
      const full = await course('라 대기 중', { capacity: 1 });
      await applyToCourse(other, String(full._id));
      await applyToCourse(toActor(me), String(full._id));
      await make.enrollment(await course('마 취소 후 재신청'), me, 'withdrawn');
      await applyToCourse(other, String((await course('바 만석, 대기 가능', { capacity: 1 }))._id));
      await course('사 신청 전', { opensAt: new Date(Date.now() + day), closesAt: new Date(Date.now() + 2 * day) });
      await course('아 마감', { closesAt: new Date(Date.now() - day) });
      await course('자 모집 종료', { status: 'closed' });
      trainee = await loginAgent(ctx.app, me.email);
    });

    it('keeps only what the trainee may apply for now, by the apply rules', async () => {
      const all = titles((await trainee.agent.get(`/courses?${q(mark)}`).expect(200)).text);
      assert.equal(all.length, 9);
      const res = await trainee.agent.get(`/courses?${q(mark)}&eligible=1`).expect(200);
      assert.deepEqual(titles(res.text).sort(), [
        `${mark} 가 열림`,
        `${mark} 마 취소 후 재신청`,
        `${mark} 바 만석, 대기 가능`,
      ]);
      const $ = html(res.text);
      assert.equal($('input[name=eligible]').attr('checked'), 'checked');
      assert.deepEqual(texts(res.text, '.filter-chips .chip span'), [`검색어: ${mark}`, '내가 신청 가능']);
      for (const title of titles(res.text)) {
        const card = $('.course-card').filter((_i, el) => $(el).find('.course-title').text() === title);
        const page = html((await trainee.agent.get(card.find('a').attr('href')!).expect(200)).text);
        assert.equal(page('.apply-button').length, 1, `${title}: its page offers to apply`);
      }
    });

    it('is offered to trainees only; others are told to sign in as a trainee and see every course', async () => {
      const anonymous = await request(ctx.app)
        .get(`/courses?${q(mark)}&eligible=1`)
        .expect(200);
      const $ = html(anonymous.text);
      assert.equal($('input[name=eligible]').length, 0);
      assert.equal(titles(anonymous.text).length, 9);
      assert.match($('.eligible-needs-trainee').text(), /교육생 계정으로 로그인/);
      assert.equal(
        $('.eligible-needs-trainee a').attr('href'),
        `/login?returnTo=${encodeURIComponent(`/courses?q=${encodeURIComponent(mark)}&eligible=1`)}`,
      );
      const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
      const staffPage = html((await staff.agent.get(`/courses?eligible=1&lang=en`).expect(200)).text);
      assert.match(staffPage('.eligible-needs-trainee').text(), /sign in with a trainee account/);
      assert.equal(staffPage('.eligible-needs-trainee a').length, 0);
    });
  });

  it('leaves out a course whose session clashes with a held one, and says a clash is not about input', async function () {
    this.timeout(60_000);
    const mark = '시간겹침';
    const when = dayFromNow(150);
    const me = await make.trainee({ category: 'job_seeker' });
    // Advanced, in a month of their own: the catalog tests after this one filter beginner courses.
    const held = await make.course({ title: { ko: `${mark} 수강 중`, en: 'Held' }, days: [when], level: 'advanced' });
    await make.enrollment(held, me);
    const clash = await make.course({
      title: { ko: `${mark} 같은 시간`, en: 'Same hour' },
      days: [when],
      level: 'advanced',
      hours: { start: '10:00', end: '13:00' },
    });
    await make.course({
      title: { ko: `${mark} 오후`, en: 'Afternoon' },
      days: [when],
      level: 'advanced',
      hours: { start: '12:00', end: '15:00' },
    });
    const trainee = await loginAgent(ctx.app, me.email);
    assert.deepEqual(titles((await trainee.agent.get(`/courses?q=${encodeURIComponent(mark)}&eligible=1`)).text), [
      `${mark} 오후`,
    ]);
    // The apply service agrees: the left-out course refuses, and its refusal is not headed as an input error.
    for (const lang of ['ko', 'en'] as const) {
      const page = await trainee.agent.get(`/courses/${String(clash._id)}?lang=${lang}`).expect(200);
      const csrf = html(page.text)('input[name=_csrf]').first().val() as string;
      const refused = await trainee.agent
        .post(`/courses/${String(clash._id)}/enroll?lang=${lang}`)
        .type('form')
        .send({ _csrf: csrf, key: crypto.randomUUID() })
        .expect(422);
      const summary = html(refused.text)('.form-errors');
      assert.equal(summary.find('h2').text(), lang === 'ko' ? '요청을 처리할 수 없습니다' : 'This cannot be done');
      assert.doesNotMatch(summary.text(), /입력 내용을 확인|check what you entered/);
      assert.match(summary.find('p').text(), new RegExp(`${mark} 수강 중|Held`));
      assert.equal(summary.find('.error-links a').length, 0);
    }
  });

  it('keeps search, filters and sort in the page links', async function () {
    this.timeout(60_000);
    const when = dayFromNow(200);
    for (let i = 0; i < 14; i++)
      await make.course({
        title: { ko: `분책 과정 ${String(i).padStart(2, '0')}`, en: `Paging ${i}` },
        level: 'intermediate',
        capacity: 20 + i,
        days: [when],
      });
    const trainee = await loginAgent(ctx.app, (await make.trainee()).email);
    const query = `q=${encodeURIComponent('분책')}&level=intermediate&month=${when.slice(0, 7)}&eligible=1&sort=seats`;
    const first = await trainee.agent.get(`/courses?${query}`).expect(200);
    assert.equal(titles(first.text).length, 12);
    assert.equal(titles(first.text)[0], '분책 과정 13', 'most seats first');
    const next = html(first.text)('.pagination a[rel=next]').attr('href')!;
    assert.equal(next, `/courses?${query}&page=2`);
    const second = await trainee.agent.get(next).expect(200);
    assert.deepEqual(titles(second.text), ['분책 과정 01', '분책 과정 00']);
    assert.equal(html(second.text)('.pagination a[rel=prev]').attr('href'), `/courses?${query}`);
    assert.equal(
      html(second.text)('.filter-chips [data-filter=level] a').attr('href'),
      `/courses?${query.replace('&level=intermediate', '')}`,
    );
  });
});
