import { Router } from 'express';
import { getTranscript } from '../../server/services/certificates/records';

/** GET /me/transcript: completed courses across all universities, printable. */
export function transcriptRoutes(): Router {
  const router = Router();
  router.get('/transcript', async (req, res) => {
    res.render('me/transcript', {
      title: req.t('certificates.transcript.title'),
      transcript: await getTranscript(req.user!),
    });
  });
  return router;
}
