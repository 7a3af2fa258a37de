import type { RequestHandler } from 'express';
import { HttpError } from '../errors';

/**
 * A NUL character (%00) in the address names no record and no filter, and PostgreSQL (under the
 * embedded engine) cannot compare text that holds one: `/universities/%00` failed inside the
 * query. Such a request is answered 400 here, before any route hands a parameter to a query.
 */
export const refuseNulInAddress: RequestHandler = (req, _res, next) => {
  next(/%00/i.test(req.originalUrl) ? new HttpError(400, 'errors.badRequest.body') : undefined);
};
