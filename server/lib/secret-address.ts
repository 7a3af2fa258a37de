/**
 * Addresses that carry a secret (a one-time link's token, a calendar feed's key, a check-in code)
 * must not reach a log file, where anyone who reads it could use them. A router declares each
 * such route beside its definition, in Express's path syntax:
 *
 *     export const secretAddresses: SecretAddress[] = [{ path: '/calendar/:token.ics', params: ['token'] }];
 *
 * and `addressRedactor` turns the gathered list (routes/secret-addresses.ts) into the function
 * the request log runs every address through.
 */
export interface SecretAddress {
  /** The route's full path as registered (`/password/reset/:token`). */
  path: string;
  /** Path parameters whose values are secret. */
  params?: readonly string[];
  /** Query fields whose values are secret (`t` of `/check-in/...?t=`). */
  query?: readonly string[];
}

export const redacted = '[redacted]';

interface Compiled {
  address: SecretAddress;
  regexp: RegExp;
  /** Per capture group: the secret parameter it holds, or undefined for literal text. */
  groups: (string | undefined)[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The route's path as a regular expression matched the way Express routes: any case, an optional trailing slash. */
function compile(address: SecretAddress): Compiled {
  const secret = new Set(address.params ?? []);
  const groups: (string | undefined)[] = [];
  let source = '';
  let at = 0;
  for (const param of address.path.matchAll(/:(\w+)/g)) {
    source += `(${escape(address.path.slice(at, param.index))})([^/]+?)`;
    groups.push(undefined, secret.has(param[1]!) ? param[1] : undefined);
    at = param.index + param[0].length;
  }
  source += `(${escape(address.path.slice(at))}/?)`;
  groups.push(undefined);
  return { address, regexp: new RegExp(`^${source}$`, 'i'), groups };
}

/** The query's name before any `[...]` (the extended parser reads `t[]=` and `t[x]=` as `t`). */
function fieldName(raw: string): string {
  let name = raw;
  try {
    name = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is kept as written.
  }
  return name.split('[')[0]!;
}

export interface AddressRedactor {
  /** The address (path and query, or an absolute URL) with the secrets of its route replaced. */
  url(url: string): string;
  /** A parsed `req.query` or `req.params` of that address, with its secret fields replaced. */
  fields(url: string, kind: 'query' | 'params', values: unknown): unknown;
}

export function addressRedactor(addresses: readonly SecretAddress[]): AddressRedactor {
  const compiled = addresses.map(compile);
  const split = (url: string) => {
    // An absolute URL (a Referer header) keeps its origin as it is.
    const origin = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i.exec(url)?.[0] ?? '';
    const rest = url.slice(origin.length);
    const q = rest.indexOf('?');
    return { origin, path: q < 0 ? rest : rest.slice(0, q), query: q < 0 ? undefined : rest.slice(q + 1) };
  };
  const match = (path: string) => {
    for (const c of compiled) {
      const m = c.regexp.exec(path);
      if (m) return { c, m };
    }
    return undefined;
  };
  return {
    url(url) {
      const { origin, path, query } = split(url);
      const found = match(path);
      if (!found) return url;
      const { c, m } = found;
      const newPath = c.groups.map((secret, i) => (secret ? redacted : m[i + 1])).join('');
      const secretFields = new Set(c.address.query ?? []);
      const newQuery = query
        ?.split('&')
        .map((part) => {
          const eq = part.indexOf('=');
          const name = eq < 0 ? part : part.slice(0, eq);
          return secretFields.has(fieldName(name)) ? `${name}=${redacted}` : part;
        })
        .join('&');
      return `${origin}${newPath}${newQuery === undefined ? '' : `?${newQuery}`}`;
    },
    fields(url, kind, values) {
      const found = match(split(url).path);
      if (!found || typeof values !== 'object' || values === null) return values;
      const secret = new Set((kind === 'query' ? found.c.address.query : found.c.address.params) ?? []);
      return Object.fromEntries(
        Object.entries(values as Record<string, unknown>).map(([k, v]) => [
          k,
          secret.has(kind === 'query' ? fieldName(k) : k) ? redacted : v,
        ]),
      );
    },
  };
}
