import type { SkillDoc } from '../../../models/skill';

/** A completed course as the skills record reads it: what the transcript shows of it, and its skill ids. */
export interface CompletedCourse {
  courseCode: string;
  courseTitle?: { ko: string; en: string };
  hours: number;
  completedAt?: Date | null;
  skills: readonly unknown[];
}

export interface SkillRecordEntry {
  skill: Pick<SkillDoc, '_id' | 'code' | 'name'>;
  /** The courses that trained it, oldest completion first. */
  courses: CompletedCourse[];
  hours: number;
  lastCompletedAt?: Date | null;
}

const time = (d?: Date | null) => d?.getTime() ?? 0;

/**
 * A trainee's skills record: for each skill of the list that one of their completed courses is
 * tagged with, those courses with their completion date and hours, and the hours summed. Built
 * from data the page has already read (the completed courses, and the cached skills list); a
 * skill retired since still shows, since it was trained. In the list's order.
 */
export function skillsRecord(
  completed: readonly CompletedCourse[],
  skills: readonly Pick<SkillDoc, '_id' | 'code' | 'name'>[],
): SkillRecordEntry[] {
  const byCourse = [...completed].sort((a, b) => time(a.completedAt) - time(b.completedAt));
  return skills.flatMap((skill) => {
    const courses = byCourse.filter((c) => c.skills.some((id) => String(id) === String(skill._id)));
    if (courses.length === 0) return [];
    const hours = Math.round(courses.reduce((sum, c) => sum + c.hours, 0) * 10) / 10;
    return [{ skill, courses, hours, lastCompletedAt: courses.at(-1)?.completedAt }];
  });
}
