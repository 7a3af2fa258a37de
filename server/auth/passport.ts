import type { Request } from 'express';
import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { authenticate, findActor } from '../services/accounts/auth';
import { deviceCookieName } from './device-cookie';
import { rememberedActor } from './signin-memory';

/** A passport instance of the app's own: sessions hold the user id, requests get the Actor. */
export function createPassport() {
  const passport = new Passport();
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', passReqToCallback: true },
      (req: Request, email, password, done) => {
        const device: unknown = (req.signedCookies as Record<string, unknown> | undefined)?.[deviceCookieName];
        authenticate({ email, password, ip: req.ip, device }).then(
          (result) =>
            done(null, result.ok ? result.actor : false, { message: result.ok ? 'ok' : result.reason, ...result }),
          done,
        );
      },
    ),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((req: Request, id: string, done: (err: unknown, user?: Express.User | false) => void) => {
    rememberedActor(req.session, id, findActor).then((actor) => done(null, actor ?? false), done);
  });
  return passport;
}

export type AppPassport = ReturnType<typeof createPassport>;
