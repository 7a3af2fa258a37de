import { levels, maxCourseSkills, modes, tracks } from '../../models/course';
import type { SkillDoc } from '../../models/skill';
import { traineeCategories } from '../../models/user';
import { parseDay } from '../lib/calendar';
import { sessionFields } from './course-form';
import type { FieldErrors } from './parse';

const options = (list: readonly string[]) => list.map((value) => ({ value }));

/**
 * What the course form template needs besides values and errors: the session rows (stored or
 * typed ones, then `blankRows` empty ones, each with its own messages) and the choices
 * (the select partial marks the current one from values).
 */
export function courseFormView(
  values: Record<string, unknown>,
  errors: FieldErrors | undefined,
  blankRows: number,
  skills: readonly SkillDoc[],
) {
  const typed = Array.isArray(values.sessions) ? (values.sessions as Record<string, unknown>[]) : [];
  const blank = Array.from({ length: blankRows }, (): Record<string, unknown> => ({}));
  const rows = [...typed, ...blank].map((row, i) => ({
    ...row,
    i,
    /** 1-based: how the error summary names the row ("2회차 · 12월 4일 (금) 19:00"), with its day when that is one. */
    n: i + 1,
    day: typeof row.date === 'string' && parseDay(row.date).ok ? row.date : undefined,
    errors: Object.fromEntries(sessionFields.map((k) => [k, errors?.[`sessions.${i}.${k}`]])),
  }));
  const chosen = Array.isArray(values.eligibleCategories) ? values.eligibleCategories : [];
  const tagged = new Set((Array.isArray(values.skills) ? values.skills : []).map(String));
  return {
    values,
    errors,
    rows,
    trackOptions: options(tracks),
    levelOptions: options(levels),
    modeOptions: options(modes),
    categoryOptions: traineeCategories.map((value) => ({ value, checked: chosen.includes(value) })),
    skillOptions: skills.map((s) => ({ value: String(s._id), name: s.name, checked: tagged.has(String(s._id)) })),
    maxSkills: maxCourseSkills,
  };
}
