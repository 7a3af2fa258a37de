import crypto from 'node:crypto';

/**
 * Device cookies (OWASP, "Slow Down Online Guessing Attacks with Device Cookies"): a browser
 * that signed in to an account gets a cookie naming the account and a random nonce, signed by the
 * server. Its later attempts at that account answer only to a limit of their own, so a stranger's
 * failures cannot lock the user out of it, while a stolen cookie is still worth few guesses.
 */
export const deviceCookieName = 'bth.device';
const deviceCookieDays = 90;

/**
 * The key cookie-parser signs device cookies with. Derived from SESSION_SECRET, so that every
 * instance accepts every instance's cookies, and distinct from it, so that no session cookie
 * passes for a device cookie.
 */
export function deviceCookieSecret(sessionSecret: string): string {
  return Buffer.from(crypto.hkdfSync('sha256', sessionSecret, '', 'battery-talent-hub device cookie', 32)).toString(
    'base64url',
  );
}

/** A new cookie value for a browser that has just signed in to this account. */
export function newDeviceCookie(userId: string): string {
  return `${userId}.${crypto.randomBytes(16).toString('base64url')}`;
}

/** The nonce of a (signature-checked) cookie value issued for this account; undefined for any other. */
export function trustedDevice(value: unknown, userId: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const [owner, nonce, ...rest] = value.split('.');
  return owner === userId && nonce && rest.length === 0 ? nonce : undefined;
}

export function deviceCookieOptions(secure: boolean) {
  // Sent only with the login form's post: nothing else reads it.
  return {
    signed: true,
    httpOnly: true,
    sameSite: 'strict' as const,
    secure,
    path: '/login',
    maxAge: deviceCookieDays * 24 * 3_600_000,
  };
}
