import pino from 'pino';
import type { AddressRedactor } from './lib/secret-address';

export type Logger = pino.Logger;

/**
 * Request logs must not carry what signs a person in: a session cookie copied from a log
 * file would open their account.
 */
const redact = {
  paths: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
  censor: '[redacted]',
};

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime, redact };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The request log's serializers (pino-http): every address a log line holds, the request's own,
 * its parsed query and parameters, a `Referer` and a redirect's `Location`, goes through
 * `addresses`, so that a route's secret (a one-time link's token, a check-in code) is never written.
 */
export function requestSerializers(addresses: AddressRedactor) {
  const address = (value: unknown) => (typeof value === 'string' ? addresses.url(value) : value);
  return {
    req(req: pino.SerializedRequest) {
      const url = req.url;
      return {
        ...req,
        url: addresses.url(url),
        query: addresses.fields(url, 'query', req.query),
        params: addresses.fields(url, 'params', req.params),
        headers: { ...req.headers, referer: address(req.headers.referer) },
      };
    },
    res(res: pino.SerializedResponse) {
      const headers = res.headers as Record<string, unknown> | undefined;
      return headers?.location === undefined
        ? res
        : { ...res, headers: { ...headers, location: address(headers.location) } };
    },
  };
}
