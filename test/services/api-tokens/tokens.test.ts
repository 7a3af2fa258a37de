import assert from 'node:assert/strict';
import { ApiToken } from '../../../models/api-token';
import { AuditEvent } from '../../../models/audit-event';
import { NotFoundError } from '../../../server/errors';
import { digestToken } from '../../../server/lib/one-time-token';
import { checkApiToken } from '../../../server/services/api-tokens/held';
import {
  createApiToken,
  listApiTokens,
  looksLikeApiToken,
  revokeApiToken,
  revokeTokensOf,
} from '../../../server/services/api-tokens/tokens';
import { useTestApp } from '../../support/app';
import { actorOf, make, universityId } from '../../support/factories';

describe('API tokens', () => {
  useTestApp();

  it('makes a token whose secret is shown once and stored only as its hash', async () => {
    const city = await actorOf(await make.cityStaff());
    const made = await createApiToken(city, { name: '시스템 A', days: 30, scopes: ['figures:read', 'figures:read'] });
    assert.ok(looksLikeApiToken(made.secret));
    assert.equal(looksLikeApiToken('bth_short'), false);
    const stored = (await ApiToken.findById(made.id).lean())!;
    assert.equal(stored.tokenHash, digestToken(made.secret));
    assert.ok(!JSON.stringify(stored).includes(made.secret.slice(4)));
    assert.deepEqual(stored.scopes, ['figures:read']);
    assert.equal(Math.round((stored.expiresAt.getTime() - stored.createdAt.getTime()) / 86_400_000), 30);
    assert.equal(await AuditEvent.countDocuments({ action: 'api_token.create', targetId: stored._id }), 1);
  });

  it('asks for a university for roster and attendance scopes, and refuses university staff', async () => {
    const city = await actorOf(await make.cityStaff());
    await assert.rejects(createApiToken(city, { name: 'x', days: 30, scopes: ['roster:read'] }), {
      errors: { university: 'apiTokens.errors.universityNeeded' },
    });
    await assert.rejects(createApiToken(city, { name: 'x', days: 30, scopes: ['figures:read'], university: 'nope' }), {
      errors: { university: 'forms.invalid' },
    });
    const made = await createApiToken(city, {
      name: 'roster',
      days: 30,
      scopes: ['roster:read'],
      university: await universityId('postech'),
    });
    assert.equal(String((await ApiToken.findById(made.id).lean())?.university), await universityId('postech'));
    const staff = await actorOf(await make.staff('postech'));
    await assert.rejects(createApiToken(staff, { name: 'x', days: 30, scopes: ['figures:read'] }), NotFoundError);
  });

  it("lists a city user's own tokens and all of them to an administrator; revoking stops a token at once", async () => {
    const [mine, theirs] = [await actorOf(await make.cityStaff()), await actorOf(await make.cityStaff())];
    const admin = await actorOf(await make.user({ role: 'admin' }));
    const a = await createApiToken(mine, { name: 'mine', days: 30, scopes: ['figures:read'] });
    const b = await createApiToken(theirs, { name: 'theirs', days: 30, scopes: ['figures:read'] });
    assert.deepEqual(
      (await listApiTokens(mine)).map((t) => t.name),
      ['mine'],
    );
    const all = (await listApiTokens(admin)).map((t) => t.id);
    assert.ok(all.includes(a.id) && all.includes(b.id));

    await assert.rejects(revokeApiToken(mine, b.id), NotFoundError);
    assert.equal((await checkApiToken(a.secret)).ok, true);
    await revokeApiToken(mine, a.id);
    await revokeApiToken(mine, a.id);
    assert.deepEqual(await checkApiToken(a.secret), { ok: false, reason: 'revoked' });
    assert.equal((await listApiTokens(mine))[0]?.state, 'revoked');
    assert.equal(await AuditEvent.countDocuments({ action: 'api_token.revoke', targetId: a.id }), 1);

    await revokeTokensOf(admin, theirs.id);
    assert.deepEqual(await checkApiToken(b.secret), { ok: false, reason: 'revoked' });
  });
});
