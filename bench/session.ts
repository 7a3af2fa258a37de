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

function tokenIn(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<BenchSession> {
  const form = await fetch(`${baseUrl}/login`, { headers: viaTls });
  const anonymous = cookiesOf(form);
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...viaTls, cookie: anonymous, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: tokenIn(await form.text()), email, password }),
  });
  if (res.status !== 303) throw new Error(`login as ${email} answered ${res.status}`);
  const cookie = cookiesOf(res);
  // A static page: its header's sign-out form carries the signed-in session's token.
  const page = await fetch(`${baseUrl}/privacy`, { headers: { ...viaTls, cookie } });
  return { cookie, csrf: tokenIn(await page.text()) };
}

/** Signs many accounts in, `batch` at a time. */
export async function signInMany(baseUrl: string, emails: string[], password: string, batch = 25): Promise<BenchSession[]> {
  const sessions: BenchSession[] = [];
  for (let i = 0; i < emails.length; i += batch) {
    sessions.push(...(await Promise.all(emails.slice(i, i + batch).map((email) => signIn(baseUrl, email, password)))));
  }
  return sessions;
}
