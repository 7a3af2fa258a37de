const base = 'http://localhost';

/** A path browsers read as one on this site: `//x` and `/\x` name another host. */
const isLocalPath = (path: string) => path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\');

/**
 * `url` (parsed against this site) as a path on this site, or undefined when it is another
 * site's or its normalised path would read as one: `new URL('/.//x', base).pathname` is `//x`,
 * which a browser given it as a link resolves to the host `x`.
 */
export function localPathOf(url: URL): string | undefined {
  if (url.origin !== base) return undefined;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return isLocalPath(path) ? path : undefined;
}

/** Parses an address of this site (a request's `originalUrl`, a posted page) against it. */
export function parseLocal(value: string): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/**
 * A same-origin path to go back to after login, or undefined for anything else (other hosts,
 * `//x`, `/\x`, `https:x`, and whatever normalises to one of them, such as `/.//x`). Returned
 * normalised, as it was checked.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 500 || !isLocalPath(value)) return undefined;
  // Control characters (a tab or newline inside `/\t/evil.com`) can make browsers read another host.
  if ([...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return undefined;
  const url = parseLocal(value);
  return url && localPathOf(url);
}
