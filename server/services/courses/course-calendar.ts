import ical, { escape, ICalEventStatus } from 'ical-generator';
import type { TFunction } from 'i18next';
import { bySessionStart, seoulTime, type CourseDoc } from '../../../models/course';
import type { Locale } from '../../i18n';
import { loadPublicCourse } from './catalog';
import { inLanguage } from '../../lib/bilingual';

/** What one course contributes to a calendar: its sessions, named in the reader's language. */
export interface CalendarCourse {
  course: Pick<CourseDoc, '_id' | 'code' | 'title' | 'venue' | 'sessions' | 'updatedAt' | 'createdAt'>;
  universityName?: { ko: string; en: string };
}

// How often a subscribed calendar app should fetch again (REFRESH-INTERVAL, X-PUBLISHED-TTL).
const refreshSeconds = 3600;

/**
 * An iCalendar (RFC 5545) file with one event per session, written by ical-generator (CRLF
 * lines folded at 75 octets, text escaped). Times are UTC instants computed from the Seoul
 * wall clock, so no VTIMEZONE is needed and every app shows them in its own zone. The UID is
 * the session's stable `_id`, the same in the course's file and in a trainee's feed, so an app
 * that has both sees one event; DTSTAMP is the course's last change, so an unchanged course
 * gives the same bytes on every request (so Express's ETag lets calendar apps get a 304).
 */
export function buildCalendar(input: {
  name: string;
  courses: readonly CalendarCourse[];
  lang: Locale;
  t: TFunction;
  baseUrl: string;
}): string {
  const host = new URL(input.baseUrl).hostname;
  const calendar = ical({
    // ical-generator writes NAME and X-WR-CALNAME without escaping; a course title may hold a comma.
    name: escape(input.name, false),
    prodId: { company: 'Pohang City', product: 'Battery Talent Hub', language: input.lang.toUpperCase() },
    ttl: refreshSeconds,
  });
  for (const { course, universityName } of input.courses) {
    const title = inLanguage(course.title, input.lang);
    const url = `${input.baseUrl}/courses/${String(course._id)}`;
    const sessions = [...course.sessions].sort(bySessionStart);
    sessions.forEach((session, i) => {
      calendar.createEvent({
        id: `${String(session._id)}@${host}`,
        start: seoulTime(session.date, session.start),
        end: seoulTime(session.date, session.end),
        stamp: course.updatedAt ?? course.createdAt ?? new Date(0),
        summary: input.t('courses.calendar.eventTitle', { title, n: i + 1, total: sessions.length }),
        description: [session.topic, universityName?.[input.lang], `${course.code} · ${url}`]
          .filter(Boolean)
          .join('\n'),
        location: course.venue || null,
        url,
        status: ICalEventStatus.CONFIRMED,
      });
    });
  }
  // RFC 5545 ends every content line, END:VCALENDAR included, with CRLF; ical-generator leaves the last one off.
  return `${calendar.toString()}\r\n`;
}

/** The ICS file of one public course (published, closed or completed), in the reader's language. */
export async function publicCourseCalendar(id: string, reader: { lang: Locale; t: TFunction; baseUrl: string }) {
  const { course, card } = await loadPublicCourse(id);
  const title = inLanguage(course.title, reader.lang);
  const body = buildCalendar({
    ...reader,
    name: `${course.code} ${title}`,
    courses: [{ course, universityName: card.universityDoc?.name }],
  });
  return { body, filename: `${course.code}.ics` };
}
