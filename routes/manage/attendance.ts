import { Router, type Request } from 'express';
import { attendanceGridView } from '../../server/forms/attendance-grid-view';
import { parseAttendanceForm, postedAttendance } from '../../server/forms/attendance-form';
import { submitForm } from '../support/submit-form';
import { isLocale } from '../../server/i18n';
import { flash } from '../../server/middleware/flash';
import { getAttendanceGrid, saveAttendance, type AttendanceGrid } from '../../server/services/attendance/grid';

const gridPage = (req: Request, grid: AttendanceGrid) =>
  attendanceGridView(grid, req.t, isLocale(req.language) ? req.language : 'ko');

/** GET|POST /manage/courses/:id/attendance: one grid of trainees × sessions, saved in one submit. */
export function attendanceRoutes(): Router {
  const router = Router();

  router.get('/courses/:id/attendance', async (req, res) => {
    const grid = await getAttendanceGrid(req.user!, req.params.id);
    res.render('attendance/grid', gridPage(req, grid));
  });

  router.post('/courses/:id/attendance', async (req, res) => {
    const saved = await submitForm(parseAttendanceForm(req.body), (marks) =>
      saveAttendance(req.user!, req.params.id, marks),
    );
    if (!saved.ok) {
      const grid = await getAttendanceGrid(req.user!, req.params.id, {
        input: postedAttendance(saved.values),
        errors: saved.errors,
      });
      return res.status(422).render('attendance/grid', { ...gridPage(req, grid), errors: saved.errors });
    }
    flash(req, 'success', 'attendance.saved', { count: saved.value.changed });
    res.redirect(303, `/manage/courses/${req.params.id}/attendance`);
  });

  return router;
}
