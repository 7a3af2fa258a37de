import type { ErrorRequestHandler, RequestHandler } from 'express';
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

/** The one place errors become pages: known ones show their message, the rest a plain 500 without a stack. */
export const errorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const status = statusOf(err);
  if (status >= 500) req.log.error({ err }, 'request failed');
  const messageKey =
    err instanceof HttpError ? err.messageKey : status === 404 ? 'errors.notFound.body' : status >= 500 ? 'errors.server.body' : 'errors.badRequest.body';
  res.status(status);
  const titleKey = err instanceof HttpError ? err.titleKey : undefined;
  res.render(status === 404 ? 'errors/404' : 'errors/error', { status, messageKey, titleKey, requestId: req.id });
};
