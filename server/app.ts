import compression from 'compression';
import express from 'express';
import { KeptPartialsHandlebars } from './lib/kept-partials';
import { nameSummaryFields } from './lib/summary-labels';
import { apiRoutes } from '../routes/api';
import helmet from 'helmet';
import type { i18n } from 'i18next';
import { routes } from '../routes';
import { healthRoutes } from '../routes/health';
import { secretAddressRedactor } from '../routes/secret-addresses';
import { createPassport } from './auth/passport';
import { languageOfRequest } from './i18n/middleware';
import { helpers } from '../views/helpers';
import type { Config } from './config';
import { loadCertificateSeal } from './services/certificates/seal';
import type { Logger } from './logger';
import { changesCaughtUp } from './middleware/changes-caught-up';
import { csrfProtection } from './middleware/csrf';
import { errorHandler, notFound } from './middleware/error-handler';
import { saveSessionBeforeResponding, userLocals } from './middleware/flash';
import { noStoreWhenSignedIn } from './middleware/no-store';
import { formLanguageSwitch } from './middleware/language-switch';
import { pageLocals } from './middleware/locals';
import { refuseNulInAddress } from './middleware/refuse-nul';
import { requestLog } from './middleware/request-log';
import { requireDatabase } from './middleware/require-database';
import { rememberResponseEnd } from './middleware/response-end';
import { sessionMiddleware } from './middleware/session';
import { sessionLifetime } from './middleware/session-lifetime';
import { unreadNotices } from './middleware/unread-notices';
import { visitorPages } from './middleware/visitor-pages';
import { publicDir, viewsDir } from './paths';

export interface AppDeps {
  config: Config;
  logger: Logger;
  i18n: i18n;
}

/** Builds the Express app. It never listens or connects, so tests can import it. */
export function createApp({ config, logger, i18n }: AppDeps): express.Express {
  const app = express();
  const passport = createPassport();
  const hbs = new KeptPartialsHandlebars({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: `${viewsDir}/layouts`,
    partialsDir: `${viewsDir}/partials`,
    helpers,
    // A partial drawn on an indented line must not indent every line of a textarea's text with it.
    compilerOptions: { preventIndent: true },
  });
  // An error summary names each refused field by its label on the page (server/lib/summary-labels.ts).
  app.engine('.hbs', (file, options, done) =>
    hbs.engine(file, options, (err: Error | null | undefined, page?: string) =>
      err ? done(err) : done(null, nameSummaryFields(page ?? '')),
    ),
  );
  app.set('view engine', '.hbs');
  app.set('views', viewsDir);
  app.set('trust proxy', config.trustProxy ? 1 : false);
  if (config.env === 'production') app.enable('view cache');
  app.disable('x-powered-by');

  app.use(requestLog(logger, secretAddressRedactor));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'script-src': ["'self'"],
          'style-src': ["'self'"],
          'img-src': ["'self'", 'data:'],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': config.env === 'production' ? [] : null,
        },
      },
      strictTransportSecurity: config.env === 'production',
    }),
  );
  app.use(compression());
  app.use(rememberResponseEnd);
  // Probes get no session, language or CSRF work.
  app.use(healthRoutes());
  app.use('/static', express.static(publicDir, { maxAge: config.env === 'production' ? '7d' : 0, index: false }));
  app.use(languageOfRequest(i18n));
  app.use(pageLocals);
  app.use(refuseNulInAddress);
  // The JSON API needs no session or CSRF, and answers problem+json while the database is away.
  app.use(apiRoutes(config));
  app.use(requireDatabase);
  app.use(visitorPages());
  // An attendance grid of 60 trainees × 30 sessions posts a status and a remark per cell.
  app.use(express.urlencoded({ extended: true, limit: '1mb', parameterLimit: 10_000 }));
  app.use(formLanguageSwitch);
  app.use(changesCaughtUp);
  app.use(sessionMiddleware(config));
  app.use(passport.session());
  app.use(saveSessionBeforeResponding);
  app.use(sessionLifetime(config.sessionLimits));
  app.use(noStoreWhenSignedIn);
  app.use(csrfProtection);
  app.use(userLocals);
  app.use(unreadNotices);

  app.use(routes({ passport, config, certificateSeal: loadCertificateSeal(config.certificate.sealPath, logger) }));

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
