import { Router } from 'express';
import { parseAttendanceForm, postedAttendance } from '../../server/forms/attendance-form';
import { submitForm } from '../../server/forms/submit';
import { flash } from '../../server/middleware/flash';
import { getAttendanceGrid, saveAttendance } from '../../server/services/attendance/grid';

/** GET|POST /manage/courses/:id/attendance: one grid of trainees × sessions, saved in one submit. */
export function attendanceRoutes(): Router {
  const router = Router();

  router.get('/courses/:id/attendance', async (req, res) => {
    const grid = await getAttendanceGrid(req.user!, req.params.id);
    res.render('attendance/grid', { title: req.t('attendance.title'), grid });
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
      return res
        .status(422)
        .render('attendance/grid', { title: req.t('attendance.title'), grid, errors: saved.errors });
    }
    flash(req, 'success', 'attendance.saved', { count: saved.value.changed });
    res.redirect(303, `/manage/courses/${req.params.id}/attendance`);
  });

  return router;
}
