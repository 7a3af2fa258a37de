import path from 'node:path';
import express from 'express';
import { create as createHandlebars } from 'express-handlebars';
import { rootDir } from '../server/paths';

/**
 * The framework ceiling: bare Express + express-handlebars (the project's versions) rendering a
 * 12-card catalog from memory with a layout and a card partial, view cache on as in production.
 * What a page of ours could serve if it spent nothing on data and per-request work.
 */

// From the project root: the ceiling is served from the built JS, as the app is.
const views = path.join(rootDir, 'bench', 'ceiling');
const dateFormat = new Intl.DateTimeFormat('ko-KR', {
  timeZone: 'Asia/Seoul',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});

const courses = Array.from({ length: 12 }, (_, i) => ({
  id: `66a0000000000000000000${String(i).padStart(2, '0')}`,
  title: `양극재 합성 실무 과정 ${i + 1}`,
  university: [
    '포스텍',
    '고려대학교',
    '강원대학교',
    '경북대학교',
    '부경대학교',
    '영남대학교',
    '위덕대학교',
    '한동대학교',
  ][i % 8],
  track: ['소재', '셀', '팩·BMS', '안전·시험', '분석', '재활용', '데이터·AI'][i % 7],
  mode: '오프라인',
  startsAt: new Date(Date.UTC(2026, 2, 2 + i)),
  endsAt: new Date(Date.UTC(2026, 2, 20 + i)),
  hours: 24,
  seatsLeft: i % 3 === 0 ? 0 : 12 + i,
  waitlisted: i % 3 === 0 ? 4 : 0,
}));

export function ceilingApp(): express.Express {
  const app = express();
  const hbs = createHandlebars({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(views, 'layouts'),
    partialsDir: path.join(views, 'partials'),
    helpers: { date: (d: Date) => dateFormat.format(d) },
  });
  app.engine('.hbs', hbs.engine);
  app.set('view engine', '.hbs');
  app.set('views', views);
  app.enable('view cache');
  app.disable('x-powered-by');
  app.get('/courses', (_req, res) => {
    res.render('catalog', { title: '교육과정', courses, total: 400, pages: [1, 2, 3, 4, 5] });
  });
  return app;
}
