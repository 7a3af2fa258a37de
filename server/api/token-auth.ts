import type { Request } from 'express';
import type { ApiScope } from '../../models/api-token';
import { databaseLimiter, type Limiter } from '../services/limits/rate-limit';
import { checkApiToken, type HeldToken } from '../services/api-tokens/held';
import { looksLikeApiToken } from '../services/api-tokens/tokens';
import { countTokenUse } from '../services/api-tokens/uses';
import { ApiProblem } from './problem';

/** The name of the token scheme in the OpenAPI document, and the realm of its challenges. */
export const bearerScheme = 'apiToken';
const realm = 'Battery Talent Hub API';

const reasons = {
  missing: 'Send the token as Authorization: Bearer <token>',
  malformed: 'The Authorization header does not hold a token of this API',
  unknown: 'The token is not known',
  expired: 'The token has expired',
  revoked: 'The token has been revoked',
} as const;

/** The challenge of a 401 (RFC 6750 section 3): no error code when no token was sent at all. */
function refused(reason: keyof typeof reasons): ApiProblem {
  const challenge =
    reason === 'missing'
      ? `Bearer realm="${realm}"`
      : `Bearer realm="${realm}", error="invalid_token", error_description="${reasons[reason]}"`;
  return new ApiProblem('invalid-token', reasons[reason], { wwwAuthenticate: challenge });
}

function bearerSecret(header: string | undefined): string {
  if (!header) throw refused('missing');
  const match = /^Bearer +(\S+) *$/i.exec(header);
  if (!match || !looksLikeApiToken(match[1]!)) throw refused('malformed');
  return match[1]!;
}

async function within(limiter: Limiter, key: string): Promise<void> {
  const use = await limiter.take(key);
  if (!use.allowed) throw new ApiProblem('too-many-requests', undefined, { retryAfterSeconds: use.retryAfterSeconds });
}

/**
 * What an operation declared with a scope runs first: a limit per address (so that guessing
 * tokens is limited too), the token from `Authorization: Bearer`, its scope, then a limit per
 * token; both limits counted in the database, so every instance spends one budget. Returns the
 * token; a use is counted for the daily audit once the token is known.
 */
export function tokenGuard(perMinute: number) {
  const perAddress = databaseLimiter({ name: 'api-token-address', points: perMinute, minutes: 1 });
  const perToken = databaseLimiter({ name: 'api-token', points: perMinute, minutes: 1 });
  return async (req: Request, scope: ApiScope): Promise<HeldToken> => {
    await within(perAddress, req.ip ?? 'unknown');
    const check = await checkApiToken(bearerSecret(req.headers.authorization));
    if (!check.ok) throw refused(check.reason);
    const { token } = check;
    countTokenUse(token.id);
    if (!token.scopes.includes(scope))
      throw new ApiProblem('insufficient-scope', `This operation needs the scope ${scope}`, {
        wwwAuthenticate: `Bearer realm="${realm}", error="insufficient_scope", scope="${scope}"`,
      });
    await within(perToken, token.id);
    return token;
  };
}
