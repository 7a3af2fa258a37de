import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import type { AddressRedactor } from '../lib/secret-address';
import { requestSerializers, type Logger } from '../logger';

function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w-]{8,64}$/.test(given) ? given : crypto.randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/**
 * Every request gets an id (echoed in `X-Request-Id`) and a `req.log`. When the log writes each
 * request's line, pino-http does it all. When it does not (a quieter level), `req.log` is made only
 * if something logs: a child logger bound to the request costs about a tenth of a small page.
 */
export function requestLog(logger: Logger, redactAddress: AddressRedactor): RequestHandler {
  // Tokens and codes in addresses (one-time links, calendar feeds, check-in codes) are never logged:
  // `redactAddress` is routes/secret-addresses.ts's, which server/app.ts passes in.
  const serializers = requestSerializers(redactAddress);
  const everyRequest = pinoHttp({
    logger,
    genReqId: requestId,
    autoLogging: { ignore: (req) => req.url === '/healthz' },
    serializers,
  });
  const withSerializers = logger.child(
    {},
    { serializers: { req: (req: IncomingMessage) => serializers.req(pino.stdSerializers.req(req)) } },
  );
  return (req, res, next) => {
    if (logger.isLevelEnabled('info')) {
      everyRequest(req, res, next);
      return;
    }
    req.id = requestId(req, res);
    let log: Logger | undefined;
    Object.defineProperty(req, 'log', {
      configurable: true,
      get: () => (log ??= withSerializers.child({ req })),
    });
    next();
  };
}
