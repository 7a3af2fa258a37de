import assert from 'node:assert/strict';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import request, { type Response } from 'supertest';

type Document = {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
};

/** The operation of the document that answers `path` (a concrete address: `/api/v1/courses/6b…`). */
function operationFor(document: Document, method: string, path: string) {
  const match = Object.keys(document.paths).find((template) =>
    new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(path),
  );
  assert.ok(match, `the OpenAPI document has no path for ${path}`);
  const operation = document.paths[match]?.[method];
  assert.ok(operation, `the OpenAPI document has no ${method} for ${match}`);
  return operation;
}

/**
 * Checks API answers against the app's own OpenAPI document (read once from /api/v1/openapi.json):
 * the status is one the operation declares, the media type its, and the body valid by its schema.
 */
export function openApiValidator(app: () => Express) {
  let validate: ((res: Response, path: string) => void) | undefined;
  const load = async () => {
    const document = (await request(app()).get('/api/v1/openapi.json').expect(200)).body as Document;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: 'doc', components: document.components });
    return (res: Response, path: string) => {
      const operation = operationFor(document, 'get', path);
      const declared = operation.responses[String(res.status)];
      assert.ok(declared, `${path} answered ${res.status}, which the document does not declare`);
      if (res.status === 304) return;
      const [mediaType, { schema }] = Object.entries(declared.content ?? {})[0]!;
      assert.equal(String(res.headers['content-type']).split(';')[0], mediaType, `${path}: media type`);
      if (!mediaType.includes('json')) return;
      const refs = JSON.parse(JSON.stringify(schema).replaceAll('"#/components', '"doc#/components')) as object;
      const check = ajv.compile(refs);
      assert.ok(check(res.body), `${path} ${res.status}: ${ajv.errorsText(check.errors)}`);
    };
  };
  return {
    /** Fetches `path` from the API and checks the answer against the document; resolves with it. */
    async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
      validate ??= await load();
      const res = await request(app()).get(path).set(headers);
      validate(res, path.split('?')[0]!);
      return res;
    },
  };
}
