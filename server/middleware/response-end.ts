import type { RequestHandler, Response } from 'express';

const ended = new WeakSet<Response>();

/**
 * Remembers that the app has ended a response. Compression finishes a gzipped response
 * later, once zlib has flushed it, and only then does Node call it ended; an error reported in
 * between (express-session's write of the session, which ends the response either way) must not
 * get the response cut off. Mounted right after compression, so every end passes through here.
 */
export const rememberResponseEnd: RequestHandler = (_req, res, next) => {
  const end = res.end.bind(res) as (...args: unknown[]) => unknown;
  res.end = ((...args: unknown[]) => {
    ended.add(res);
    return end(...args);
  }) as typeof res.end;
  next();
};

/** True once the app has ended the response, even if it is still being sent. */
export function hasEnded(res: Response): boolean {
  return res.writableEnded || ended.has(res);
}
