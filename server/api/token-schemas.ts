import { z } from 'zod';
import { tracks } from '../../models/course';
import { enrollmentStatuses } from '../../models/enrollment';
import { attendanceStatuses } from '../../models/attendance';
import { reportStatuses } from '../../models/completion-report';
import { traineeCategories } from '../../models/user';
import { countedStatuses } from '../services/figures/figures';
import { apiComponents, bilingual, courseId, objectId, pageOf } from './schemas';

/*
 * The parameters and answers of the operations behind a token (see schemas.ts for the public ones).
 * No answer has a field for a name, an email address or a phone number: a trainee appears only as
 * the pseudonym of the city's exports.
 */

const pseudonym = z
  .string()
  .regex(/^P[0-9a-f]{20}$/)
  .meta({ description: "A trainee's pseudonym: the same in every answer and in the city's exports, never reversible" });
const quarter = z.string().regex(/^\d{4}-Q[1-4]$/);
const universityCode = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,30}$/)
  .meta({ description: 'A university code; a university token may give only its own (or none)' });
const limit = z.coerce.number().int().min(1).max(500).default(100);
const cursor = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,400}$/)
  .optional()
  .meta({ description: "The previous page's nextCursor" });

export const figuresQuery = z.strictObject({
  period: quarter.optional().meta({ description: 'A quarter, YYYY-Qn' }),
  university: universityCode.optional(),
  track: z.enum(tracks).optional(),
});

const figures = z
  .object({
    enrollments: z.int(),
    completed: z.int(),
    notCompleted: z.int(),
    withdrawn: z.int().meta({ description: 'Dropouts: withdrawn after the course started' }),
    inTraining: z.int(),
    completionRate: z
      .number()
      .nullable()
      .meta({ description: 'completed ÷ (completed + notCompleted); null when none is decided' }),
    hours: z.number().meta({ description: 'Training hours of completed enrollments' }),
    uniqueTrainees: z.int(),
    residents: z.int().meta({ description: 'Distinct Pohang residents' }),
    residentCompletions: z.int(),
  })
  .register(apiComponents, { id: 'Figures', description: "The dashboard's figures of a set of counted enrollments" });
const breakdown = z.array(z.object({ key: z.string(), figures }));

export const programmeFigures = z
  .object({
    applied: z.object({
      period: z.string().nullable(),
      university: z.string().nullable(),
      track: z.string().nullable(),
    }),
    totals: figures,
    byUniversity: breakdown,
    byTrack: breakdown,
    byCategory: breakdown,
    byQuarter: breakdown,
    quarters: z.array(quarter),
  })
  .register(apiComponents, { id: 'ProgrammeFigures' });

export const reportListQuery = z.strictObject({
  status: z.enum(reportStatuses).optional(),
  university: universityCode.optional(),
  limit,
  cursor,
});

export const reportSummary = z
  .object({
    id: objectId,
    university: z.string(),
    period: z.string().meta({ description: 'A quarter, or course:<course id>' }),
    label: z.string(),
    version: z.int(),
    status: z.enum(reportStatuses),
    contentHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .meta({ description: 'SHA-256 of the stored snapshot text' }),
    submittedAt: z.iso.datetime(),
    reviewedAt: z.iso.datetime().nullable(),
  })
  .register(apiComponents, { id: 'ReportSummary' });
export const reportPage = pageOf(reportSummary, 'ReportPage');

export const report = reportSummary
  .extend({
    hashMatches: z
      .boolean()
      .meta({ description: 'The stored snapshot still hashes to contentHash (checked on every read)' }),
    revokedSince: z.int().meta({ description: "Certificates of the report's courses revoked after it was submitted" }),
    snapshot: z.object({
      university: z.object({ code: z.string(), name: bilingual }),
      period: z.string(),
      scope: z.union([
        z.object({ kind: z.literal('quarter'), quarter }),
        z.object({ kind: z.literal('course'), courseId: objectId, courseCode: z.string(), courseTitle: bilingual }),
      ]),
      generatedAt: z.iso.datetime(),
      figures,
      byTrack: breakdown,
      byCategory: breakdown,
      byCourse: breakdown,
      namedCompleters: z.int().meta({
        description: 'How many completers consented to be named: the snapshot names them, the API never does',
      }),
    }),
  })
  .register(apiComponents, {
    id: 'Report',
    description:
      'A completion report as frozen when submitted. contentHash covers the stored snapshot, which also names ' +
      'the completers who consented: the API leaves the names out, so the hash is checked by the server (hashMatches).',
  });

export const enrollmentQuery = figuresQuery.extend({ limit, cursor });

export const enrollment = z
  .object({
    trainee: pseudonym,
    university: z.string(),
    quarter,
    courseId,
    courseCode: z.string(),
    courseTitle: bilingual,
    track: z.string(),
    category: z.enum([...traineeCategories, 'unknown']),
    resident: z.boolean().meta({ description: 'A Pohang resident' }),
    status: z.enum(countedStatuses),
    courseHours: z.number(),
    creditedHours: z
      .number()
      .meta({ description: "The course's hours when completed, else 0: they add up to the figures' hours" }),
    completedAt: z.iso.datetime().nullable(),
  })
  .register(apiComponents, {
    id: 'Enrollment',
    description: 'A counted enrollment, as a row of the city export without any name',
  });
export const enrollmentPage = pageOf(enrollment, 'EnrollmentPage');

export const outcomesQuery = z.strictObject({ university: universityCode.optional() });

const publishedCount = z.int().min(0).nullable().meta({ description: 'null: suppressed by the minimum-cell rule' });
const responses = z.object({ asked: publishedCount, answered: publishedCount, rate: z.number().nullable() });
const distribution = z.object({
  rows: z.array(z.object({ value: z.string(), byRound: z.array(publishedCount) })),
  totals: z.array(publishedCount),
});

export const outcomes = z
  .object({
    minimumCell: z.int(),
    rounds: z
      .array(z.int())
      .meta({ description: 'Months after completion each round asks; byRound follows this order' }),
    responses: z.array(responses.extend({ round: z.string() })),
    employment: distribution,
    sector: distribution,
    pohang: distribution,
    relevance: distribution,
    universities: z.array(responses.extend({ university: z.string() })),
    suppressed: z.int(),
  })
  .register(apiComponents, {
    id: 'Outcomes',
    description: 'Outcome follow-up tables over the trainees who are not named, under the minimum-cell rule',
  });

export const roster = z
  .object({
    course: courseId,
    items: z.array(
      z.object({
        trainee: pseudonym,
        status: z.enum(enrollmentStatuses),
        category: z.enum([...traineeCategories, '']),
        appliedAt: z.iso.datetime(),
        waitlistRank: z.int().nullable(),
      }),
    ),
  })
  .register(apiComponents, { id: 'Roster', description: "A course's applicants in application order" });

export const attendance = z
  .object({
    course: courseId,
    sessions: z.array(z.object({ id: objectId, date: z.string(), start: z.string(), end: z.string() })),
    items: z.array(
      z.object({
        trainee: pseudonym,
        status: z.enum(enrollmentStatuses),
        marks: z.array(z.object({ session: objectId, status: z.enum(attendanceStatuses) })),
      }),
    ),
  })
  .register(apiComponents, {
    id: 'Attendance',
    description: "The marks of a course's enrolled, completed and not-completed trainees, per session",
  });

const enrollmentStatus = z.enum(enrollmentStatuses);

export const changesQuery = z.strictObject({
  after: cursor.meta({ description: "The previous page's nextCursor; without it the feed starts from the beginning" }),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export type ChangesQuery = z.infer<typeof changesQuery>;

export const change = z
  .discriminatedUnion('type', [
    z.object({
      type: z.literal('enrollment'),
      change: z.enum(['created', 'status']).meta({ description: 'created: the application; status: a later step' }),
      id: z.string().meta({ description: 'The change itself (stable: the same change always has the same id)' }),
      at: z.iso.datetime(),
      enrollment: objectId,
      course: objectId,
      trainee: pseudonym.optional().meta({ description: 'On the change that created the enrollment' }),
      status: enrollmentStatus,
      previousStatus: enrollmentStatus.nullable(),
    }),
    z.object({
      type: z.literal('trainee'),
      change: z.literal('anonymised').meta({
        description: 'The account was closed or expired: drop anything else held about this pseudonym',
      }),
      id: z.string(),
      at: z.iso.datetime(),
      trainee: pseudonym,
    }),
  ])
  .register(apiComponents, { id: 'Change' });

export const changesPage = z
  .object({
    items: z.array(change),
    nextCursor: z
      .string()
      .meta({ description: 'Pass as `after` to read on: at once while `more`, later once caught up' }),
    more: z.boolean().meta({ description: 'true: the page is full and more changes wait; false: caught up' }),
  })
  .register(apiComponents, { id: 'ChangesPage' });
