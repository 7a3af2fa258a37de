import { dayFromNow } from './factories';

type Row = Record<string, string>;

/** Session rows as a browser posts the editor's inputs: `sessions[0][date]=…` (the test client would nest them differently). */
function flattenSessions(body: Record<string, unknown>): Record<string, unknown> {
  const { sessions, ...rest } = body;
  const rows = Array.isArray(sessions) ? (sessions as Row[]) : [];
  return {
    ...rest,
    ...Object.fromEntries(rows.flatMap((row, i) => Object.entries(row).map(([k, v]) => [`sessions[${i}][${k}]`, v]))),
  };
}

/** A complete, valid course form as a browser posts it; override any field (sessions as a list of rows). */
export function courseFormBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return flattenSessions({
    code: `F-${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    titleKo: '전고체 전지 입문',
    titleEn: 'Introduction to solid-state batteries',
    summaryKo: '요약',
    summaryEn: 'Summary',
    descriptionKo: '소개',
    descriptionEn: 'Description',
    track: 'cell',
    level: 'beginner',
    mode: 'offline',
    venue: '포항테크노파크',
    instructors: '김교수\n이박사',
    sessions: [
      { id: '', date: dayFromNow(20), start: '09:00', end: '12:00', topic: '개론' },
      { id: '', date: dayFromNow(21), start: '13:00', end: '17:30', topic: '실습' },
    ],
    capacity: '25',
    enrolmentOpensAt: `${dayFromNow(-1)}T09:00`,
    enrolmentClosesAt: `${dayFromNow(10)}T18:00`,
    eligibleCategories: ['student', 'job_seeker', 'employee'],
    minAttendancePercent: '80',
    passScore: '60',
    latesPerAbsence: '3',
    excusedCountsAsAttended: 'on',
    checkInGraceMinutes: '10',
    ...overrides,
  });
}
