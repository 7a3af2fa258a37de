import { Router } from 'express';
import type { Config } from '../server/config';
import { minimumCell } from '../server/services/city/disclosure';

/** GET /open-data: what the open figures are, each field explained, and where to download them. */
export function openDataRoutes(config: Config): Router {
  const router = Router();
  router.get('/open-data', (req, res) => {
    res.render('open-data/index', {
      title: req.t('openData.title'),
      licence: config.openData.licence,
      attribution: config.openData.attribution,
      minimumCell,
      fields: ['quarter', 'university', 'track', 'completions', 'hours', 'trainees'],
    });
  });
  return router;
}
