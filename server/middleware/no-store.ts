import type { RequestHandler } from 'express';

/**
 * What a signed-in person is shown or downloads (their dashboard, rosters, exports, certificates)
 * is theirs alone: neither the browser's back-button cache on a shared computer nor a proxy may
 * keep a copy.
 */
export const noStoreWhenSignedIn: RequestHandler = (req, res, next) => {
  if (req.user) res.set('Cache-Control', 'no-store');
  next();
};
