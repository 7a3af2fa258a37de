import { Router, type Request, type Response } from 'express';
import { courseFormView } from '../../server/forms/course-form-view';
import { attempt } from '../support/attempt';
import { submitForm } from '../support/submit-form';
import { parseForm } from '../../server/forms/parse';
import { requiredReasonSchema } from '../../server/forms/reason';
import { courseToValues, newCourseValues, parseCourseForm, toCourseInput } from '../../server/forms/course-form';
import { flash } from '../../server/middleware/flash';
import { flashOutcome } from '../support/flash-outcome';
import { cancelCourse, cancellationPreview, closeCourse, publishCourse } from '../../server/services/courses/lifecycle';
import { isConfirmed, renderConfirm } from '../support/confirm';
import {
  createCourse,
  getManagedCourse,
  listManagedCourses,
  updateCourse,
  type CourseInput,
} from '../../server/services/courses/manage';
import { taggableSkills } from '../../server/services/courses/skills';
import { draftPublishProblems } from '../../server/services/courses/rules';
import type { CourseDoc } from '../../models/course';
import { flatten } from '../../server/lib/bilingual';

const blankRows = 3;

/** The course form; an edit (`:id` in the path) shows the course's lifecycle panel and posts back to itself. */
async function renderForm(
  req: Request,
  res: Response,
  values?: Record<string, unknown>,
  errors?: Record<string, string>,
  extraRows = blankRows,
) {
  const id = req.params.id as string | undefined;
  const course = id ? await getManagedCourse(req.user!, id) : undefined;
  const skills = await taggableSkills(course?.skills);
  res.render('manage/courses/form', {
    ...courseFormView(values ?? (course ? courseToValues(course) : newCourseValues()), errors, extraRows, skills),
    // A saved draft is checked against the publishing rules, each problem shown on its field.
    warnings: course && !values ? draftPublishProblems(course) : undefined,
    course,
    action: id ? `/manage/courses/${id}/edit` : '/manage/courses/new',
    title: res.locals.t(course ? 'manage.form.editTitle' : 'manage.form.newTitle'),
  });
}

async function list(req: Request, res: Response) {
  res.render('manage/courses/index', {
    title: req.t('manage.courses.title'),
    courses: await listManagedCourses(req.user!),
  });
}

/** Saves the course form, or re-renders it: with errors (422), or with more blank session rows. */
function save(write: (req: Request, input: CourseInput) => Promise<CourseDoc>) {
  return async (req: Request, res: Response) => {
    const form = parseCourseForm(req.body);
    if ((req.body as Record<string, unknown>).addRows)
      return renderForm(req, res, form.values, undefined, blankRows + 3);
    const result = await submitForm(form, (data) => write(req, toCourseInput(data)));
    if (!result.ok) return renderForm(req, res.status(422), result.values, result.errors);
    flash(req, 'success', 'manage.flash.saved');
    res.redirect(303, `/manage/courses/${String(result.value._id)}/edit`);
  };
}

function lifecycle(action: typeof publishCourse, done: string) {
  return async (req: Request, res: Response) => {
    const result = await attempt(() => action(req.user!, String(req.params.id)));
    flashOutcome(req, result, done);
    res.redirect(303, `/manage/courses/${String(req.params.id)}/edit`);
  };
}

/**
 * Cancelling cannot be undone: the first post shows what it would end and asks for the reason every
 * trainee is told; the confirmed one with a reason does it, one without is asked again (422).
 */
async function cancel(req: Request, res: Response) {
  const id = String(req.params.id);
  const form = parseForm(requiredReasonSchema, req.body);
  if (isConfirmed(req)) {
    const done = await submitForm(form, ({ reason }) => cancelCourse(req.user!, id, reason));
    if (done.ok || done.errors._form) {
      flashOutcome(req, done, 'manage.flash.cancelled');
      return res.redirect(303, `/manage/courses/${id}/edit`);
    }
    return renderCancelConfirm(req, res, { values: done.values, errors: done.errors });
  }
  return renderCancelConfirm(req, res, {});
}

async function renderCancelConfirm(
  req: Request,
  res: Response,
  form: { values?: Record<string, unknown>; errors?: Record<string, string> },
) {
  const id = String(req.params.id);
  const { course, open } = await cancellationPreview(req.user!, id);
  renderConfirm(
    res,
    {
      title: 'manage.cancelConfirm.title',
      effects: [
        {
          key: 'manage.cancelConfirm.course',
          params: { code: course.code, ...flatten('title', course.title) },
        },
        { key: 'manage.cancelConfirm.applications', params: open },
        { key: 'manage.cancelConfirm.told' },
      ],
      action: `/manage/courses/${id}/cancel`,
      fields: [],
      reason: { label: 'manage.cancelReason.label', hint: 'manage.cancelReason.hint', required: true },
      button: 'manage.lifecycle.cancel',
      back: `/manage/courses/${id}/edit`,
    },
    form,
  );
}

/** Course management for university staff (mounted inside the /manage guard). */
export function manageCourseRoutes(): Router {
  const router = Router();
  router.get('/', list);
  router.get('/courses', list);
  router.get('/courses/new', (req, res) => renderForm(req, res));
  router.post(
    '/courses/new',
    save((req, input) => createCourse(req.user!, input)),
  );
  router.get('/courses/:id/edit', (req, res) => renderForm(req, res));
  router.post(
    '/courses/:id/edit',
    save((req, input) => updateCourse(req.user!, String(req.params.id), input)),
  );
  router.post('/courses/:id/publish', lifecycle(publishCourse, 'manage.flash.published'));
  router.post('/courses/:id/close', lifecycle(closeCourse, 'manage.flash.closed'));
  router.post('/courses/:id/cancel', cancel);
  return router;
}
