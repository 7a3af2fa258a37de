import assert from 'node:assert/strict';
import type { TFunction } from 'i18next';
import { createI18n } from '../../../server/i18n';
import { describeChanges } from '../../../server/services/audit/describe';
import '../../../models';

describe('describing an audit event', () => {
  let ko: TFunction;
  let en: TFunction;
  before(async () => {
    const i18n = await createI18n();
    ko = i18n.getFixedT('ko');
    en = i18n.getFixedT('en');
  });

  it('names each changed field and its values in the reader’s language, statuses by the record they belong to', () => {
    const course = {
      targetType: 'Course',
      before: { capacity: 20, status: 'draft' },
      after: { capacity: 25, status: 'published' },
    };
    assert.deepEqual(describeChanges(course, ko, 'ko'), ['정원: 20 → 25', '상태: 작성 중 → 모집 중']);
    assert.deepEqual(describeChanges(course, en, 'en'), ['Capacity: 20 → 25', 'Status: Draft → Open']);
    const enrollment = { targetType: 'Enrollment', before: { status: 'pending' }, after: { status: 'enrolled' } };
    assert.deepEqual(describeChanges(enrollment, ko, 'ko'), ['상태: 승인 대기 → 수강 확정']);
  });

  it('shows text typed by staff as written, never as a code or a date, and hides internal ordering keys', () => {
    const lines = describeChanges(
      { targetType: 'Enrollment', after: { reason: '2026-13-45T99:99 개인 사정', position: 1733390000000000 } },
      ko,
      'ko',
    );
    assert.deepEqual(lines, ['사유: 2026-13-45T99:99 개인 사정']);
  });

  it('writes moved sessions as dates and times, and counts attendance changes', () => {
    const session = { date: '2026-12-07', start: '09:00', end: '12:00', topic: '셀 조립' };
    const lines = describeChanges(
      {
        targetType: 'Course',
        before: { sessions: { s1: session } },
        after: { sessions: { s1: { ...session, start: '13:00', end: '16:00' } } },
        meta: { changes: [{}, {}, {}] },
      },
      ko,
      'ko',
    );
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^교육일 변경: .*09:00–12:00 셀 조립 → .*13:00–16:00 셀 조립$/);
    assert.equal(lines[1], '출결 3칸을 바꿨습니다');
  });

  it('keeps a long event to thirty lines and a long value to 300 characters', () => {
    const after = Object.fromEntries(Array.from({ length: 40 }, (_v, i) => [`field${i}`, 'x'.repeat(400)]));
    const lines = describeChanges({ after }, en, 'en');
    assert.equal(lines.length, 31);
    assert.equal(lines.at(-1), '…');
    assert.equal(lines[0]!.length, 300);
  });
});
