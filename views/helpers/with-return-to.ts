// {{withReturnTo "/register" returnTo}}: the page, carrying the address to come back to (a same-site path) when there is one.
export function withReturnTo(path: string, returnTo: unknown): string {
  return typeof returnTo === 'string' && returnTo ? `${path}?returnTo=${encodeURIComponent(returnTo)}` : path;
}
