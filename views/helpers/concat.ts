// {{lookup errors (concat "reason." id)}}: joins its arguments into one string (for computed keys).
export function concat(...args: unknown[]): string {
  args.pop(); // Handlebars options
  return args.map((a) => (a === undefined || a === null ? '' : String(a))).join('');
}
