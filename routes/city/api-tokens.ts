import { Router, type Request } from 'express';
import { apiTokenSchema, scopeOptions } from '../../server/forms/api-token';
import { parseForm } from '../../server/forms/parse';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import {
  apiTokenMaxDays,
  createApiToken,
  listApiTokens,
  revokeApiToken,
} from '../../server/services/api-tokens/tokens';
import { listUniversities } from '../../server/services/courses/universities';

async function newPage(
  req: Request,
  extra: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
) {
  const values = extra.values ?? { days: '90', scopes: [] };
  const ticked = new Set([values.scopes ?? []].flat().map(String));
  return {
    title: req.t('apiTokens.new.title'),
    maxDays: apiTokenMaxDays,
    scopes: scopeOptions.map((s) => ({ ...s, checked: ticked.has(s.value) })),
    universityOptions: (await listUniversities()).map((u) => ({ value: String(u._id), text: u.name })),
    values,
    errors: extra.errors,
  };
}

/**
 * API tokens under /city/api-tokens (the /city router limits it to city staff and administrators):
 * city staff see and revoke their own, administrators every one. A new token's secret is in the
 * answer to the form and nowhere else: not in the session, a flash or a log, and never shown again.
 */
export function apiTokenRoutes(): Router {
  const router = Router();

  router.get('/api-tokens', async (req, res) => {
    res.render('city/api-tokens/index', {
      title: req.t('apiTokens.title'),
      tokens: await listApiTokens(req.user!),
      seesAll: req.user!.role === 'admin',
    });
  });

  router.get('/api-tokens/new', async (req, res) => {
    res.render('city/api-tokens/new', await newPage(req));
  });

  router.post('/api-tokens', async (req, res) => {
    const result = await submitForm(parseForm(apiTokenSchema, req.body), (data) =>
      createApiToken(req.user!, data, req.ip),
    );
    if (!result.ok) return res.status(422).render('city/api-tokens/new', await newPage(req, result));
    res.set('Cache-Control', 'no-store');
    res.status(201).render('city/api-tokens/created', { title: req.t('apiTokens.created.title'), ...result.value });
  });

  router.post('/api-tokens/:id/revoke', async (req, res) => {
    await revokeApiToken(req.user!, req.params.id, req.ip);
    flash(req, 'success', 'apiTokens.revoked');
    res.redirect(303, '/city/api-tokens');
  });

  return router;
}
