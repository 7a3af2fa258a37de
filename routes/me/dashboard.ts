import { Router, type Response } from 'express';
import type { Actor } from '../../server/auth/actor';
import { clock } from '../../server/lib/clock';
import { RenderedRows, Spliced } from '../../server/lib/rendered-rows';
import { openFollowUps } from '../../server/services/completion/follow-up';
import { dashboardFacts, factSources, traineeDashboard } from '../../server/services/trainee/trainee-dashboard';
import { formMarks, formValues, pageLanguage, renderOnItsOwn } from '../support/render-on-its-own';

/**
 * The page's body, kept per trainee and language (server/lib/rendered-rows.ts says how): drawing
 * and rendering a dozen enrollment cards with their session tables was most of /me's time, while
 * they change only when one of the held facts they come from is replaced, or when the clock
 * reaches a course's start or a session's end. About 15,000 characters a trainee.
 */
const bodies = new RenderedRows<KeptBody>({ variants: 2, size: 5_000_000 }, (kept) => kept.body.size);

interface KeptBody {
  body: Spliced;
  /** When the clock alone changes what it shows. */
  changesAt: number;
}

async function dashboardBody(res: Response, actor: Actor): Promise<string> {
  const facts = await dashboardFacts(actor);
  const now = clock.now();
  const render = async (): Promise<KeptBody> => {
    const { changesAt, ...view } = traineeDashboard(facts, new Date(now));
    const html = await renderOnItsOwn(res, 'me/dashboard-body', { ...view, ...formMarks });
    return { body: Spliced.of(html, formMarks), changesAt };
  };
  const kept = await bodies.get(actor.id, factSources(facts), pageLanguage(res), render, (k) => now < k.changesAt);
  return kept.body.fill(formValues(res));
}

/** The trainee's own page (mounted inside the /me guard). */
export function dashboardRoutes(): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const [body, followUps] = await Promise.all([dashboardBody(res, req.user!), openFollowUps(req.user!)]);
    // The notices are on this page, and now read: the header's badge would be stale.
    res.locals.unread = undefined;
    res.render('me/index', { title: req.t('me.title'), followUps, body });
  });
  return router;
}
