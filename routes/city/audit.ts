import { Router } from 'express';
import { auditFilterSchema } from '../../server/forms/audit-filter';
import { parseForm } from '../../server/forms/parse';
import { browseAuditLog, knownAuditActions, type AuditFilter } from '../../server/services/audit/log';

/** The same filters on another page of results. */
function pageLink(filter: AuditFilter, page: number): string {
  const query = new URLSearchParams();
  for (const key of ['actor', 'action', 'from', 'to'] as const) if (filter[key]) query.set(key, filter[key]);
  query.set('page', String(page));
  return `/city/audit?${query}`;
}

/** The audit log for city staff: filter by actor email, action and date range. */
export function auditRoutes(): Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const form = parseForm(auditFilterSchema, req.query);
    const filter: AuditFilter = form.ok ? form.data : { page: 1 };
    const log = await browseAuditLog(filter);
    res.status(form.ok ? 200 : 422).render('city/audit', {
      title: req.t('audit.title'),
      ...log,
      values: form.values,
      errors: form.ok ? undefined : form.errors,
      actions: await knownAuditActions(),
      prevUrl: log.page > 1 ? pageLink(filter, log.page - 1) : undefined,
      nextUrl: log.page < log.pages ? pageLink(filter, log.page + 1) : undefined,
    });
  });

  return router;
}
