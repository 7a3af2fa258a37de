import { z } from 'zod';
import { levels, modes, tracks } from '../../models/course';
import { traineeCategories } from '../../models/user';
import { problems } from './problem';

/** The schemas the OpenAPI document names as components (openapi.ts), by id. */
export const apiComponents = z.registry<{ id: string; description?: string }>();

/*
 * The API's parameters and answers, one zod schema each: the routes validate with them and the
 * OpenAPI document (openapi.ts) is generated from them, so the two cannot disagree.
 */

export const bilingual = z
  .object({ ko: z.string(), en: z.string() })
  .register(apiComponents, { id: 'Bilingual', description: 'Text in Korean and English' });
export const objectId = z.string().regex(/^[0-9a-f]{24}$/);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'A day in Asia/Seoul, YYYY-MM-DD' });
const time = z
  .string()
  .regex(/^\d{2}:\d{2}$/)
  .meta({ description: 'A time of day in Asia/Seoul, HH:MM' });

export const courseId = objectId.meta({ description: 'A course id' });

export const universitySummary = z
  .object({ id: objectId, code: z.string(), name: bilingual })
  .register(apiComponents, { id: 'UniversitySummary' });

export const university = universitySummary
  .extend({ website: z.string().optional() })
  .register(apiComponents, { id: 'University' });

export const shownStatuses = ['published', 'upcoming', 'closed', 'completed'] as const;

export const course = z
  .object({
    id: objectId,
    code: z.string(),
    title: bilingual,
    summary: bilingual,
    university: universitySummary.nullable(),
    track: z.enum(tracks),
    level: z.enum(levels),
    mode: z.enum(modes),
    status: z.enum(shownStatuses).meta({
      description:
        'published: taking applications now; upcoming: its window opens later; closed: applications ended; completed',
    }),
    capacity: z.int(),
    totalHours: z.number(),
    startsAt: z.iso.datetime().nullable(),
    endsAt: z.iso.datetime().nullable(),
    enrolmentOpensAt: z.iso.datetime(),
    enrolmentClosesAt: z.iso.datetime(),
    approvalRequired: z.boolean(),
    eligibleCategories: z.array(z.enum(traineeCategories)),
    url: z.string().meta({ description: "The course's page on the site" }),
  })
  .register(apiComponents, { id: 'Course' });

export const courseDetail = course
  .extend({
    description: bilingual,
    venue: z.string(),
    sessions: z.array(z.object({ date: day, start: time, end: time, topic: z.string() })),
  })
  .register(apiComponents, { id: 'CourseDetail' });

/** A page of a list: its items and, when there are more, the cursor of the next page. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last' }),
    })
    .register(apiComponents, { id });
}

export const coursePage = pageOf(course, 'CoursePage');
export const universityList = z
  .object({ items: z.array(university) })
  .register(apiComponents, { id: 'UniversityList' });

export const verification = z
  .discriminatedUnion('state', [
    z.object({
      state: z.literal('valid'),
      name: z
        .string()
        .nullable()
        .meta({ description: 'The holder, as the verification page shows it; null once anonymised' }),
      courseTitle: bilingual,
      universityName: bilingual,
      hours: z.number(),
      issuedAt: z.iso.datetime(),
    }),
    z.object({ state: z.literal('revoked') }),
  ])
  .register(apiComponents, { id: 'Verification' });

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string(),
    invalidParams: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  })
  .register(apiComponents, {
    id: 'Problem',
    description: `RFC 9457 problem details; type is one of: ${Object.keys(problems).join(', ')}`,
  });

export const optionalText = (max: number) => z.string().max(max).optional();

export const courseListQuery = z.strictObject({
  q: optionalText(100).meta({ description: 'Words that must all occur in the title, summary, university or code' }),
  university: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,30}$/)
    .optional()
    .meta({ description: 'A university code' }),
  track: z.enum(tracks).optional(),
  mode: z.enum(modes).optional(),
  level: z.enum(levels).optional(),
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .optional()
    .meta({ description: 'YYYY-MM: courses whose first session falls in that month' }),
  open: z.enum(['true', 'false']).optional().meta({ description: 'true: only courses taking applications now' }),
  sort: z
    .enum(['id', 'start'])
    .default('id')
    .meta({ description: 'id: creation order (stable, for syncing); start: first session, then id' }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/)
    .optional(),
});
export type CourseListQuery = z.infer<typeof courseListQuery>;

export const noQuery = z.strictObject({});

const publishedCount = z
  .int()
  .min(0)
  .nullable()
  .meta({ description: 'null: fewer than the minimum cell, or enough to work such a cell out (suppressed)' });

export const openFigure = z
  .object({
    quarter: z.string().regex(/^\d{4}-Q[1-4]$/),
    university: z
      .string()
      .meta({ description: "A university code, or 'all' for the quarter's total over universities" }),
    track: z.string().meta({ description: "A track, or 'all' for the total over tracks" }),
    completions: publishedCount,
    hours: z.number().min(0).nullable().meta({ description: 'Training hours of the completions; null with them' }),
    trainees: publishedCount,
  })
  .register(apiComponents, { id: 'OpenFigure' });

export const openFigures = z
  .object({
    licence: z.string(),
    attribution: z.string(),
    minimumCell: z.int(),
    items: z.array(openFigure),
  })
  .register(apiComponents, { id: 'OpenFigures' });
