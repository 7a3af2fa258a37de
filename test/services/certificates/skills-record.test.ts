import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { skillsRecord, type CompletedCourse } from '../../../server/services/certificates/skills-record';

describe("a trainee's skills record", () => {
  const skill = (code: string) => ({ _id: new Types.ObjectId(), code, name: { ko: code, en: code } });
  const [cell, electrode, safety] = [skill('cell'), skill('electrode'), skill('safety')];
  const course = (code: string, hours: number, day: string, skills: unknown[]): CompletedCourse => ({
    courseCode: code,
    hours,
    completedAt: new Date(`${day}T00:00:00Z`),
    skills,
  });

  it('lists each trained skill in the list’s order with its courses, oldest first, and the hours summed', () => {
    const completed = [
      course('B', 7.5, '2026-06-01', [cell._id, String(electrode._id)]),
      course('A', 12.25, '2026-03-01', [cell._id]),
    ];
    const record = skillsRecord(completed, [safety, electrode, cell]);
    assert.deepEqual(
      record.map((r) => [r.skill.code, r.courses.map((c) => c.courseCode), r.hours]),
      [
        ['electrode', ['B'], 7.5],
        ['cell', ['A', 'B'], 19.8],
      ],
    );
    assert.equal(record[1]?.lastCompletedAt?.toISOString(), '2026-06-01T00:00:00.000Z');
  });

  it('is empty without completed courses tagged with a listed skill', () => {
    assert.deepEqual(skillsRecord([course('A', 3, '2026-01-01', [new Types.ObjectId()])], [cell]), []);
    assert.deepEqual(skillsRecord([], [cell]), []);
  });
});
