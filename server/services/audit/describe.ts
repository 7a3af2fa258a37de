import type { TFunction } from 'i18next';
import mongoose from 'mongoose';
import { dateText } from '../../lib/date-text';

/** What an audit event stored: before/after of the fields that changed, and its context. */
export interface StoredChange {
  targetType?: string | null;
  before?: unknown;
  after?: unknown;
  meta?: unknown;
}

const maxLines = 30;

/**
 * Stored values that mean nothing to a reader: a waitlist place's ordering key (a number of
 * microseconds; events since record the place itself, `waitlistRank`).
 */
const internalFields: ReadonlySet<string> = new Set(['position']);
const isInternal = (path: string) => internalFields.has(path.split('.').at(-1) ?? '');

const asRecord = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
    ? (value as Record<string, unknown>)
    : undefined;

/** The i18n key naming a stored value of `field` (a code such as a status), by the record it belongs to. */
function valueKey(field: string, value: string, targetType: string | null | undefined): string | undefined {
  const leaf = field.split('.').at(-1);
  switch (leaf) {
    case 'status':
      if (targetType === 'Course') return `courses.status.${value}`;
      if (targetType === 'CompletionReport') return `reports.status_${value}`;
      return `enrollment.status.${value}`;
    case 'enrollment':
      return `enrollment.status.${value}`;
    case 'track':
      return `courses.tracks.${value}`;
    case 'level':
      return `courses.levels.${value}`;
    case 'mode':
      return `courses.modes.${value}`;
    case 'category':
    case 'eligibleCategories':
      return `enrollment.categories.${value}`;
    case 'role':
      return `staff.role.${value}`;
    case 'ruleOutcome':
      return `completion.outcome_${value}`;
    case 'outcome':
      return value === 'completed' || value === 'not_completed'
        ? `completion.outcome_${value}`
        : `audit.reasons.${value}`;
    case 'reason':
      return `audit.reasons.${value}`;
    default:
      return undefined;
  }
}

/**
 * Whether the schema of the audited record type (the event's `targetType`, a model name) says
 * `path` holds dates. An update stores what changed as plain values (server/lib/field-diff.ts),
 * dates as ISO text; only these are shown as dates. A text is never taken for a date by its look:
 * a name, a course title or a reason may read `2026-13-45T99:99 …`, and is shown as written.
 */
function isDateField(targetType: string | null | undefined, path: string): boolean {
  const model = targetType ? mongoose.models[targetType] : undefined;
  const type = model?.schema.path(path) as { instance?: string; caster?: { instance?: string } } | undefined;
  return type?.instance === 'Date' || (type?.instance === 'Array' && type.caster?.instance === 'Date');
}

/** Turns stored audit values into words in the reader's language. */
class Describer {
  private readonly dateTime: Intl.DateTimeFormat;

  constructor(
    private readonly t: TFunction,
    private readonly lang: string,
    private readonly targetType: string | null | undefined,
  ) {
    this.dateTime = new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
      hourCycle: 'h23',
      timeZone: 'Asia/Seoul',
    });
  }

  /** A date and time in Seoul, or undefined for a date that is not one. */
  date(value: Date): string | undefined {
    return Number.isNaN(value.getTime()) ? undefined : this.dateTime.format(value);
  }

  /** The field's name in words: the audit page's own labels, then those added since (auditFields). */
  label(path: string): string {
    const key = path.replace(/\./g, '_');
    return this.t([`audit.fields.${key}`, `auditFields.${key}`], { defaultValue: path });
  }

  value(field: string, value: unknown): string {
    if (value === undefined || value === null || value === '') return '—';
    if (typeof value === 'boolean') return this.t(value ? 'audit.yes' : 'audit.no');
    if (Array.isArray(value)) return value.map((v) => this.value(field, v)).join(', ');
    if (typeof value === 'number' && /rate$/i.test(field)) return `${Math.round(value * 1000) / 10}%`;
    if (value instanceof Date) return this.date(value) ?? '—';
    const record = asRecord(value);
    if (record)
      return Object.entries(record)
        .map(([k, v]) => `${this.label(k)} ${this.value(field ? `${field}.${k}` : k, v)}`)
        .join(', ');
    const text = String(value as string | number);
    if (typeof value === 'string' && isDateField(this.targetType, field)) return this.date(new Date(text)) ?? text;
    // Only codes are looked up: a reason typed by staff is shown as it was written.
    const key = /^[a-z][a-z_]*$/.test(text) ? valueKey(field, text, this.targetType) : undefined;
    return key ? this.t(key, { defaultValue: text }) : text;
  }

  session(value: unknown): string {
    const s = asRecord(value) ?? {};
    const topic = typeof s.topic === 'string' && s.topic ? ` ${s.topic}` : '';
    return `${dateText(s.date, this.lang) || '—'} ${String(s.start ?? '')}–${String(s.end ?? '')}${topic}`;
  }

  /** One line per session moved, added or removed (field-diff stores each changed session whole, by id). */
  sessions(before: unknown, after: unknown, out: string[]): void {
    const [b, a] = [asRecord(before) ?? {}, asRecord(after) ?? {}];
    for (const id of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const [from, to] = [b[id] ?? null, a[id] ?? null];
      if (from && to) out.push(this.t('audit.session.changed', { from: this.session(from), to: this.session(to) }));
      else if (to) out.push(this.t('audit.session.added', { session: this.session(to) }));
      else if (from) out.push(this.t('audit.session.removed', { session: this.session(from) }));
    }
  }

  /** `label: before → after` for each value that differs, following objects present on both sides. */
  changes(before: unknown, after: unknown, path: string, out: string[]): void {
    if (path === 'sessions') return this.sessions(before, after, out);
    if (isInternal(path)) return;
    const [b, a] = [asRecord(before), asRecord(after)];
    if (b && a) {
      for (const key of new Set([...Object.keys(b), ...Object.keys(a)]))
        this.changes(b[key], a[key], path ? `${path}.${key}` : key, out);
      return;
    }
    const [from, to] = [this.value(path, before), this.value(path, after)];
    if (from !== to) out.push(`${this.label(path)}: ${from} → ${to}`);
  }

  /** `label: value` for each field a creation set, or each piece of context. */
  fields(values: Record<string, unknown>, out: string[]): void {
    for (const [field, value] of Object.entries(values)) {
      if (isInternal(field)) continue;
      if (field === 'sessions') this.sessions(null, value, out);
      else if (field === 'changes' && Array.isArray(value))
        out.push(this.t('audit.attendanceChanges', { count: value.length }));
      else if (value !== undefined) out.push(`${this.label(field)}: ${this.value(field, value)}`);
    }
  }
}

/**
 * What an event changed, field by field in the reader's language (`정원: 20 → 25`; a moved
 * session as its date and times before and after; statuses and other codes in words), then its
 * context. Plain text that the view escapes like any other.
 */
export function describeChanges(event: StoredChange, t: TFunction, lang: string): string[] {
  const describer = new Describer(t, lang, event.targetType);
  const [before, after, meta] = [asRecord(event.before), asRecord(event.after), asRecord(event.meta)];
  const lines: string[] = [];
  if (before && after) describer.changes(before, after, '', lines);
  else describer.fields(before ?? after ?? {}, lines);
  if (meta) describer.fields(meta, lines);
  const kept = lines.slice(0, maxLines).map((line) => (line.length > 300 ? `${line.slice(0, 299)}…` : line));
  return lines.length > maxLines ? [...kept, '…'] : kept;
}
