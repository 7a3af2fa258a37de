// {{t (concat "courses.tracks." course.track)}}: joins its arguments into one string, e.g. to build an i18n key.
export function concat(...args: unknown[]): string {
  args.pop(); // Handlebars' options object
  return args.map((a) => (a === undefined || a === null ? '' : String(a))).join('');
}
