import type { Role } from '../../models/user';
import type { Actor } from './actor';

export interface Area {
  href: string;
  /** i18n key of the header link's text. */
  label: string;
  /** Where the role's notices are listed: the header's unread count links there. */
  notices: string;
}

/** Each role's own area: where it lands after login when no page asked for it, and the header's link to it. */
const areas: Record<Role, Area> = {
  trainee: { href: '/me', label: 'common.nav.me', notices: '/me' },
  university_staff: { href: '/manage', label: 'common.nav.manage', notices: '/notifications' },
  city_staff: { href: '/city', label: 'common.nav.city', notices: '/notifications' },
  admin: { href: '/city', label: 'common.nav.city', notices: '/notifications' },
};

export function areaOf(role: Role): Area {
  return areas[role];
}

export function homeFor(actor: Actor): string {
  return areaOf(actor.role).href;
}
