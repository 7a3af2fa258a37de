// {{#with (homeArea currentUser)}}<a href="{{href}}">{{t label}}</a>{{/with}}: the signed-in user's own area (server/auth/home.ts).
import type { Actor } from '../../server/auth/actor';
import { areaOf, type Area } from '../../server/auth/home';

export function homeArea(user: Pick<Actor, 'role'> | undefined): Area | undefined {
  return user ? areaOf(user.role) : undefined;
}
