import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { authenticate, findActor } from '../services/auth';

/** A passport instance of the app's own: sessions hold the user id, requests get the Actor. */
export function createPassport() {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
      authenticate(email, password, req.ip).then(
        (result) => (result.ok ? done(null, result.actor) : done(null, false, { message: result.reason, ...result })),
        done,
      );
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => {
    findActor(id).then((actor) => done(null, actor ?? false), done);
  });
  return passport;
}

export type AppPassport = ReturnType<typeof createPassport>;
