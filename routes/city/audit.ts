import { Router } from 'express';
import { auditFilterSchema } from '../../server/forms/audit-filter';
import { parseForm } from '../../server/forms/parse';
import {
  auditFilterChoices,
  browseAuditLog,
  refusedAuditLog,
  type AuditFilter,
} from '../../server/services/city/audit-log';

/** The same filters on another page of results. */
function pageLink(filter: AuditFilter, page: number): string {
  const query = new URLSearchParams();
  for (const key of ['person', 'university', 'action', 'from', 'to'] as const)
    if (filter[key]) query.set(key, filter[key]);
  query.set('page', String(page));
  return `/city/audit?${query}`;
}

/** The audit log for city staff, in plain language: filter by person, university, kind of action and days. */
export function auditRoutes(): Router {
  const router = Router();

  router.get('/audit', async (req, res) => {
    const form = parseForm(auditFilterSchema, req.query);
    const filter: AuditFilter = form.ok ? form.data : { page: 1 };
    const lang = req.language === 'en' ? 'en' : 'ko';
    // A refused filter lists nothing: applying only the parts that passed would answer another question.
    const log = form.ok ? await browseAuditLog(req.user!, filter, req.t, lang) : refusedAuditLog();
    res.status(form.ok ? 200 : 422).render('city/audit', {
      title: req.t('audit.title'),
      ...log,
      values: form.values,
      errors: form.ok ? undefined : form.errors,
      choices: await auditFilterChoices(req.t),
      prevUrl: log.page > 1 ? pageLink(filter, log.page - 1) : undefined,
      nextUrl: log.page < log.pages ? pageLink(filter, log.page + 1) : undefined,
    });
  });

  return router;
}
