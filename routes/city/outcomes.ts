import { Router } from 'express';
import { cityOutcomesView } from '../../server/services/city/outcomes';

/** GET /city/outcomes: the outcome follow-up's response rate and answers, under the minimum-cell rule. */
export function cityOutcomeRoutes(): Router {
  const router = Router();
  router.get('/outcomes', async (req, res) => {
    res.render('city/outcomes', { title: req.t('outcomes.city.title'), ...(await cityOutcomesView(req.user!)) });
  });
  return router;
}
