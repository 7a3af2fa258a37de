import type { Express } from 'express';

export interface AppRoute {
  method: string;
  path: string;
}

interface ListedRoute {
  path: string | RegExp;
  methods?: string[];
  router?: RouterLike;
}

interface RouterLike {
  listRoutes?: () => ListedRoute[];
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function walk(router: RouterLike, prefix: string, out: AppRoute[]): void {
  if (typeof router.listRoutes !== 'function') {
    throw new Error(
      'router.listRoutes() is missing: the route enumeration needs the `router` package 2.3 or later (Express 5.3)',
    );
  }
  for (const listed of router.listRoutes()) {
    if (typeof listed.path !== 'string')
      throw new Error(`a route is mounted on a RegExp (${String(listed.path)}); give it a string path`);
    const path = join(prefix, listed.path);
    if (listed.router) walk(listed.router, path, out);
    // HEAD is answered by every GET route; `*` is an app.all() route.
    for (const method of listed.methods ?? [])
      if (method !== 'HEAD') out.push({ method: method === '*' ? 'ALL' : method, path });
  }
}

/**
 * Every route of the app as `METHOD /full/path`, read from the router itself:
 * Express 5.3's router lists each layer's routes and mounted routers with the
 * paths they were registered under (`listRoutes`), so nested routers resolve
 * to full paths without parsing regular expressions.
 */
export function listAppRoutes(app: Express): AppRoute[] {
  const out: AppRoute[] = [];
  walk((app as unknown as { router: RouterLike }).router, '', out);
  return out;
}
