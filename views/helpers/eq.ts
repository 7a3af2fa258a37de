// {{#if (eq status "published")}}: strict equality for templates.
export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}
