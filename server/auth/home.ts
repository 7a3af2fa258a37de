import type { Actor } from './actor';

/** Where each role lands after login when no page asked for it. */
export function homeFor(actor: Actor): string {
  switch (actor.role) {
    case 'trainee':
      return '/me';
    case 'university_staff':
      return '/manage';
    case 'city_staff':
    case 'admin':
      return '/city';
  }
}
