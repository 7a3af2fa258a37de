/**
 * The bench runs the production configuration, whose session cookie is `secure`: requests
 * say they came through a TLS-terminating proxy, as they would in production.
 */
export const viaTls = { 'x-forwarded-proto': 'https' };

/** A signed-in session for load tests: its cookie and the CSRF token its forms carry. */
export interface BenchSession {
  cookie: string;
  csrf: string;
}

function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

async function tokenIn(res: Response): Promise<string> {
  const match = /name="_csrf" value="([^"]+)"/.exec(await res.text());
  if (!match?.[1]) throw new Error(`no CSRF token on ${new URL(res.url).pathname} (status ${res.status})`);
  return match[1];
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<BenchSession> {
  const form = await fetch(`${baseUrl}/login`, { headers: viaTls });
  const anonymous = cookiesOf(form);
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...viaTls, cookie: anonymous, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: await tokenIn(form), email, password }),
  });
  if (res.status !== 303) throw new Error(`login as ${email} answered ${res.status}`);
  const cookie = cookiesOf(res);
  // A static page: its header's sign-out form carries the signed-in session's token.
  const page = await fetch(`${baseUrl}/privacy`, { headers: { ...viaTls, cookie } });
  return { cookie, csrf: await tokenIn(page) };
}

/** Signs many accounts in, `batch` at a time; an account whose sign-in fails is tried once more. */
export async function signInMany(
  baseUrl: string,
  emails: string[],
  password: string,
  batch = 25,
): Promise<BenchSession[]> {
  const sessions: BenchSession[] = [];
  for (let i = 0; i < emails.length; i += batch) {
    sessions.push(
      ...(await Promise.all(
        emails
          .slice(i, i + batch)
          .map((email) => signIn(baseUrl, email, password).catch(() => signIn(baseUrl, email, password))),
      )),
    );
  }
  return sessions;
}
