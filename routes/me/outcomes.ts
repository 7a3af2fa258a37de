import { Router, type Request } from 'express';
import { outcomeOptions, outcomeSchema } from '../../server/forms/outcome';
import { parseForm } from '../../server/forms/parse';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import { answerFollowUp, loadFollowUp } from '../../server/services/completion/follow-up';

async function followUpPage(req: Request, extra: Record<string, unknown> = {}) {
  const followUp = await loadFollowUp(req.user!, String(req.params.enrollment), String(req.params.round));
  return {
    title: req.t('outcomes.form.title'),
    round: followUp.request.round,
    course: followUp.course,
    answer: followUp.answer,
    options: outcomeOptions,
    values: {},
    ...extra,
  };
}

/** GET|POST /me/outcomes/:enrollment/:round — the follow-up form of a round the trainee was asked. */
export function outcomeRoutes(): Router {
  const router = Router();
  router.get('/outcomes/:enrollment/:round', async (req, res) => {
    res.render('me/outcome', await followUpPage(req));
  });
  router.post('/outcomes/:enrollment/:round', async (req, res) => {
    const result = await submitForm(parseForm(outcomeSchema, req.body), (data) =>
      answerFollowUp(req.user!, String(req.params.enrollment), String(req.params.round), data),
    );
    if (!result.ok)
      return res
        .status(422)
        .render('me/outcome', await followUpPage(req, { values: result.values, errors: result.errors }));
    flash(req, 'success', 'outcomes.form.thanks');
    res.redirect(303, '/me');
  });
  return router;
}
