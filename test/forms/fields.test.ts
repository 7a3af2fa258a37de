import assert from 'node:assert/strict';
import { z } from 'zod';
import { textLimits } from '../../models/text';
import { User } from '../../models/user';
import { createI18n } from '../../server/i18n';
import { dateTime, day, email, optionalText, personName, requiredText, time } from '../../server/forms/fields';
import { parseForm } from '../../server/forms/parse';

/** The message a field gets, rendered as the page shows it. */
async function messages(lang: 'ko' | 'en') {
  const i18n = await createI18n();
  const t = i18n.getFixedT(lang);
  return (schema: z.ZodType, value: unknown): string | undefined => {
    const form = parseForm(z.object({ f: schema }), value === undefined ? {} : { f: value });
    return form.ok ? undefined : t(form.errors.f ?? '');
  };
}

describe('form field builders', () => {
  it('normalize text: NFC, trimmed, as the data the service gets', () => {
    assert.equal(requiredText(10).parse(`  ${'한글'.normalize('NFD')} `), '한글');
    assert.equal(optionalText(10).parse(undefined), '');
    assert.equal(optionalText(10, { multiline: true }).parse('a\r\nb '), 'a\nb');
    assert.equal(email.parse(' Kim@Example.KR '), 'kim@example.kr');
    assert.equal(personName.parse('😀'.repeat(textLimits.personName)), '😀'.repeat(100));
  });

  it('give a message saying what is wrong, in Korean and in English', async () => {
    const ko = await messages('ko');
    const en = await messages('en');
    assert.equal(ko(personName, undefined), '필수 입력 항목입니다.');
    assert.equal(ko(personName, '  '), '필수 입력 항목입니다.');
    assert.equal(ko(personName, ['a', 'b']), '올바른 값이 아닙니다.');
    assert.equal(ko(personName, { a: 'b' }), '올바른 값이 아닙니다.');
    assert.equal(ko(personName, '😀'.repeat(101)), '100자 이내로 입력해 주세요.');
    assert.equal(en(personName, 'a'.repeat(101)), 'Enter at most 100 characters.');
    assert.match(ko(personName, 'abc\u202Eexe.pdf') ?? '', /쓸 수 없는 문자\(U\+202E\)/);
    assert.match(en(personName, 'a\u0001') ?? '', /not allowed \(U\+0001\)/);
    assert.equal(en(personName, 'x\u0316\u0317\u0318\u0319\u031A'), 'A character stacks too many combining marks.');
    assert.equal(ko(email, ['a@b.kr']), '올바른 값이 아닙니다.');
    assert.equal(en(email, `${'a'.repeat(250)}@b.kr`), 'Enter at most 254 characters.');
  });

  it('read dates and times from the calendar, with a message for each way they can be wrong', async () => {
    const ko = await messages('ko');
    const en = await messages('en');
    assert.equal(day.parse('2028-02-29'), '2028-02-29');
    assert.equal(time.parse('23:59'), '23:59');
    assert.equal(dateTime.parse('2027-03-02T09:30').toISOString(), '2027-03-02T00:30:00.000Z');
    assert.equal(ko(day, '2027-02-30'), '달력에 없는 날짜입니다: 2027-02-30');
    assert.equal(en(day, '2027-99-99'), '2027-99-99 is not a date on the calendar.');
    assert.equal(ko(day, '0000-01-01'), '2000년부터 2099년 사이의 날짜를 입력해 주세요.');
    assert.equal(en(day, '2027/03/02'), 'Enter the date as YYYY-MM-DD.');
    assert.equal(ko(day, ''), '필수 입력 항목입니다.');
    assert.equal(ko(day, ['2027-03-02']), '올바른 값이 아닙니다.');
    assert.equal(en(time, '99:99'), '99:99 is not a time of day (00:00–23:59).');
    assert.equal(ko(time, '9시'), '시각을 HH:MM 형식으로 입력해 주세요 (예: 09:30).');
    assert.equal(en(dateTime, '2027-13-45T99:99'), '2027-13-45T99:99 is not a date and time on the calendar.');
    assert.equal(en(dateTime, '2027-03-02'), 'Enter a date and time.');
    assert.equal(en(dateTime, '1999-12-31T23:00'), 'Enter a date between 2000 and 2099.');
  });

  it('agree with the model: what the form accepts the model stores, what it refuses the model refuses', async () => {
    const name = (value: string) =>
      new User({ email: 'a@example.kr', role: 'trainee', name: value }).validate().then(
        () => true,
        () => false,
      );
    for (const value of [
      '😀'.repeat(100),
      '👨‍👩‍👧‍👦'.repeat(100),
      'e\u0301'.normalize('NFC').repeat(100),
      '가'.repeat(100),
    ]) {
      assert.equal(personName.safeParse(value).success, true);
      assert.equal(await name(personName.parse(value)), true, `the model stores ${value.slice(0, 4)}…`);
    }
    for (const value of ['😀'.repeat(101), 'a'.repeat(101), 'a\u202Eb', 'a\u0000b', '\u3164']) {
      assert.equal(personName.safeParse(value).success, false);
      assert.equal(await name(value), false, `the model refuses ${JSON.stringify(value.slice(0, 4))}…`);
    }
  });
});
