import crypto from 'node:crypto';

/**
 * Secrets sent in links (set-password, password reset, activation): 32 random bytes,
 * of which only the SHA-256 is stored, so a database reader cannot use a link.
 */
export function newToken(): { token: string; tokenHash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, tokenHash: digestToken(token) };
}

export function digestToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Whether a value from a URL can be a token at all; anything else is not looked up. */
export function looksLikeToken(value: string): boolean {
  return /^[\w-]{20,100}$/.test(value);
}
