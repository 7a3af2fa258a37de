import { Router, type Request, type Response } from 'express';
import { parseTargetsForm, targetPlanValues, targetsFormView, toTargetRows } from '../../server/forms/targets-form';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import { getTargetPlan, saveTargetPlan } from '../../server/services/city/targets';
import { yearOfPeriod } from '../../server/services/city/target-progress';
import { skillsList } from '../../server/services/courses/skills';
import { listUniversities } from '../../server/services/courses/universities';

/** Blank rows under the stored ones, to add targets per track or skill. */
const blankRows = 4;

/** The year asked for (`?year=2027`, or the posted form's); anything else is this year. */
function yearIn(value: unknown): number {
  const year = Number(value);
  return Number.isInteger(year) && year >= 2000 && year <= 2099 ? year : yearOfPeriod(undefined);
}

async function renderForm(
  req: Request,
  res: Response,
  year: number,
  values?: Record<string, unknown>,
  errors?: Record<string, string>,
) {
  const [plan, universities, { skills }] = await Promise.all([
    getTargetPlan(req.user!, year),
    listUniversities(),
    skillsList(),
  ]);
  const shown =
    values ??
    targetPlanValues(
      year,
      plan.targets,
      universities.map((u) => String(u._id)),
      blankRows,
    );
  res.render('city/targets', {
    title: req.t('targets.title'),
    year,
    prevYear: year - 1,
    nextYear: year + 1,
    ...targetsFormView(shown, errors, universities, skills),
  });
}

/** Yearly targets per university (and per track or skill) under /city/targets: one form per year. */
export function targetRoutes(): Router {
  const router = Router();

  router.get('/targets', (req, res) => renderForm(req, res, yearIn(req.query.year)));

  router.post('/targets', async (req, res) => {
    const result = await submitForm(parseTargetsForm(req.body), (data) =>
      saveTargetPlan(req.user!, data.year, toTargetRows(data)),
    );
    if (!result.ok) {
      return renderForm(req, res.status(422), yearIn(result.values.year), result.values, result.errors);
    }
    flash(req, 'success', 'targets.saved');
    res.redirect(303, `/city/targets?year=${result.data.year}`);
  });

  return router;
}
