import MongoStore from 'connect-mongo';
import type { SessionData } from 'express-session';
import { dropMark, heldSession, holdSession, sessionChanging, type StoredSession } from '../auth/signin-memory';

/** connect-mongo rewrites an unchanged session's `lastModified` and `expires` (a touch) at most this often. */
export const touchAfterSeconds = 600;

type Done = (err?: unknown) => void;

/**
 * connect-mongo's store, serving sessions from memory where server/auth/signin-memory.ts may
 * (a signed-in request then reads no session from the database), and writing a session once:
 * a write of the very session object this store just wrote, unchanged, is skipped. Without that a
 * sign-in wrote three times (passport's save after regenerating the id, the save before the
 * response, express-session's own save, which sees a new id and writes again) and any changed
 * session twice.
 */
export class RememberingStore extends MongoStore {
  /** Per session object (a request's req.session), what was last written for it: id and content. */
  private readonly written = new WeakMap<object, string>();

  override get(sid: string, callback: (err: unknown, session?: SessionData | null) => void): void {
    const held = heldSession(sid);
    if (held) return callback(null, held);
    const mark = dropMark();
    super.get(sid, (err: unknown, session?: StoredSession | null) => {
      if (!err && session) holdSession(sid, session, mark);
      callback(err, session);
    });
  }

  override set(sid: string, session: SessionData, callback: Done = () => undefined): void {
    // Written: a copy without connect-mongo's `lastModified`. connect-mongo deleted it from
    // req.session itself, which changed the session's hash, so express-session wrote it again.
    const data: StoredSession = { ...session };
    delete data.lastModified;
    const json = JSON.stringify(data);
    // The cookie's originalMaxAge is its expiry counted from the moment it was set, so it differs at every save.
    const content = `${sid}\n${JSON.stringify(data, (key, value: unknown) => (key === 'originalMaxAge' ? undefined : value))}`;
    if (this.written.get(session) === content) return callback();
    const tell = sessionChanging(sid);
    const mark = dropMark();
    super.set(sid, data, (err: unknown) => {
      if (err) return callback(err);
      tell().then(() => {
        holdSession(sid, { ...(JSON.parse(json) as StoredSession), lastModified: new Date() }, mark);
        this.written.set(session, content);
        callback();
      }, callback);
    });
  }

  override touch(sid: string, session: StoredSession, callback: Done = () => undefined): void {
    const last = session.lastModified?.getTime() ?? 0;
    // Not due: connect-mongo would skip it.
    if (Date.now() - last < touchAfterSeconds * 1000) return callback();
    const tell = sessionChanging(sid);
    super.touch(sid, session, (err: unknown) => (err ? callback(err) : tell().then(() => callback(), callback)));
  }

  override destroy(sid: string, callback: Done = () => undefined): void {
    const tell = sessionChanging(sid);
    super.destroy(sid, (err: unknown) => (err ? callback(err) : tell().then(() => callback(), callback)));
  }
}
