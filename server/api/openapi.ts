import { z } from 'zod';
import type { ApiScope } from '../../models/api-token';
import { apiComponents } from './schemas';
import { problems, type ProblemType } from './problem';
import { bearerScheme } from './token-auth';

/** One operation of the API as the router declares it: the document is built from these. */
export interface ApiOperation {
  method: 'get';
  /** Express's form: `/courses/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  query?: z.ZodObject;
  params?: Record<string, z.ZodType>;
  /** The 200 answer: a schema named in apiComponents, or text of a media type (CSV). */
  answer: z.ZodType | { mediaType: string; description: string };
  /** Refusals it may answer besides a bad request and the server's own (problem.ts). */
  refusals: readonly ('not-found' | 'too-many-requests')[];
  /** Public data may be cached by anyone; anything else is private. */
  cache: 'public' | 'private';
  /** The scope a bearer token needs for it; unset: public. */
  token?: ApiScope;
}

type JsonSchema = Record<string, unknown>;

const componentRef = (id: string) => `#/components/schemas/${id}`;

/** The document states its dialect once (OpenAPI 3.1 is JSON Schema 2020-12): no schema repeats it, or names itself. */
function withoutDialect(schema: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema' && key !== '$id'));
}

/** A schema as the document shows it: named components by reference, without the per-schema `$schema`. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const id = apiComponents.get(schema)?.id;
  if (id) return { $ref: componentRef(id) };
  return withoutDialect(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema);
}

function components(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiComponents, { uri: componentRef, unrepresentable: 'any' }) as {
    schemas: Record<string, JsonSchema>;
  };
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema)]));
}

const problemAnswer = (type: ProblemType) => ({
  description: problems[type].title,
  content: { 'application/problem+json': { schema: { $ref: componentRef('Problem') } } },
  ...(type === 'too-many-requests' && {
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  }),
  ...((type === 'invalid-token' || type === 'insufficient-scope') && {
    headers: { 'WWW-Authenticate': { description: 'The bearer challenge (RFC 6750)', schema: { type: 'string' } } },
  }),
});

/** What an operation behind a token may answer besides its own refusals: one problem per status. */
const tokenRefusals = (op: ApiOperation) =>
  op.token
    ? {
        401: problemAnswer('invalid-token'),
        403: {
          ...problemAnswer('insufficient-scope'),
          description: `${problems['insufficient-scope'].title}, or ${problems['wrong-university'].title.toLowerCase()}`,
        },
        429: problemAnswer('too-many-requests'),
      }
    : {};

function operationOf(op: ApiOperation): JsonSchema {
  const parameters = [
    ...Object.entries(op.params ?? {}).map(([name, schema]) => ({
      name,
      in: 'path',
      required: true,
      schema: schemaOf(schema, 'input'),
    })),
    ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => {
      const { description, ...rest } = schemaOf(schema as z.ZodType, 'input');
      return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: rest };
    }),
  ];
  const ok =
    op.answer instanceof z.ZodType
      ? { description: 'OK', content: { 'application/json': { schema: schemaOf(op.answer) } } }
      : { description: op.answer.description, content: { [op.answer.mediaType]: { schema: { type: 'string' } } } };
  return {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description && { description: op.description }),
    tags: op.tags,
    ...(op.token && { security: [{ [bearerScheme]: [op.token] }] }),
    parameters,
    responses: {
      200: {
        ...ok,
        headers: {
          ETag: {
            description: 'Send it back in If-None-Match: an unchanged answer is 304',
            schema: { type: 'string' },
          },
          'Cache-Control': {
            description: op.cache === 'public' ? 'public, max-age=60' : 'private, no-store',
            schema: { type: 'string' },
          },
        },
      },
      304: { description: 'Not modified since the ETag sent in If-None-Match' },
      400: problemAnswer('bad-request'),
      ...tokenRefusals(op),
      ...Object.fromEntries(op.refusals.map((r) => [problems[r].status, problemAnswer(r)])),
      500: problemAnswer('server-error'),
      503: problemAnswer('unavailable'),
    },
  };
}

/** `/courses/:id` as OpenAPI writes it: `/courses/{id}`. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/** The OpenAPI 3.1 document of the operations mounted at `base`. */
export function openApiDocument(operations: readonly ApiOperation[], base: string, version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) (paths[`${base}${openApiPath(op.path)}`] ??= {})[op.method] = operationOf(op);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Battery Talent Hub API',
      version,
      description:
        "Read-only data of Pohang City's battery workforce-training programme: courses, universities, certificate " +
        'checks and open figures; with a token, the figures, reports, pseudonymous enrollments, outcomes, and a ' +
        "university's rosters and attendance. JSON unless said; errors are application/problem+json (RFC 9457). " +
        '포항시 이차전지 ' +
        '인력양성 사업의 과정, 대학, 수료증 진위 확인과 공개 통계를 읽는 API입니다.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        [bearerScheme]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A token made by city staff at /city/api-tokens, sent as `Authorization: Bearer bth_…`. Each operation ' +
            'names the scope it needs; a token with a university reads only that university.',
        },
      },
    },
  };
}
