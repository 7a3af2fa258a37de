import type { RequestHandler } from 'express';
import { isDatabaseAvailable } from '../db/availability';
import { DatabaseUnavailableError } from '../errors';

/**
 * While the database is known to be down, everything that needs it (sessions first) answers
 * 503 at once instead of waiting for the driver to give up. Mounted after the static files,
 * the health probe and the language detection, so those keep working and the page is localized.
 */
export const requireDatabase: RequestHandler = (_req, _res, next) => {
  next(isDatabaseAvailable() ? undefined : new DatabaseUnavailableError());
};
