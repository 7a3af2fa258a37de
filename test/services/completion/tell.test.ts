import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { completionNotices, type TellDecision } from '../../../server/services/completion/tell';

const course = {
  _id: new Types.ObjectId(),
  title: { ko: '셀 공정', en: 'Cell processing' },
  sessions: [1, 2, 3, 4],
  completionRule: { minAttendanceRate: 0.8, passScore: 70 },
};

function decision(over: Partial<TellDecision> & { rate?: number; score?: number | null; assessmentMet?: boolean }) {
  const rate = over.rate ?? 1;
  return {
    enrollment: { _id: new Types.ObjectId(), trainee: new Types.ObjectId() },
    seq: 3,
    row: {
      attendanceRate: rate,
      attendanceMet: rate >= 0.8,
      assessmentMet: over.assessmentMet,
      score: over.score ?? null,
    },
    outcome: 'not_completed',
    overridden: false,
    ...over,
  } as TellDecision;
}

describe('completion/tell: the notices a committed completion sends', () => {
  it('tells a completer their certificate number and link, keyed by the completion step', () => {
    const d = decision({ outcome: 'completed' });
    const certificates = new Map([[String(d.enrollment._id), 'PH-2026-0007']]);
    const [notice] = completionNotices(course, [d], certificates);
    assert.deepEqual(notice, {
      key: `completion:${String(d.enrollment._id)}:3`,
      user: d.enrollment.trainee,
      kind: 'completed',
      params: { titleKo: '셀 공정', titleEn: 'Cell processing', number: 'PH-2026-0007' },
      link: '/certificates/PH-2026-0007',
    });
    // Without a certificate (not issued yet) the link goes to the transcript.
    assert.equal(completionNotices(course, [d], new Map())[0]?.link, '/me/transcript');
  });

  it('tells a trainee who did not complete why: attendance against the minimum, the assessment, both, or the staff’s reason', () => {
    const [attendance, assessment, missing, both, override] = completionNotices(
      course,
      [
        decision({ rate: 0.5 }),
        decision({ rate: 1, assessmentMet: false, score: 55 }),
        decision({ rate: 1, assessmentMet: false, score: null }),
        decision({ rate: 0.25, assessmentMet: false, score: 10 }),
        decision({ rate: 1, overridden: true, reason: '부정행위' }),
      ],
      new Map(),
    );
    assert.equal(attendance?.kind, 'notCompleted');
    assert.deepEqual(
      { ...attendance?.params },
      {
        titleKo: '셀 공정',
        titleEn: 'Cell processing',
        context: 'attendance',
        attended: '2',
        sessions: '4',
        rate: '50',
        minimum: '80',
        score: '',
        passScore: '70',
        reason: '',
      },
    );
    assert.equal(attendance?.link, `/courses/${String(course._id)}`);
    assert.equal(assessment?.params.context, 'assessment');
    assert.equal(assessment?.params.score, '55');
    assert.equal(missing?.params.context, 'assessmentMissing');
    assert.equal(both?.params.context, 'both');
    assert.equal(override?.params.context, 'override');
    assert.equal(override?.params.reason, '부정행위');
  });
});
