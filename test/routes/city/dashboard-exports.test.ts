import assert from 'node:assert/strict';
import { pseudonymKey, pseudonymOf } from '../../../server/lib/pseudonym';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { days, make } from '../../support/factories';
import { workbookOf } from '../../support/documents';
import { html } from '../../support/html';
import { binaryBody } from '../../support/streams';

const csvRows = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));

describe('city exports: language, pseudonyms and the summary sheet', () => {
  const ctx = useTestApp();
  let city: Awaited<ReturnType<typeof loginAgent>>;
  let returning: { _id: unknown };

  before(async function () {
    this.timeout(60_000);
    // One trainee in two quarters, so the pseudonym must join them.
    returning = await make.trainee({ name: '재수강 교육생', category: 'employee', consent: false });
    const q2 = await make.course({
      university: 'knu',
      status: 'completed',
      code: 'EXP-2',
      track: 'cell',
      days: days('2026-05-04', 2),
    });
    const q3 = await make.course({
      university: 'knu',
      status: 'completed',
      code: 'EXP-3',
      days: days('2026-08-03', 2),
    });
    await make.enrollment(q2, returning, 'completed');
    await make.enrollment(q3, returning, 'not_completed');
    await make.enrollment(
      q3,
      await make.trainee({ name: '동의 수료생', consent: true, pohangResident: false }),
      'completed',
    );
    await make.enrollment(q2, await make.trainee({ category: 'student' }), 'withdrawn');
    city = await loginAgent(ctx.app, (await make.cityStaff()).email);
  });

  it('writes the CSV in the page language: headers, universities, tracks, categories, statuses', async () => {
    const [header, ...rows] = csvRows(
      (await city.agent.get('/city/export.csv?period=2026-Q3&lang=ko').expect(200)).text,
    );
    assert.deepEqual(header, [
      '대학',
      '분기',
      '과정 코드',
      '과정명',
      '분야',
      '교육생(동의자만 실명)',
      '구분',
      '포항 거주',
      '상태',
      '과정 교육시간',
      '수료 인정 시간',
      '수료일',
      '가명 교육생 ID',
    ]);
    const named = rows.find((r) => r[5] === '동의 수료생');
    assert.ok(named);
    assert.deepEqual(named.slice(0, 3), ['경북대학교', '2026-Q3', 'EXP-3']);
    assert.deepEqual([named[4], named[6], named[7], named[8]], ['소재', '구직자', '아니요', '수료']);
    const [enHeader, ...enRows] = csvRows(
      (await city.agent.get('/city/export.csv?period=2026-Q3&lang=en').expect(200)).text,
    );
    assert.equal(enHeader![0], 'University');
    assert.equal(enHeader!.at(-1), 'Pseudonymous trainee id');
    const unnamed = enRows.find((r) => r[5] === '');
    assert.deepEqual(
      [unnamed![0], unnamed![6], unnamed![8]],
      ['Kyungpook National University', 'Employee', 'Not completed'],
    );
  });

  it('gives each trainee a keyed pseudonym that is the same in every quarter and names no one', async () => {
    const ids = (text: string) =>
      csvRows(text)
        .slice(1)
        .map((r) => r.at(-1)!);
    const q2 = ids((await city.agent.get('/city/export.csv?period=2026-Q2').expect(200)).text);
    const q3 = ids((await city.agent.get('/city/export.csv?period=2026-Q3').expect(200)).text);
    const expected = pseudonymOf(ctx.config.pseudonymKey, String(returning._id));
    assert.ok(q2.includes(expected) && q3.includes(expected), 'the returning trainee joins across quarters');
    assert.equal(new Set([...q2, ...q3]).size, 3, 'three people, three pseudonyms');
    const other = pseudonymOf(pseudonymKey('a-different-secret-of-at-least-32-chars'), String(returning._id));
    assert.ok(!q2.includes(other), 'the pseudonym depends on the configured secret');
    const csv = (await city.agent.get('/city/export.csv').expect(200)).text;
    assert.ok(!csv.includes(String(returning._id)), 'the raw id is never exported');
    assert.ok(!csv.includes('재수강 교육생'), 'a trainee without consent is not named');
  });

  it('puts a summary sheet with the dashboard figures of the same filter first in the XLSX', async () => {
    for (const query of ['lang=ko', 'period=2026-Q3&lang=ko', 'university=knu&track=cell&lang=en']) {
      const res = await city.agent.get(`/city/export.xlsx?${query}`).buffer(true).parse(binaryBody).expect(200);
      const workbook = await workbookOf(res.body as Buffer);
      const [summary, enrollments] = workbook.worksheets;
      assert.ok(summary && enrollments);
      const en = query.includes('lang=en');
      assert.equal(summary.name, en ? 'Summary' : '요약');
      assert.equal(enrollments.name, en ? 'Enrollments' : '수강 내역');
      const figure = (label: string) => {
        const row = summary.getSheetValues().find((r) => Array.isArray(r) && r[1] === label) as unknown[] | undefined;
        return row?.[2];
      };
      const $ = html((await city.agent.get(`/city?${query}`).expect(200)).text);
      const shown = (name: string) => $(`dl.figure-totals dd[data-figure="${name}"]`).text().trim();
      const labels = en
        ? {
            enrollments: 'Enrollments',
            completed: 'Completed',
            uniqueTrainees: 'Trainees (unique)',
            rate: 'Completion rate (%)',
          }
        : { enrollments: '수강', completed: '수료', uniqueTrainees: '교육생(중복 제외)', rate: '수료율(%)' };
      assert.equal(String(figure(labels.enrollments)), shown('enrollments'), `${query} enrollments`);
      assert.equal(String(figure(labels.completed)), shown('completed'), `${query} completed`);
      assert.equal(String(figure(labels.uniqueTrainees)), shown('uniqueTrainees'), `${query} trainees`);
      const rate = figure(labels.rate);
      assert.equal(
        rate === null || rate === undefined ? '—' : `${String(rate)}%`,
        shown('completionRate'),
        `${query} rate`,
      );
      assert.equal(enrollments.rowCount - 1, Number(shown('enrollments')), 'one row per counted enrollment');
    }
  });

  /** The name a browser saves an attachment under: filename* (RFC 5987) decoded, and the ASCII filename. */
  const savedAs = (disposition: unknown) => {
    const header = String(disposition);
    assert.match(header, /^attachment; /);
    const star = /filename\*=UTF-8''([^;\s]+)/.exec(header)?.[1];
    assert.ok(star, `filename* in ${header}`);
    return { name: decodeURIComponent(star), ascii: /filename="([^"]*)"/.exec(header)?.[1] };
  };

  it('names the file after its filter, in Korean through filename* and in ASCII for old clients', async () => {
    const filtered = await city.agent
      .get('/city/export.csv?period=2026-Q2&university=knu&track=cell&lang=ko')
      .expect(200);
    assert.deepEqual(savedAs(filtered.headers['content-disposition']), {
      name: '이차전지인재허브-수강내역_2026-Q2_경북대학교_셀·공정.csv',
      ascii: 'battery-talent-hub_2026-Q2_knu_cell.csv',
    });
    const all = await city.agent.get('/city/export.xlsx?lang=ko').buffer(true).parse(binaryBody).expect(200);
    assert.deepEqual(savedAs(all.headers['content-disposition']), {
      name: '이차전지인재허브-수강내역_전체기간.xlsx',
      ascii: 'battery-talent-hub_all-periods.xlsx',
    });
    const en = await city.agent.get('/city/export.csv?period=2026-Q3&university=knu&lang=en').expect(200);
    assert.equal(
      savedAs(en.headers['content-disposition']).name,
      'battery-talent-hub-enrollments_2026-Q3_Kyungpook-National-University.csv',
    );
    // A filter that is not applied is not named; an odd value cannot break the header.
    const odd = await city.agent.get('/city/export.csv?period=2026-Q9&track=nope&university=a%22b%3Bc').expect(200);
    const header = String(odd.headers['content-disposition']);
    assert.equal(savedAs(header).ascii, 'battery-talent-hub_all-periods_a-b-c.csv');
    assert.equal(header.split(';').length, 3, header);
  });

  it('writes yes/no as 예/아니요 (Yes/No), and credits hours so that the column adds up to the dashboard, as the summary says', async () => {
    for (const lang of ['ko', 'en'] as const) {
      const res = await city.agent.get(`/city/export.xlsx?lang=${lang}`).buffer(true).parse(binaryBody).expect(200);
      const [summary, enrollments] = (await workbookOf(res.body as Buffer)).worksheets;
      assert.ok(summary && enrollments);
      const header = (enrollments.getRow(1).values as unknown[]).slice(1).map(String);
      const column = (name: string) => {
        const i = header.indexOf(name) + 1;
        assert.ok(i > 0, `column ${name} in ${header.join(', ')}`);
        return Array.from({ length: enrollments.rowCount - 1 }, (_v, r) => enrollments.getRow(r + 2).getCell(i).value);
      };
      const words = lang === 'ko' ? ['예', '아니요'] : ['Yes', 'No'];
      const resident = column(lang === 'ko' ? '포항 거주' : 'Pohang resident');
      assert.ok(resident.length > 0 && resident.every((v) => words.includes(String(v))), resident.join(','));
      assert.ok(resident.includes(words[1]), 'the non-resident reads no');
      const status = column(lang === 'ko' ? '상태' : 'Status');
      const courseHours = column(lang === 'ko' ? '과정 교육시간' : 'Course hours').map(Number);
      const credited = column(lang === 'ko' ? '수료 인정 시간' : 'Hours credited (completed)').map(Number);
      const completed = lang === 'ko' ? '수료' : 'Completed';
      credited.forEach((h, i) => assert.equal(h, status[i] === completed ? courseHours[i] : 0, `row ${i + 2}`));
      assert.ok(credited.some((h) => h === 0) && credited.some((h) => h > 0));

      const label = lang === 'ko' ? '교육시간(수료)' : 'Training hours (completed)';
      const rows = (summary.getSheetValues() as unknown[]).filter((r): r is unknown[] => Array.isArray(r));
      const hours = rows.find((r) => r[1] === label)?.[2];
      const sum = Math.round(credited.reduce((a, b) => a + b, 0) * 10) / 10;
      assert.equal(hours, sum, 'the summary hours are the credited column added up');
      const $ = html((await city.agent.get(`/city?lang=${lang}`).expect(200)).text);
      assert.equal(
        Number(
          $('dl.figure-totals dd[data-figure="hours"]')
            .text()
            .replace(/[^\d.]/g, ''),
        ),
        sum,
        'and the dashboard shows the same',
      );
      const note = rows.map((r) => String(r[1] ?? '')).find((t) => t.startsWith(label) && t !== label);
      assert.ok(note, 'the summary says how the hours are counted');
      assert.match(note, lang === 'ko' ? /수료 인정 시간.*대시보드/ : /Hours credited \(completed\).*dashboard/);
    }
  });
});
