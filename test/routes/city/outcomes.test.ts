import assert from 'node:assert/strict';
import { OutcomeAnswer } from '../../../models/outcome-answer';
import { OutcomeRequest } from '../../../models/outcome-request';
import { loginAgent } from '../../support/agents';
import { useTestApp } from '../../support/app';
import { dayFromNow, make } from '../../support/factories';
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

  it('shows response rates and outcomes, hides cells below five and what would give them away, and names only consenting trainees', async () => {
    // Round 3. POSTECH: 20 asked, 10 employed in battery in Pohang, 5 seeking, 5 unanswered. Handong: 10 asked, 6 employed
    // in battery in Pohang, 4 in other manufacturing outside. Uiduk: 3 asked, 1 employed in another sector outside Pohang.
    const battery = { employment: 'employed', sector: 'battery', inPohang: true };
    await completions('postech', 20, (i) => (i < 10 ? battery : i < 15 ? { employment: 'seeking' } : undefined));
    await completions('handong', 10, (i) =>
      i < 6 ? battery : { employment: 'employed', sector: 'manufacturing', inPohang: false },
    );
    await completions(
      'uiduk',
      3,
      (i) => (i === 0 ? { employment: 'employed', sector: 'other', inPohang: false } : undefined),
      true,
    );

    const city = await loginAgent(ctx.app, (await make.cityStaff()).email);
    const res = await city.agent.get('/city/outcomes').expect(200);
    const $ = html(res.text);
    assert.equal($('h1').text(), '수료 후 취업 성과');
    assert.match($('.minimum-cell-rule').text(), /5명 미만인 칸/);
    const cells = (selector: string) => texts(res.text, `${selector} td`);
    assert.deepEqual(cells('.outcome-responses tr[data-round="3"]'), ['33', '26', '78.8%']);
    assert.deepEqual(cells('.outcome-responses tr[data-round="6"]'), ['0', '0', '—']);
    const hidden = '표시 안 함';
    // Uiduk's 3 asked, 1 answer and 2 unanswered are hidden. Its 2 unanswered plus POSTECH's 5 are the 7 of the total, so
    // POSTECH's unanswered is hidden too, and then its answered (20 − unanswered); Uiduk's 3 asked would follow from the
    // total 33 with only Handong's 10 beside it, so Handong's asked is hidden, and then its answered.
    assert.deepEqual(cells('.outcome-universities tr[data-university="postech"]'), ['20', hidden, '—']);
    assert.deepEqual(cells('.outcome-universities tr[data-university="handong"]'), [hidden, hidden, '—']);
    assert.deepEqual(cells('.outcome-universities tr[data-university="uiduk"]'), [hidden, hidden, '—']);
    const atThree = (table: string, value: string) => cells(`[data-table="${table}"] tr[data-value="${value}"]`)[0];
    assert.deepEqual(
      ['employed', 'in_training', 'seeking', 'not_seeking'].map((v) => atThree('employment', v)),
      ['21', '0', '5', '0'],
    );
    // 16 in battery, 4 in other manufacturing, 1 elsewhere: the 4 and the 1 are hidden (together 5, so neither follows).
    assert.deepEqual(
      ['battery', 'manufacturing', 'other'].map((v) => atThree('sector', v)),
      ['16', hidden, hidden],
    );
    assert.deepEqual(
      ['yes', 'no'].map((v) => atThree('pohang', v)),
      ['16', '5'],
    );
    const allNumbers = $('td.num')
      .map((_i, el) => $(el).text().trim())
      .get()
      .filter((t) => /^\d+$/.test(t))
      .map(Number);
    assert.ok(
      allNumbers.every((n) => n === 0 || n >= 5),
      `published: ${allNumbers.join(', ')}`,
    );

    assert.deepEqual(texts(res.text, '.outcome-named tbody td:first-child'), ['성과uiduk0']);
    assert.match(
      texts(res.text, '.outcome-named tbody tr')[0] ?? '',
      /위덕대학교.*3개월 취업\(재직 중\) 기타 아니요, 포항 밖/,
    );

    const en = await city.agent.get('/city/outcomes?lang=en').expect(200);
    assert.equal(html(en.text)('h1').text(), 'Outcomes after training');
    assert.ok(texts(en.text, '.outcome-universities td').includes('Not shown'));
  });

  it('is for city staff only', async () => {
    const trainee = await loginAgent(ctx.app, (await make.trainee()).email);
    await trainee.agent.get('/city/outcomes').expect(403);
    const staff = await loginAgent(ctx.app, (await make.staff('postech')).email);
    await staff.agent.get('/city/outcomes').expect(403);
  });
});
