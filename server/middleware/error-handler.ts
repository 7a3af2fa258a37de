import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isDatabaseUnreachable } from '../db/availability';
import { DatabaseUnavailableError, HttpError, NotFoundError } from '../errors';
import { hasEnded } from './response-end';

/** Seconds a client is asked to wait before retrying a 503; an engine restart takes two or three. */
const retryAfterSeconds = 5;

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError());
};

interface BodyParserError {
  status?: number;
  type?: string;
}

function statusOf(err: unknown): number {
  if (err instanceof HttpError) return err.status;
  const status = (err as BodyParserError | null)?.status;
  // Errors from body parsers and other middleware carry a 4xx status of their own.
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/** The one place errors become pages: known ones show their message, the rest a plain 500 without a stack. */
export const errorHandler: ErrorRequestHandler = (thrown, req, res, next) => {
  const unreachable = isDatabaseUnreachable(thrown);
  if (res.headersSent) {
    // express-session saves a changed session after the response has been handed over, and
    // finishes the response whether or not that worked: let it finish rather than cut it off.
    if (!hasEnded(res)) return next(thrown);
    req.log.warn({ err: thrown }, 'failed after the response was sent');
    return;
  }
  const err = unreachable ? new DatabaseUnavailableError() : thrown;
  const status = statusOf(err);
  // A 503 at the gate is expected while the database is away; the request log records it.
  if (unreachable) req.log.warn({ err: thrown }, 'database unreachable');
  else if (status >= 500 && !(err instanceof DatabaseUnavailableError)) req.log.error({ err }, 'request failed');
  const messageKey =
    err instanceof HttpError ? err.messageKey : status === 404 ? 'errors.notFound.body' : status >= 500 ? 'errors.server.body' : 'errors.badRequest.body';
  res.status(status);
  if (err instanceof DatabaseUnavailableError) {
    res.set('Retry-After', String(retryAfterSeconds));
    // The page must not need the database: no user menu, whose logout form needs the session.
    res.locals.currentUser = undefined;
  }
  const titleKey = err instanceof HttpError ? err.titleKey : undefined;
  res.render(status === 404 ? 'errors/404' : 'errors/error', { status, messageKey, titleKey, requestId: req.id });
};
