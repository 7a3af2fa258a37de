import { Router, type Request, type Response } from 'express';
import { attempt } from '../support/attempt';
import { parseForm } from '../../server/forms/parse';
import {
  newSkillSchema,
  skillSchema,
  skillToValues,
  sourceOptions,
  toSkillInput,
} from '../../server/forms/skills-form';
import { submitForm } from '../support/submit-form';
import { flash } from '../../server/middleware/flash';
import { flashOutcome } from '../support/flash-outcome';
import {
  createSkill,
  getSkill,
  listSkillsForCity,
  setSkillActive,
  updateSkill,
} from '../../server/services/courses/skills';

/** The add or edit form; `values`/`errors` of a refused post, else the stored skill's (or a new one's) values. */
async function renderForm(req: Request, res: Response, values?: Record<string, unknown>, errors?: object) {
  const id = req.params.id as string | undefined;
  const skill = id ? await getSkill(req.user!, id) : undefined;
  res.render('city/skills/form', {
    title: req.t(skill ? 'skills.edit.title' : 'skills.new.title'),
    skill,
    action: skill ? `/city/skills/${id}/edit` : '/city/skills',
    values: values ?? (skill ? skillToValues(skill) : { sourceKind: 'city', order: '100' }),
    errors,
    sourceOptions,
  });
}

function changeActive(active: boolean) {
  return async (req: Request, res: Response) => {
    const result = await attempt(() => setSkillActive(req.user!, String(req.params.id), active));
    flashOutcome(req, result, active ? 'skills.activated' : 'skills.deactivated');
    res.redirect(303, '/city/skills');
  };
}

/** The battery-industry skills list under /city/skills: add, rename, retire or bring back a skill. */
export function skillRoutes(): Router {
  const router = Router();

  router.get('/skills', async (req, res) => {
    res.render('city/skills/index', { title: req.t('skills.title'), skills: await listSkillsForCity(req.user!) });
  });

  router.get('/skills/new', (req, res) => renderForm(req, res));

  router.post('/skills', async (req, res) => {
    const result = await submitForm(parseForm(newSkillSchema, req.body), (data) =>
      createSkill(req.user!, { ...toSkillInput(data), code: data.code }),
    );
    if (!result.ok) return renderForm(req, res.status(422), result.values, result.errors);
    flash(req, 'success', 'skills.saved');
    res.redirect(303, '/city/skills');
  });

  router.get('/skills/:id/edit', (req, res) => renderForm(req, res));

  router.post('/skills/:id/edit', async (req, res) => {
    const result = await submitForm(parseForm(skillSchema, req.body), (data) =>
      updateSkill(req.user!, String(req.params.id), toSkillInput(data)),
    );
    if (!result.ok) return renderForm(req, res.status(422), result.values, result.errors);
    flash(req, 'success', 'skills.saved');
    res.redirect(303, '/city/skills');
  });

  router.post('/skills/:id/deactivate', changeActive(false));
  router.post('/skills/:id/activate', changeActive(true));

  return router;
}
