import assert from 'node:assert/strict';
import { draftPublishProblems, publishProblems } from '../../../server/services/courses/rules';

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe('courses/rules: what a course needs before it is published', () => {
  it('names each problem by field with its message key, and none for a ready course', () => {
    const ready = {
      sessions: [{}],
      startsAt: d('2026-07-01'),
      enrolmentOpensAt: d('2026-06-01'),
      enrolmentClosesAt: d('2026-06-20'),
    };
    assert.deepEqual(publishProblems(ready), {});
    assert.deepEqual(publishProblems({ ...ready, sessions: [] }), { sessions: 'manage.lifecycle.errors.noSessions' });
    assert.deepEqual(publishProblems({ ...ready, enrolmentClosesAt: d('2026-05-01') }), {
      enrolmentClosesAt: 'manage.form.errors.windowOrder',
    });
    assert.deepEqual(publishProblems({ ...ready, enrolmentClosesAt: d('2026-07-02') }), {
      enrolmentClosesAt: 'manage.lifecycle.errors.windowAfterStart',
    });
  });

  it('reports a draft’s problems only while it is a draft', () => {
    const lacking = { sessions: [], enrolmentOpensAt: d('2026-06-01'), enrolmentClosesAt: d('2026-06-20') };
    assert.deepEqual(draftPublishProblems({ ...lacking, status: 'draft' }), {
      sessions: 'manage.lifecycle.errors.noSessions',
    });
    assert.deepEqual(draftPublishProblems({ ...lacking, status: 'published' }), {});
  });
});
