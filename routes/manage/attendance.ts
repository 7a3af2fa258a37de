import { Router, type Request } from 'express';
import { parseAttendanceForm, postedAttendance } from '../../server/forms/attendance-form';
import { submitForm } from '../../server/forms/submit';
import { flash } from '../../server/middleware/flash';
import { getAttendanceGrid, saveAttendance, type AttendanceGrid } from '../../server/services/attendance/grid';

/**
 * The grid page's locals. The texts every cell repeats (status names, the remark's label) are
 * translated once here rather than in each cell: a grid of 60 trainees has hundreds of cells and
 * thousands of options, and i18next spends tens of microseconds on each call.
 */
function gridPage(req: Request, grid: AttendanceGrid) {
  const statusLabels = Object.fromEntries(grid.statuses.map((s) => [s, req.t('attendance.status', { context: s })]));
  return { title: req.t('attendance.title'), grid, statusLabels, remarkLabel: req.t('attendance.remark') };
}

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
