import pino from 'pino';

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
