import { Router } from 'express';
import { z } from 'zod';
import { text } from '../../server/forms/fields';
import { parseForm } from '../../server/forms/parse';
import { browseAuditLog, knownAuditActions } from '../../server/services/audit-log';

const day = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'forms.invalid')]);
const filterSchema = z.object({
  actor: text(254),
  action: text(80),
  from: z.preprocess((v) => v ?? '', day),
  to: z.preprocess((v) => v ?? '', day),
  page: z.coerce.number('forms.invalid').int('forms.invalid').min(1, 'forms.invalid').max(100_000, 'forms.invalid').catch(1),
});

/** The audit log for city staff: filter by actor email, action and date range. */
export function auditRoutes(): Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const form = parseForm(filterSchema, { actor: '', action: '', page: 1, ...req.query });
    const filter = form.ok ? { ...form.data, from: form.data.from || undefined, to: form.data.to || undefined } : { page: 1 };
    const log = await browseAuditLog(filter);
    const query = new URLSearchParams(Object.entries(form.ok ? { actor: form.data.actor, action: form.data.action, from: form.data.from, to: form.data.to } : {}).filter(([, v]) => v));
    const pageUrl = (page: number) => `/city/audit?${new URLSearchParams([...query, ['page', String(page)]])}`;
    res.status(form.ok ? 200 : 422).render('city/audit', {
      title: req.t('audit.title'), ...log, values: form.values, errors: form.ok ? undefined : form.errors, actions: await knownAuditActions(),
      prevUrl: log.page > 1 ? pageUrl(log.page - 1) : undefined, nextUrl: log.page < log.pages ? pageUrl(log.page + 1) : undefined,
    });
  });

  return router;
}
