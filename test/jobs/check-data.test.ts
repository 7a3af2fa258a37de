import assert from 'node:assert/strict';
import { AuditEvent } from '../../models/audit-event';
import { Certificate } from '../../models/certificate';
import { CourseFigures } from '../../models/course-figures';
import { Enrollment } from '../../models/enrollment';
import { Seat } from '../../models/seat';
import { PendingFactChange } from '../../models/pending-fact-change';
import { checkDataJob, checkDataPeriodMs, fullCheckDataJob, fullCheckDataPeriodMs } from '../../server/jobs/check-data';
import { createI18n } from '../../server/i18n';
import { createLogger } from '../../server/logger';
import { describeChanges } from '../../server/services/audit/describe';
import { actionSentence } from '../../server/services/city/audit-log';
import { courseWithApplications, emptyButUniversities } from '../support/drift';
import { useTestApp } from '../support/app';

describe('the periodic data check', () => {
  useTestApp();
  beforeEach(emptyButUniversities);

  it('daily: logs every difference, repairs the safe ones only, and audits each repair in words', async () => {
    const { course, applied } = await courseWithApplications(2);
    const [first, second] = applied.map((a) => a.enrollmentId);
    // A safe one: a seat held for a withdrawn enrollment. One for a person: a completion without its certificate.
    await Enrollment.updateOne({ _id: first }, { $set: { status: 'withdrawn', withdrawnAt: new Date() } });
    await Enrollment.updateOne({ _id: second }, { $set: { status: 'completed' } });

    const lines: { level: number; msg: string; check?: string; outcome?: string; differences?: number }[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    const job = fullCheckDataJob(logger);
    assert.equal(job.periodMs, fullCheckDataPeriodMs);
    await job.run({ start: new Date() });

    const warned = lines.filter((l) => l.level === 40).map((l) => `${l.check}: ${l.outcome}`);
    assert.ok(warned.includes('seat-without-enrollment: repaired'), warned.join('\n'));
    assert.ok(warned.includes('certificates: not-safe'), warned.join('\n'));
    const orphan = lines.find((l) => l.check === 'seat-without-enrollment');
    assert.equal(
      orphan?.msg,
      `[seat-without-enrollment] seat 1 of course ${String(course._id)} (${course.code}): its enrollment ${first} is withdrawn — repaired`,
    );
    assert.equal(
      lines.find((l) => l.check === 'certificates')?.msg,
      `[certificates] enrollment ${second} of course ${String(course._id)} (${course.code}) is completed but has no certificate — left for a person (npm run check-data -- --repair)`,
    );
    const summary = lines.at(-1);
    assert.equal(summary?.msg, 'data checked: differences found');
    assert.equal(summary?.level, 30);
    assert.equal(await Seat.countDocuments({ enrollment: first }), 0, 'the safe one was repaired');
    assert.equal(await Certificate.countDocuments({ enrollment: second }), 0, 'the other waits for a person');

    const event = await AuditEvent.findOne({ action: 'data.repair' }).lean();
    assert.ok(event);
    assert.equal(event.actor, undefined, 'no person acted');
    const i18n = await createI18n();
    for (const [lang, sentence, lines] of [
      ['en', 'Repaired data', ['Check: seat-without-enrollment', 'Reason: Found by the periodic data check']],
      ['ko', '데이터를 바로잡았습니다', ['점검 항목: seat-without-enrollment', '사유: 정기 데이터 점검에서 발견']],
    ] as const) {
      const t = i18n.getFixedT(lang);
      assert.ok(actionSentence('data.repair', t).includes(sentence));
      const described = describeChanges(event, t, lang);
      for (const line of lines) assert.ok(described.includes(line), `${lang}: ${described.join(' | ')}`);
      assert.ok(described.some((l) => l.includes('is withdrawn')));
    }
  });

  it('logs one line when the data is consistent', async () => {
    await courseWithApplications(2);
    const lines: { msg: string; differences?: number; repaired?: number }[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    await fullCheckDataJob(logger).run({ start: new Date() });
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.msg, 'data checked: no differences');
    assert.equal(lines[0]?.differences, 0);
  });

  it('every ten minutes: looks only at open work, and rebuilds the copies of a change left recorded ahead', async () => {
    const { course, applied } = await courseWithApplications(2);
    // Drift the frequent run leaves to the daily one: a seat held for a withdrawn enrollment.
    await Enrollment.updateOne({ _id: applied[0]!.enrollmentId }, { $set: { status: 'withdrawn' } });
    // A change whose copies were never rebuilt, recorded ahead an hour ago.
    await CourseFigures.deleteOne({ _id: course._id });
    await PendingFactChange.create({
      _id: 'enrollments:stale',
      fact: 'enrollments',
      change: { fact: 'enrollments', course: course._id },
      since: new Date(Date.now() - 3600_000),
      tries: 5,
    });
    const lines: { msg: string; check?: string; outcome?: string; checks?: number }[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
    const job = checkDataJob(logger);
    assert.equal(job.periodMs, checkDataPeriodMs);
    await job.run({ start: new Date() });
    assert.deepEqual(
      lines.filter((l) => l.check).map((l) => `${l.check}: ${l.outcome}`),
      ['stale-copies: repaired'],
    );
    assert.equal(lines.at(-1)?.checks, 2, 'the two checks of open work');
    assert.equal(await CourseFigures.countDocuments({ _id: course._id }), 1, 'the figures were rebuilt');
    assert.equal(await PendingFactChange.countDocuments({ _id: 'enrollments:stale' }), 0);
    assert.equal(await Seat.countDocuments({ enrollment: applied[0]!.enrollmentId }), 1, 'left to the daily run');
  });
});
