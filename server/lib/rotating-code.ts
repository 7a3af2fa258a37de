import crypto from 'node:crypto';

export type CodeCheck = 'valid' | 'expired' | 'invalid';

/**
 * Short-lived signed codes for one subject (a QR code on a screen): `<window>.<HMAC>`, where the
 * window is the number of `periodMs` periods since the epoch. A code is valid in its own window
 * and the next one, so one read just before the screen changes still works; after that the
 * same code is `expired`. A bad signature, a malformed code or one from a later window is `invalid`.
 */
export interface RotatingCodes {
  /** The code for `subject` at the instant `at` (ms). */
  codeFor(subject: string, at: number): string;
  check(subject: string, code: string, at: number): CodeCheck;
  periodMs: number;
}

/** The key is derived from `secret` for this `purpose` only, so no other signed value passes for a code. */
export function rotatingCodes(secret: string, purpose: string, periodMs: number): RotatingCodes {
  const key = Buffer.from(crypto.hkdfSync('sha256', secret, '', `battery-talent-hub ${purpose}`, 32));
  const signature = (subject: string, window: number) =>
    crypto.createHmac('sha256', key).update(`${subject}\n${window}`).digest().subarray(0, 16);
  const windowOf = (at: number) => Math.floor(at / periodMs);
  return {
    periodMs,
    codeFor(subject, at) {
      const window = windowOf(at);
      return `${window}.${signature(subject, window).toString('base64url')}`;
    },
    check(subject, code, at) {
      const match = /^(\d{1,15})\.([\w-]{22})$/.exec(code);
      if (!match) return 'invalid';
      const window = Number(match[1]);
      const given = Buffer.from(match[2]!, 'base64url');
      // Only the canonical spelling: the last character's unused bits must not give a second valid code.
      if (given.toString('base64url') !== match[2] || !crypto.timingSafeEqual(given, signature(subject, window)))
        return 'invalid';
      const now = windowOf(at);
      if (window > now) return 'invalid';
      return now - window <= 1 ? 'valid' : 'expired';
    },
  };
}
