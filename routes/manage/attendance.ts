import { Router, type Request } from 'express';
import { attendanceGridView } from '../../server/forms/attendance-grid-view';
import { parseAttendanceForm, postedAttendance } from '../../server/forms/attendance-form';
import { submitForm } from '../support/submit-form';
import { isLocale } from '../../server/i18n';
import { flash } from '../../server/middleware/flash';
import { attendanceGrid, attendanceGridSource, gridFrame, saveAttendance } from '../../server/services/attendance/grid';
import { gridRowsHtml } from '../support/staff-rows';

const gridView = (req: Request, frame: Parameters<typeof attendanceGridView>[0]) =>
  attendanceGridView(frame, req.t, isLocale(req.language) ? req.language : 'ko');

/** GET|POST /manage/courses/:id/attendance: one grid of trainees × sessions, saved in one submit. */
export function attendanceRoutes(): Router {
  const router = Router();

  router.get('/courses/:id/attendance', async (req, res) => {
    const source = await attendanceGridSource(req.user!, req.params.id);
    const frame = gridFrame(source);
    res.render('attendance/grid', { ...gridView(req, frame), rowsHtml: await gridRowsHtml(res, source, frame) });
  });

  router.post('/courses/:id/attendance', async (req, res) => {
    const saved = await submitForm(parseAttendanceForm(req.body), (marks) =>
      saveAttendance(req.user!, req.params.id, marks),
    );
    if (!saved.ok) {
      const source = await attendanceGridSource(req.user!, req.params.id);
      const grid = attendanceGrid(source, { input: postedAttendance(saved.values), errors: saved.errors });
      return res.status(422).render('attendance/grid', {
        ...gridView(req, grid),
        rowsHtml: await gridRowsHtml(res, source, grid, grid.rows),
        errors: saved.errors,
      });
    }
    flash(req, 'success', 'attendance.saved', { count: saved.value.changed });
    res.redirect(303, `/manage/courses/${req.params.id}/attendance`);
  });

  return router;
}
