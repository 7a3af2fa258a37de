/**
 * The house's layers, checked by `npm run lint` (docs/architecture.md, "Layers").
 *
 *   routes → forms → services → models → lib
 *
 * Each layer imports only the layers below it; routes may call services directly. Inside
 * `server/services/`, a domain imports only the domains below it in `domainOrder`.
 */

/** Service domains, lowest first: a domain may import the ones above it in this list, never the ones below. */
const domainOrder = [
  'course-base', // what every domain reads of a course: loading one for an actor, the catalog snapshot, its phase, waitlist ranks
  'figures', // which enrollments count and in which quarter (pure)
  'limits', // limits counted in the database
  'audit', // the record of every change
  'api-tokens', // API tokens: made, held in memory, revoked, their uses counted
  'notifications', // notices and mail, the office's reply-to, schedule-change notices
  'copies', // the table of fact changes and every derived copy it refreshes
  'enrollment', // an enrollment's status steps, seats, timetable clashes, apply rules, a course's end
  'allocation', // intents and the course's allocator, which decides them
  'attendance', // marks, the grid, the roll call, check-in
  'courses', // course editing and lifecycle, the catalog, the roster, skills, universities
  'certificates', // issuing, revoking and showing certificates
  'accounts', // accounts, sign-in, profile, privacy
  'applications', // applying, staff decisions and enrolment (through the allocator)
  'trainee', // the trainee's own pages: dashboard and calendar feed
  'announcements', // announcements and messages to a course
  'city', // the city's figures, targets, outcomes and audit log
  'completion', // deciding completion and its follow-up
  'reports', // completion reports to the city
  'integrity', // checks of the stored facts against each other
];

const services = (names) => `^server/services/(${names.join('|')})/`;

const domainRules = domainOrder.slice(0, -1).map((domain, i) => ({
  name: `services-order:${domain}`,
  comment:
    `server/services/${domain}/ sits below ${domainOrder.slice(i + 1).join(', ')} in the declared order ` +
    `(.dependency-cruiser.cjs, domainOrder): move what both need below ${domain}, or call it from above.`,
  severity: 'error',
  from: { path: `^server/services/${domain}/` },
  to: { path: services(domainOrder.slice(i + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: 'services-domain-declared',
      comment:
        'Every folder of server/services/ is a domain named in domainOrder (.dependency-cruiser.cjs) and docs/architecture.md.',
      severity: 'error',
      from: { path: '^server/services/', pathNot: services(domainOrder) },
      to: {},
    },
    {
      name: 'lib-knows-no-domain',
      comment:
        'server/lib/ holds helpers with no domain rule: it imports only lib/, server/errors.ts and server/paths.ts ' +
        '(no model, service, form or route). A helper that needs a model belongs with the model or a service.',
      severity: 'error',
      from: { path: '^server/lib/' },
      to: {
        dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: '^server/(lib/|errors\\.ts$|paths\\.ts$)',
      },
    },
    {
      name: 'models-import-only-lib',
      comment: 'models/ import other models and server/lib/ only.',
      severity: 'error',
      from: { path: '^models/' },
      to: {
        dependencyTypesNot: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: '^(models/|server/lib/)',
      },
    },
    {
      name: 'services-not-upward',
      comment:
        'Services take plain values and return plain objects: they never import routes, forms, middleware, ' +
        'jobs, the seed, migrations or the API adapters.',
      severity: 'error',
      from: { path: '^server/services/' },
      to: {
        path: '^(routes/|server/(forms|middleware|jobs|seed|api|db/migrations)/|server/(app|index|bootstrap)\\.ts$)',
      },
    },
    {
      name: 'forms-not-upward',
      comment: 'Forms parse input; they never import routes, middleware, jobs, the seed or the API adapters.',
      severity: 'error',
      from: { path: '^server/forms/' },
      to: { path: '^(routes/|server/(middleware|jobs|seed|api|db/migrations)/|server/(app|index|bootstrap)\\.ts$)' },
    },
    {
      name: 'nothing-below-imports-routes',
      comment:
        'Only server/app.ts mounts the routers: nothing else under server/ or models/ imports routes/ ' +
        '(pass what a route declares in from app.ts).',
      severity: 'error',
      from: { path: '^(server|models)/', pathNot: '^server/app\\.ts$' },
      to: { path: '^routes/' },
    },
    {
      name: 'routes-reach-models-through-services',
      comment: 'A route file holds no query: it calls a service (or a form), never a model; it may name a model type.',
      severity: 'error',
      from: { path: '^routes/' },
      to: { path: '^models/', dependencyTypesNot: ['type-only'] },
    },
    ...domainRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
