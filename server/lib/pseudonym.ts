import crypto from 'node:crypto';

/**
 * The key of the exports' pseudonymous trainee ids, derived (HKDF-SHA256) from a configured secret:
 * the same secret gives the same key on every instance and at every start.
 */
export function pseudonymKey(secret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'battery-talent-hub', 'export trainee pseudonym', 32));
}

/**
 * A stable pseudonym of an id: HMAC-SHA256 under the key, 20 hex digits (80 bits). The same id
 * always gives the same pseudonym, so exports of different quarters can be joined, and without the
 * key it can be neither reversed nor recomputed from a list of ids.
 */
export function pseudonymOf(key: Buffer, id: string): string {
  return `P${crypto.createHmac('sha256', key).update(id).digest('hex').slice(0, 20)}`;
}
