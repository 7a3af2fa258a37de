import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { isDatabaseUnreachable } from '../db/availability';
import { DatabaseUnavailableError, HttpError } from '../errors';

/** Where the problem types are described: each refusal has a stable `type` under it (RFC 9457). */
export const problemTypeBase = '/api/docs#problem-';

/** The refusals the API answers, each with its status and title. */
export const problems = {
  'bad-request': { status: 400, title: 'The request has a parameter the API cannot accept' },
  'invalid-token': {
    status: 401,
    title: 'A valid API token is required: send it as Authorization: Bearer <token>',
  },
  'insufficient-scope': { status: 403, title: "The token's scopes do not include this operation's" },
  'wrong-university': { status: 403, title: 'The token reads only its own university' },
  'not-found': { status: 404, title: 'There is no such resource' },
  'too-many-requests': { status: 429, title: 'Too many requests: wait for the time in Retry-After' },
  unavailable: { status: 503, title: 'The database is unavailable: try again shortly' },
  'server-error': { status: 500, title: 'The server failed to answer' },
} as const;
export type ProblemType = keyof typeof problems;

/** One parameter the API refused, and why. */
export interface InvalidParam {
  name: string;
  reason: string;
}

/** A refusal the API answers as `application/problem+json`. */
export class ApiProblem extends Error {
  constructor(
    readonly type: ProblemType,
    readonly detail?: string,
    readonly extra: {
      invalidParams?: InvalidParam[];
      retryAfterSeconds?: number;
      /** The challenge of a 401 or 403 to a token (RFC 6750). */
      wwwAuthenticate?: string;
    } = {},
  ) {
    super(detail ?? problems[type].title);
  }
}

export function sendProblem(res: Response, problem: ApiProblem, instance: string): void {
  const { status, title } = problems[problem.type];
  if (problem.extra.retryAfterSeconds) res.set('Retry-After', String(problem.extra.retryAfterSeconds));
  if (problem.extra.wwwAuthenticate) res.set('WWW-Authenticate', problem.extra.wwwAuthenticate);
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `${problemTypeBase}${problem.type}`,
        title,
        status,
        ...(problem.detail && { detail: problem.detail }),
        instance,
        ...(problem.extra.invalidParams && { invalidParams: problem.extra.invalidParams }),
      }),
    );
}

/** What any error becomes in the API: its problem, never an HTML page and never a stack. */
function problemOf(err: unknown): ApiProblem {
  if (err instanceof ApiProblem) return err;
  if (err instanceof DatabaseUnavailableError || isDatabaseUnreachable(err))
    return new ApiProblem('unavailable', undefined, { retryAfterSeconds: 5 });
  if (err instanceof HttpError && err.status === 404) return new ApiProblem('not-found');
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return new ApiProblem('bad-request');
  return new ApiProblem('server-error');
}

export const apiNotFound: RequestHandler = (_req, _res, next) => next(new ApiProblem('not-found'));

export const apiErrors: ErrorRequestHandler = (err, req, res, next) => {
  if (res.headersSent) return next(err);
  const problem = problemOf(err);
  if (problem.type === 'server-error') req.log.error({ err }, 'API request failed');
  sendProblem(res, problem, req.originalUrl.split('?')[0]!);
};
