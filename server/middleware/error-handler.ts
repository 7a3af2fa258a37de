import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { isDatabaseUnreachable } from '../db/availability';
import { DatabaseUnavailableError, FormError, HttpError, NotFoundError } from '../errors';
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

/**
 * A value the model refused or could not cast: input that no form checked. The user gets a
 * 4xx page (nothing was written); the log gets it as a bug, since a form should have said why.
 */
function refusedByModel(err: unknown): HttpError | undefined {
  if (err instanceof mongoose.Error.ValidationError)
    return new HttpError(422, 'errors.invalidInput.body', 'errors.invalidInput.title');
  if (err instanceof mongoose.Error.CastError) return new HttpError(400, 'errors.badRequest.body');
  return undefined;
}

/** The one place errors become pages: known ones show their message, the rest a plain 500 without a stack. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) {
    // express-session saves a changed session after the response has been handed over, and
    // finishes the response whether or not that worked: let it finish rather than cut it off.
    if (!hasEnded(res)) return next(err);
    req.log.warn({ err }, 'failed after the response was sent');
    return;
  }
  const unreachable = isDatabaseUnreachable(err);
  const refused = refusedByModel(err);
  if (unreachable) req.log.warn({ err }, 'database unreachable');
  if (refused) req.log.error({ err }, 'bug: input reached the model without a form checking it');
  const shown: unknown = unreachable ? new DatabaseUnavailableError() : (refused ?? err);
  const status = statusOf(shown);
  // A 503 is expected while the database is away; the request log records each one.
  if (status >= 500 && !(shown instanceof DatabaseUnavailableError)) req.log.error({ err }, 'request failed');
  const messageKey =
    shown instanceof HttpError
      ? shown.messageKey
      : status === 404
        ? 'errors.notFound.body'
        : status >= 500
          ? 'errors.server.body'
          : 'errors.badRequest.body';
  res.status(status);
  if (shown instanceof DatabaseUnavailableError) {
    res.set('Retry-After', String(retryAfterSeconds));
    // The page must not need the database: no user menu, whose logout form needs the session.
    res.locals.currentUser = undefined;
  }
  const titleKey = shown instanceof HttpError ? shown.titleKey : undefined;
  // A rule failed in a handler that did not re-render its form: the page still says which.
  const formErrors =
    shown instanceof FormError ? { messages: Object.values(shown.errors), params: shown.params } : undefined;
  res.render(status === 404 ? 'errors/404' : 'errors/error', {
    status,
    messageKey,
    titleKey,
    formErrors,
    requestId: req.id,
  });
};
