import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { HttpError, NotFoundError } from '../errors';

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
  if (err instanceof mongoose.Error.ValidationError) return new HttpError(422, 'errors.invalidInput.body', 'errors.invalidInput.title');
  if (err instanceof mongoose.Error.CastError) return new HttpError(400, 'errors.badRequest.body');
  return undefined;
}

/** The one place errors become pages: known ones show their message, the rest a plain 500 without a stack. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const refused = refusedByModel(err);
  if (refused) req.log.error({ err }, 'bug: input reached the model without a form checking it');
  const shown: unknown = refused ?? err;
  const status = statusOf(shown);
  if (status >= 500) req.log.error({ err }, 'request failed');
  const messageKey =
    shown instanceof HttpError ? shown.messageKey : status === 404 ? 'errors.notFound.body' : status >= 500 ? 'errors.server.body' : 'errors.badRequest.body';
  res.status(status);
  const titleKey = shown instanceof HttpError ? shown.titleKey : undefined;
  res.render(status === 404 ? 'errors/404' : 'errors/error', { status, messageKey, titleKey, requestId: req.id });
};
