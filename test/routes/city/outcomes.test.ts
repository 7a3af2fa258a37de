import assert from 'node:assert/strict';
import { OutcomeAnswer } from '../../../models/outcome-answer';
import { OutcomeRequest } from '../../../models/outcome-request';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
import { outcomeRounds } from '../../../models/outcome-due';
import type { PublishedCount } from '../../../server/services/city/disclosure';
import { exposedCells, publishedCells, trueCells, type PublishedTables } from '../../support/disclosure-attack';
import { html, texts } from '../../support/html';

describe('outcomes for the city', () => {
  const ctx = useTestApp();

  /** `n` completions at one university, each asked at 3 months; `answer(i)` gives the i-th answer or none. */
  async function completions(
    university: string,
    n: number,
    answer: (i: number) => { employment: string; sector?: string; inPohang?: boolean } | undefined,
    named = false,
  ) {
    const course = await make.course({ university, status: 'completed', days: [dayFromNow(-120)] });
    for (let i = 0; i < n; i++) {
      const trainee = await make.trainee({ followUp: true, consent: named, name: `성과${university}${i}` });
      const enrollment = await make.enrollment(course, trainee, 'completed');
      const base = {
        enrollment: enrollment._id,
        trainee: trainee._id,
        course: course._id,
        university: course.university,
        round: 3,
      };
      await OutcomeRequest.create({ ...base, askedAt: new Date() });
      const a = answer(i);
      if (a) await OutcomeAnswer.create({ ...base, ...a, relevance: 4, answeredAt: new Date() });
    }
  }

  type Answer = { employment: string; sector?: string; inPohang?: boolean };
  const battery: Answer = { employment: 'employed', sector: 'battery', inPohang: true };

  /** The page's tables read back from its HTML, with a suppressed cell as null, as a reader has them. */
  function readTables(page: string): PublishedTables {
    const $ = html(page);
    const count = (text: string): PublishedCount => {
      const t = text.trim();
      if (t === '표시 안 함' || t === 'Not shown') return null;
      assert.match(t, /^\d+$/, `a count cell reads ${t}`);
      return Number(t);
    };
    const row = (tr: Parameters<typeof $>[0]) =>
      $(tr)
        .find('td.num')
        .map((_i, td) => $(td).text())
        .get();
    const distribution = (name: string) => ({
      rows: $(`[data-table="${name}"] tbody tr`)
        .map((_i, tr) => ({ value: $(tr).attr('data-value')!, byRound: row(tr).map(count) }))
        .get(),
      totals: row($(`[data-table="${name}"] tfoot tr`).get(0)!).map(count),
    });
    return {
      rounds: outcomeRounds,
      responses: $('.outcome-responses tbody tr')
        .map((_i, tr) => {
          const [asked = '', answered = ''] = row(tr);
          return { round: $(tr).attr('data-round')!, asked: count(asked), answered: count(answered) };
        })
        .get(),
      universities: $('.outcome-universities tbody tr[data-university]')
        .map((_i, tr) => {
          const [asked = '', answered = ''] = row(tr);
          return { university: $(tr).attr('data-university')!, asked: count(asked), answered: count(answered) };
        })
        .get(),
      employment: distribution('employment'),
      sector: distribution('sector'),
      pohang: distribution('pohang'),
      relevance: distribution('relevance'),
    };
  }

  it('counts only respondents who are not named, so no cell, total or named row can be combined to reveal their answers', async () => {
    // Round 3, not consenting to be named. POSTECH: 20 asked, 12 employed in battery in Pohang, 3 seeking, 5 unanswered.
    // Handong: 10 asked, 6 employed in battery in Pohang, 4 in other manufacturing outside Pohang.
    // Consenting to be named, Uiduk: 3 asked, one seeking and one employed in another sector outside Pohang, one unanswered.
    // This is the case of the issue: "seeking" is hidden, and a named row says "seeking".
    const postech: (Answer | undefined)[] = [
      ...Array<Answer>(12).fill(battery),
      ...Array<Answer>(3).fill({ employment: 'seeking' }),
      ...Array<undefined>(5).fill(undefined),
    ];
    const handong: Answer[] = [
      ...Array<Answer>(6).fill(battery),
      ...Array<Answer>(4).fill({ employment: 'employed', sector: 'manufacturing', inPohang: false }),
    ];
    const uiduk: (Answer | undefined)[] = [
      { employment: 'seeking' },
      { employment: 'employed', sector: 'other', inPohang: false },
      undefined,
    ];
    await completions('postech', postech.length, (i) => postech[i]);
    await completions('handong', handong.length, (i) => handong[i]);
    await completions('uiduk', uiduk.length, (i) => uiduk[i], true);
    const answers = (university: string, list: (Answer | undefined)[]) =>
      list.flatMap((a) => (a ? [{ round: 3, university, relevance: 4, ...a }] : []));
    const asked = (university: string, n: number) => Array.from({ length: n }, () => ({ round: 3, university }));
    const unnamedTruth = trueCells(
      [...asked('postech', 20), ...asked('handong', 10)],
      [...answers('postech', postech), ...answers('handong', handong)],
    );

    const city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    const res = await city.agent.get('/city/outcomes').expect(200);
    const $ = html(res.text);
    assert.equal($('h1').text(), '수료 후 취업 성과');
    assert.match($('.minimum-cell-rule').text(), /5명 미만인 칸/);
    assert.match($('.outcome-tables-scope').text(), /실명 보고에 동의하지 않은 교육생만/);
    assert.equal($('#outcomes-named').text(), '실명 공개에 동의한 응답');
    assert.match($('.outcome-named-scope').text(), /위 표의 인원에는 포함되지 않습니다.*실명 응답 2건/);

    // Every cell the page shows is the count of the unnamed respondents alone: the named ones are in no total.
    const tables = readTables(res.text);
    const model = publishedCells(tables);
    const shown = [...model.domains].filter(([, [lo, hi]]) => lo === hi);
    for (const [key, [value]] of shown) {
      assert.equal(value, unnamedTruth.get(key) ?? 0, `${key} counts the unnamed only`);
      assert.ok(value === 0 || value >= 5, `${key}=${value} is shown`);
    }
    assert.deepEqual(
      texts(res.text, '.outcome-responses tr[data-round="3"] td'),
      ['30', '25', '83.3%'],
      "Uiduk's 3 named trainees are not among those asked",
    );
    assert.deepEqual(texts(res.text, '.outcome-universities tr[data-university]').length, 2);
    const atThree = (table: string, value: string) =>
      texts(res.text, `[data-table="${table}"] tr[data-value="${value}"] td`)[0];
    assert.deepEqual(
      ['employed', 'in_training', 'seeking', 'not_seeking'].map((v) => atThree('employment', v)),
      ['표시 안 함', '0', '표시 안 함', '0'],
    );

    // No combination of the cells and totals gives a small cell's value, nor tells it is small (integer constraint search).
    assert.deepEqual(exposedCells(model, unnamedTruth), []);
    // The named rows: the consented answers, with what they are.
    assert.deepEqual(texts(res.text, '.outcome-named tbody td:first-child'), ['성과uiduk0', '성과uiduk1']);
    const namedRows = texts(res.text, '.outcome-named tbody tr');
    assert.match(namedRows[0] ?? '', /위덕대학교.*3개월 구직 중/);
    assert.match(namedRows[1] ?? '', /위덕대학교.*3개월 취업\(재직 중\) 기타 아니요, 포항 밖/);
    // A reader who took the named rows for part of the tables would be told nothing either: no total includes them,
    // and had they been counted (3 asked, 2 answers more), the tables would read differently.
    const everyoneTruth = trueCells(
      [...asked('postech', 20), ...asked('handong', 10), ...asked('uiduk', 3)],
      [...answers('postech', postech), ...answers('handong', handong), ...answers('uiduk', uiduk)],
    );
    assert.notEqual(model.domains.get('asked:3')?.[0], everyoneTruth.get('asked:3'));

    const en = await city.agent.get('/city/outcomes?lang=en').expect(200);
    assert.equal(html(en.text)('h1').text(), 'Outcomes after training');
    assert.equal(html(en.text)('#outcomes-named').text(), 'Answers shared by name, with consent');
    assert.match(texts(en.text, '.outcome-tables-scope')[0] ?? '', /do not consent to named reporting/);
    assert.deepEqual(exposedCells(publishedCells(readTables(en.text)), unnamedTruth), []);
  });

  it('is for city staff only', async () => {
    const trainee = await loginAgent(ctx.app, (await make.trainee()).email);
    await trainee.agent.get('/city/outcomes').expect(403);
    const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    await staff.agent.get('/city/outcomes').expect(403);
  });
});
