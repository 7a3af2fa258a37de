import { z } from 'zod';
import { tracks } from '../../models/course';
import type { SkillDoc } from '../../models/skill';
import type { TargetScope } from '../../models/target-plan';
import { focusOf, targetMeasures, type TargetInput } from '../services/city/targets';
import { optionalWholeNumber, postedString, wholeNumber } from './fields';
import { parseForm, type FieldErrors, type ParseResult } from './parse';
import { postedRows } from './rows';

export const targetFields = ['university', 'focus', ...targetMeasures] as const;
/** The most a yearly target can be: far above the programme's size, low enough to catch a typo of many digits. */
export const maxTarget = 1_000_000;

const rowSchema = z
  .object({
    university: postedString,
    /** '' for the whole university, `track:<code>` or `skill:<id>`. */
    focus: postedString.regex(/^(|track:[a-z_]+|skill:[0-9a-f]{24})$/i, 'targets.errors.focus'),
    trainees: optionalWholeNumber(0, maxTarget),
    completions: optionalWholeNumber(0, maxTarget),
    hours: optionalWholeNumber(0, maxTarget),
  })
  .refine((r) => r.university !== '' || targetMeasures.every((m) => r[m] === null), {
    path: ['university'],
    message: 'forms.required',
  });

const targetsSchema = z.object({
  year: wholeNumber(2000, 2099),
  targets: z.array(rowSchema).max(300, 'forms.tooLong'),
});
export type TargetsForm = z.infer<typeof targetsSchema>;

/** Parses the targets form; `values.targets` holds every posted row, blank ones too, at the indexes errors name. */
export function parseTargetsForm(body: unknown): ParseResult<TargetsForm> {
  const raw = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const rows = postedRows(raw.targets, targetFields);
  // Rows come as a list or an object keyed by index; anything else (a bare string) is refused, not read as no rows.
  const posted = raw.targets === undefined || typeof raw.targets === 'object' ? rows : raw.targets;
  const result = parseForm(targetsSchema, { ...raw, targets: posted });
  result.values.targets = rows;
  return result;
}

/** The rows as the service takes them, each with its index on the form. */
export function toTargetRows(form: TargetsForm): (TargetInput & { row: number })[] {
  return form.targets.map((r, row) => {
    const [scope, key = ''] = r.focus === '' ? ['all'] : r.focus.split(':');
    return {
      row,
      university: r.university,
      scope: scope as TargetScope,
      key: scope === 'skill' ? key.toLowerCase() : key,
      trainees: r.trainees,
      completions: r.completions,
      hours: r.hours,
    };
  });
}

const shown = (n: number | null) => (n === null ? '' : String(n));

/**
 * A stored plan as the form's rows: one row per university for its overall targets (blank when
 * none is set), then the targets per track or skill, then `blank` empty rows to add more.
 */
export function targetPlanValues(
  year: number,
  targets: readonly TargetInput[],
  universityIds: readonly string[],
  blank: number,
): Record<string, unknown> {
  const overall = new Map(targets.filter((t) => t.scope === 'all').map((t) => [t.university, t]));
  const row = (t: Partial<TargetInput> & { university: string }) => ({
    university: t.university,
    focus: t.scope ? focusOf({ scope: t.scope, key: t.key ?? '' }) : '',
    trainees: shown(t.trainees ?? null),
    completions: shown(t.completions ?? null),
    hours: shown(t.hours ?? null),
  });
  return {
    year: String(year),
    targets: [
      ...universityIds.map((id) => row(overall.get(id) ?? { university: id })),
      ...targets.filter((t) => t.scope !== 'all').map(row),
      ...Array.from({ length: blank }, () => row({ university: '' })),
    ],
  };
}

/**
 * What the targets page needs besides values and errors: each row with its messages, and the
 * choices of university and focus (the whole university, a track, or a skill: active ones and
 * any a row already names).
 */
export function targetsFormView(
  values: Record<string, unknown>,
  errors: FieldErrors | undefined,
  universities: readonly { _id: unknown; name: { ko: string; en: string } }[],
  skills: readonly SkillDoc[],
) {
  const typed = Array.isArray(values.targets) ? (values.targets as Record<string, unknown>[]) : [];
  const named = new Set(typed.map((r) => String(r.focus)));
  return {
    values,
    errors,
    rows: typed.map((row, i) => ({
      ...row,
      i,
      errors: Object.fromEntries(targetFields.map((k) => [k, errors?.[`targets.${i}.${k}`]])),
    })),
    universityOptions: universities.map((u) => ({ value: String(u._id), text: u.name })),
    trackOptions: tracks.map((track) => ({ value: `track:${track}`, label: `courses.tracks.${track}` })),
    skillOptions: skills
      .filter((s) => s.active || named.has(`skill:${String(s._id)}`))
      .map((s) => ({ value: `skill:${String(s._id)}`, text: s.name })),
  };
}
