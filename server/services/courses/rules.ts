/** What a course needs before trainees can see and apply for it, as field → i18n key. */
export function publishProblems(course: {
  sessions: unknown[];
  startsAt?: Date | null;
  enrolmentOpensAt: Date;
  enrolmentClosesAt: Date;
}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (course.sessions.length === 0) problems.sessions = 'manage.lifecycle.errors.noSessions';
  if (course.enrolmentOpensAt >= course.enrolmentClosesAt)
    problems.enrolmentClosesAt = 'manage.form.errors.windowOrder';
  else if (course.startsAt && course.enrolmentClosesAt > course.startsAt)
    problems.enrolmentClosesAt = 'manage.lifecycle.errors.windowAfterStart';
  return problems;
}

/** What a saved draft still lacks to be published (none for a course past draft, which must meet them to be saved). */
export function draftPublishProblems(course: Parameters<typeof publishProblems>[0] & { status: string }) {
  return course.status === 'draft' ? publishProblems(course) : {};
}
