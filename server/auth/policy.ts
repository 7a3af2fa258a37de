import type { Types } from 'mongoose';
import type { Role } from '../../models/user';
import { NotFoundError } from '../errors';
import { noSuchId } from '../lib/ids';
import type { Actor } from './actor';

type Id = Types.ObjectId | string;

/** Anything that belongs to one university: a course, an enrollment, a report. */
export interface Owned {
  university: Id;
  /** Set on records that belong to one trainee too (a certificate). */
  trainee?: Id;
}

/**
 * The one authorization table: action → who may do it to which record.
 * University staff act only inside their university; city staff read everything
 * and change no course; admins may do what city staff do.
 */
const rules = {
  'course:read': (a: Actor, r: Owned) => isOwnStaff(a, r) || isCity(a),
  'course:write': (a: Actor, r: Owned) => isOwnStaff(a, r),
  'enrollment:manage': (a: Actor, r: Owned) => isOwnStaff(a, r),
  'report:submit': (a: Actor, r: Owned) => isOwnStaff(a, r),
  'report:read': (a: Actor, r: Owned) => isOwnStaff(a, r) || isCity(a),
  'report:review': (a: Actor) => isCity(a),
  'attendance:record': (a: Actor, r: Owned) => isOwnStaff(a, r),
  'course:complete': (a: Actor, r: Owned) => isOwnStaff(a, r),
  'certificate:read': (a: Actor, r: Owned) => isOwnStaff(a, r) || isCity(a) || isOwner(a, r),
  'certificate:revoke': (a: Actor, r: Owned) => isOwnStaff(a, r),
  // The programme's figures (dashboard and exports) span every university, so no one record is checked.
  'figures:read': (a: Actor) => isCity(a),
  'audit:read': (a: Actor) => isCity(a),
  // The skills list and the yearly targets are the city's, shared by every university.
  'skills:manage': (a: Actor) => isCity(a),
  'targets:manage': (a: Actor) => isCity(a),
  // Notices to a course's trainees come from its own university; programme-wide ones and the contact page from the city.
  'announcement:course': (a: Actor, r: Owned) => isOwnStaff(a, r),
  'announcements:manage': (a: Actor) => isCity(a),
  // API tokens read the programme's data on the city's behalf (services/api-tokens).
  'api_tokens:manage': (a: Actor) => isCity(a),
} satisfies Record<string, (actor: Actor, resource: Owned) => boolean>;

export type Action = keyof typeof rules;
/** Actions on the programme as a whole rather than on one university's record. */
type ProgrammeAction =
  'figures:read' | 'audit:read' | 'skills:manage' | 'targets:manage' | 'announcements:manage' | 'api_tokens:manage';

function isCity(actor: Actor): boolean {
  return actor.role === 'city_staff' || actor.role === 'admin';
}

function isOwner(actor: Actor, resource: Owned): boolean {
  return actor.role === 'trainee' && resource.trainee !== undefined && String(resource.trainee) === actor.id;
}

function isOwnStaff(actor: Actor, resource: Owned): boolean {
  return (
    actor.role === 'university_staff' && !!actor.universityId && String(resource.university) === actor.universityId
  );
}

export function can(actor: Actor, action: Action, resource: Owned): boolean {
  return rules[action](actor, resource);
}

/**
 * Staff accounts by rank. An account is managed (created, deactivated, activated again) only by a
 * higher rank: city staff manage university staff, administrators manage city and university
 * staff, and no one manages an administrator here, so the last active administrator stays.
 */
const staffRank: Partial<Record<Role, number>> = { university_staff: 1, city_staff: 2, admin: 3 };

export function canManageAccount(actor: Actor, role: Role): boolean {
  const own = staffRank[actor.role];
  const target = staffRank[role];
  return own !== undefined && target !== undefined && own > target;
}

/** The filter a list query adds so that it never shows another university's rows. */
export function scopeFor(actor: Actor): { university?: string } {
  if (isCity(actor)) return {};
  if (actor.role === 'university_staff' && actor.universityId) return { university: actor.universityId };
  // Anyone else sees no university-owned rows through a staff list.
  return { university: noSuchId };
}

/** Throws 404 unless the actor may take an action on the whole programme (e.g. read the city's figures). */
export function assertCanOnProgramme(actor: Actor, action: ProgrammeAction): void {
  if (!rules[action](actor)) throw new NotFoundError();
}

/** Throws 404 unless the actor may act on the record: another university's record does not exist for them. */
export function assertCan(actor: Actor, action: Action, resource: Owned): void {
  if (!can(actor, action, resource)) throw new NotFoundError();
}
