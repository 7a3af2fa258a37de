import path from 'node:path';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../../server/config';
import { listCourses, showCourse } from '../../server/api/courses';
import { openApiDocument, type ApiOperation } from '../../server/api/openapi';
import { apiErrors, apiNotFound, ApiProblem, problems } from '../../server/api/problem';
import * as schemas from '../../server/api/schemas';
import { verifyCertificate } from '../../server/services/certificates/records';
import { catalogSnapshot } from '../../server/services/course-base/catalog-snapshot';
import { programmeFigureRows } from '../../server/services/city/dashboard';
import { minimumCell } from '../../server/services/city/disclosure';
import { openFigures, openFiguresCsv } from '../../server/services/city/open-figures';
import { databaseLimiter } from '../../server/services/limits/rate-limit';
import type { SecretAddress } from '../../server/lib/secret-address';
import { isDatabaseAvailable } from '../../server/db/availability';

export const apiBase = '/api/v1';
/** The reference's browser files, from the maintained swagger-ui-dist package. */
const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const apiVersion = '1.0.0';
const verifyPath = '/certificates/:code';

/** A certificate's code shows its holder's name to whoever holds it: kept out of logs, like the verify page's. */
export const apiSecretAddresses: SecretAddress[] = [{ path: `${apiBase}${verifyPath}`, params: ['code'] }];

/** Checks against guessing codes: per address, counted in the database so every instance shares it. */
const verifyLimiter = databaseLimiter({ name: 'api-verify', points: 30, minutes: 1 });

type Handler<T> = (req: Request, values: { query: T; params: Record<string, string> }) => Promise<unknown>;

/** Refuses what the operation's schemas do not accept, naming each parameter and why. */
function parsed<T extends z.ZodType>(schema: T, value: unknown, where: 'query' | 'path'): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ApiProblem('bad-request', `The ${where} has parameters the API cannot accept`, {
    invalidParams: result.error.issues.map((issue) => ({
      name: issue.path.length
        ? issue.path.join('.')
        : issue.code === 'unrecognized_keys'
          ? issue.keys.join(', ')
          : where,
      reason: issue.message,
    })),
  });
}

/**
 * The API's operations, each declared once: its route, the schemas it validates with, and what it
 * answers. The router and the OpenAPI document are both made from this list.
 */
function operations(config: Config) {
  type Defined = ApiOperation & {
    handle: Handler<never>;
    limit?: (req: Request) => Promise<void>;
    /** The data its answers are made from, whose version keeps them (the same object until it changes). */
    keptUnder?: () => Promise<object>;
  };
  const ops: Defined[] = [];
  const define = <Q extends z.ZodObject>(
    op: Omit<ApiOperation, 'method' | 'query'> & { query?: Q; keptUnder?: () => Promise<object> },
    handle: Handler<z.infer<Q>>,
    limit?: (req: Request) => Promise<void>,
  ) => ops.push({ ...op, method: 'get', handle: handle as Handler<never>, limit });

  define(
    {
      path: '/courses',
      operationId: 'listCourses',
      summary: 'Public courses, searched and filtered as the catalog does, page by page',
      description:
        "Pages follow a stable order: pass the answer's nextCursor as `cursor` until it is null. A course changed " +
        'meanwhile is never listed twice or skipped by the order `id`.',
      tags: ['courses'],
      query: schemas.courseListQuery,
      answer: schemas.coursePage,
      refusals: [],
      cache: 'public',
      keptUnder: catalogSnapshot,
    },
    (_req, { query }) => listCourses(query, config.baseUrl),
  );
  define(
    {
      path: '/courses/:id',
      operationId: 'getCourse',
      summary: 'One public course with its sessions',
      tags: ['courses'],
      query: schemas.noQuery,
      params: { id: schemas.courseId },
      answer: schemas.courseDetail,
      refusals: ['not-found'],
      cache: 'public',
      keptUnder: catalogSnapshot,
    },
    (_req, { params }) => showCourse(params.id!, config.baseUrl),
  );
  define(
    {
      path: '/universities',
      operationId: 'listUniversities',
      summary: "The programme's partner universities",
      tags: ['universities'],
      query: schemas.noQuery,
      answer: schemas.universityList,
      refusals: [],
      cache: 'public',
      keptUnder: catalogSnapshot,
    },
    async () => ({
      items: (await catalogSnapshot()).universities.map((u) => ({
        id: String(u._id),
        code: u.code,
        name: { ko: u.name.ko, en: u.name.en },
        ...(u.website ? { website: u.website } : {}),
      })),
    }),
  );
  define(
    {
      path: verifyPath,
      operationId: 'verifyCertificate',
      summary: 'Checks a certificate by the code printed on it, showing what the verification page shows',
      description: 'A revoked certificate says so and nothing else; an unknown code is not found. Limited per address.',
      tags: ['certificates'],
      query: schemas.noQuery,
      params: { code: z.string().regex(/^[\w-]{10,64}$/) },
      answer: schemas.verification,
      refusals: ['not-found', 'too-many-requests'],
      cache: 'private',
    },
    async (_req, { params }) => {
      const verification = await verifyCertificate(params.code!);
      if (verification.state === 'unknown') throw new ApiProblem('not-found', 'No certificate has this code');
      return verification.state === 'valid'
        ? { ...verification, issuedAt: verification.issuedAt.toISOString() }
        : verification;
    },
    async (req) => {
      const use = await verifyLimiter.take(req.ip ?? 'unknown');
      if (!use.allowed)
        throw new ApiProblem('too-many-requests', undefined, { retryAfterSeconds: use.retryAfterSeconds });
    },
  );
  define(
    {
      path: '/open-data/figures',
      operationId: 'openFigures',
      summary:
        'Quarterly completions, training hours and trainees by university and track, under the minimum-cell rule',
      description: 'The open figures the city publishes; the fields are explained at /open-data.',
      tags: ['open data'],
      query: schemas.noQuery,
      answer: schemas.openFigures,
      refusals: [],
      cache: 'public',
      keptUnder: programmeFigureRows,
    },
    async () => ({ ...config.openData, minimumCell, items: await openFigures() }),
  );
  define(
    {
      path: '/open-data/figures.csv',
      operationId: 'openFiguresCsv',
      summary: 'The open figures as CSV (UTF-8 with a BOM): a suppressed value is left empty',
      tags: ['open data'],
      query: schemas.noQuery,
      answer: { mediaType: 'text/csv', description: 'quarter,university,track,completions,hours,trainees' },
      refusals: [],
      cache: 'public',
      keptUnder: programmeFigureRows,
    },
    async () => new CsvBody(openFiguresCsv(await openFigures()), 'open-figures.csv'),
  );
  return ops;
}

/** An answer that is a CSV file rather than JSON. */
class CsvBody {
  constructor(
    readonly text: string,
    readonly filename: string,
  ) {}
}

/** Answers kept per version of the data they are made from: by address, for the minute (a course's shown status follows the clock). */
const keptAnswers = new WeakMap<object, Map<string, string | CsvBody>>();
/** Addresses kept per version: the parameters are free, so the memory is bounded. */
const maxKeptAnswers = 200;

/** The operation's answer as JSON text (or a CSV file), from those kept under its data's current version when it has one. */
async function keptAnswer(
  op: { keptUnder?: () => Promise<object> },
  address: string,
  compute: () => Promise<unknown>,
): Promise<string | CsvBody> {
  const encode = (body: unknown) => (body instanceof CsvBody ? body : JSON.stringify(body));
  if (!op.keptUnder) return encode(await compute());
  const version = await op.keptUnder();
  let kept = keptAnswers.get(version);
  if (!kept) keptAnswers.set(version, (kept = new Map()));
  const key = `${Math.floor(Date.now() / 60_000)} ${address}`;
  let answer = kept.get(key);
  if (answer === undefined) {
    answer = encode(await compute());
    if (kept.size >= maxKeptAnswers) kept.clear();
    kept.set(key, answer);
  }
  return answer;
}

function cacheHeaders(res: Response, cache: ApiOperation['cache']): void {
  res.set('Cache-Control', cache === 'public' ? 'public, max-age=60' : 'private, no-store');
  res.vary('Accept-Encoding');
}

/** Allows the configured origins only: without API_CORS_ORIGINS, no cross-origin header at all. */
function cors(origins: readonly string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin && origins.includes(origin)) {
      res.set('Access-Control-Allow-Origin', origin);
      res.vary('Origin');
    }
    next();
  };
}

/**
 * `/api/v1`: the read-only JSON API (OpenAPI at /api/v1/openapi.json, a reference at /api/docs).
 * Mounted before sessions and CSRF, which it needs neither of; every error is problem+json.
 */
export function apiRoutes(config: Config): Router {
  const ops = operations(config);
  const document = openApiDocument(ops, apiBase, apiVersion);
  const router = Router();

  router.get('/api/docs', (req, res) => {
    res.render('api/docs', { title: req.t('api.docs.title'), problems: Object.entries(problems) });
  });
  router.use('/api/docs/assets', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));

  const v1 = Router();
  v1.use(cors(config.apiCorsOrigins));
  v1.get('/openapi.json', (_req, res) => {
    cacheHeaders(res, 'public');
    res.json(document);
  });
  for (const op of ops)
    v1.get(op.path, async (req, res) => {
      if (!isDatabaseAvailable()) throw new ApiProblem('unavailable', undefined, { retryAfterSeconds: 5 });
      const params = parsed(z.object(op.params ?? {}), req.params, 'path') as Record<string, string>;
      const query = parsed(op.query ?? schemas.noQuery, req.query, 'query') as never;
      await op.limit?.(req);
      const body = await keptAnswer(op, req.originalUrl, () => op.handle(req, { query, params }));
      cacheHeaders(res, op.cache);
      if (body instanceof CsvBody) res.type('text/csv; charset=utf-8').attachment(body.filename).send(body.text);
      else res.type('application/json').send(body);
    });
  v1.use(apiNotFound);
  v1.use(apiErrors);
  router.use(apiBase, v1);
  return router;
}
