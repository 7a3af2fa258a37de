import assert from 'node:assert/strict';
import express from 'express';
import { create as createHandlebars } from 'express-handlebars';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { FormError } from '../../server/errors';
import { escapeRegExp } from '../../server/lib/regexp';
import { createI18n } from '../../server/i18n';
import { languageOfRequest } from '../../server/i18n/middleware';
import { createLogger } from '../../server/logger';
import { errorHandler } from '../../server/middleware/error-handler';
import { pageLocals } from '../../server/middleware/locals';
import { viewsDir } from '../../server/paths';
import { helpers } from '../../views/helpers';
import { shownDate } from '../support/dates';

/** The real error handler, error page and translations behind a handler that throws a FormError without re-rendering its form. */
async function appThrowing(error: FormError) {
  const app = express();
  const hbs = createHandlebars({ extname: '.hbs', defaultLayout: false, partialsDir: `${viewsDir}/partials`, helpers });
  app.engine('.hbs', hbs.engine);
  app.set('view engine', '.hbs');
  app.set('views', viewsDir);
  app.use(pinoHttp({ logger: createLogger('silent') }));
  app.use(languageOfRequest(await createI18n()));
  app.use(pageLocals);
  app.post('/', () => {
    throw error;
  });
  app.use(errorHandler);
  return app;
}

describe('a FormError no handler caught', () => {
  const clash = new FormError(
    { _form: 'enrollment.errors.clash' },
    { titleKo: '배터리 기초', titleEn: 'Battery basics', date: '2026-09-01', start: '09:00', end: '12:00' },
  );

  it('answers 422 with the rule that failed, in the reader’s language, not a 500', async () => {
    const app = await appThrowing(clash);
    const ko = await request(app).post('/?lang=ko');
    assert.equal(ko.status, 422);
    assert.match(ko.text, /아무것도 저장하지 않았습니다/);
    assert.match(
      ko.text,
      new RegExp(escapeRegExp(`「배터리 기초」 과정(${shownDate('2026-09-01')} 09:00–12:00)과 시간이 겹칩니다`)),
    );
    const en = await request(app).post('/?lang=en');
    assert.equal(en.status, 422);
    assert.match(en.text, /Nothing was saved/);
    assert.match(
      en.text,
      new RegExp(
        escapeRegExp(`The sessions clash with “Battery basics” (${shownDate('2026-09-01', 'en')} 09:00–12:00)`),
      ),
    );
  });

  it('lists every field’s message', async () => {
    const res = await request(
      await appThrowing(new FormError({ reason: 'forms.required', _form: 'attendance.errors.completed' })),
    ).post('/?lang=en');
    assert.equal(res.status, 422);
    assert.doesNotMatch(res.text, /forms\.required|attendance\.errors/);
    assert.equal((res.text.match(/<li>/g) ?? []).length, 2);
  });
});
