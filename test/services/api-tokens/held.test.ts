import assert from 'node:assert/strict';
import { ApiToken } from '../../../models/api-token';
import { apiTokenRevoked, checkApiToken } from '../../../server/services/api-tokens/held';
import { createApiToken } from '../../../server/services/api-tokens/tokens';
import { useTestApp } from '../../support/app';
import { hours, useClock } from '../../support/clock';
import { actorOf, make } from '../../support/factories';

describe('checking a bearer token', () => {
  useTestApp();
  const clock = useClock();

  it('knows a valid token by its secret, with its owner and scopes, and not an unknown one', async () => {
    const city = await actorOf(await make.cityStaff());
    const made = await createApiToken(city, { name: 'sync', days: 1, scopes: ['figures:read', 'reports:read'] });
    const check = await checkApiToken(made.secret);
    assert.ok(check.ok);
    assert.equal(check.token.id, made.id);
    assert.equal(check.token.owner, city.id);
    assert.deepEqual([...check.token.scopes], ['figures:read', 'reports:read']);
    assert.deepEqual(await checkApiToken(`bth_${'x'.repeat(43)}`), { ok: false, reason: 'unknown' });
  });

  it('refuses a token once it expires, even one held in memory', async () => {
    const city = await actorOf(await make.cityStaff());
    const made = await createApiToken(city, { name: 'short', days: 1, scopes: ['figures:read'] });
    assert.equal((await checkApiToken(made.secret)).ok, true);
    clock.advance(hours(25));
    assert.deepEqual(await checkApiToken(made.secret), { ok: false, reason: 'expired' });
  });

  it('holds a token it has read, and drops it when its revocation is announced', async () => {
    const city = await actorOf(await make.cityStaff());
    const made = await createApiToken(city, { name: 'held', days: 1, scopes: ['figures:read'] });
    assert.equal((await checkApiToken(made.secret)).ok, true);
    const stored = (await ApiToken.findById(made.id).lean())!;
    await ApiToken.updateOne({ _id: stored._id }, { revokedAt: new Date() });
    assert.equal((await checkApiToken(made.secret)).ok, true, 'served from memory until told');
    await apiTokenRevoked(stored.tokenHash);
    assert.deepEqual(await checkApiToken(made.secret), { ok: false, reason: 'revoked' });
  });
});
