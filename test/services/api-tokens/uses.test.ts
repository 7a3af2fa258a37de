import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { AuditEvent } from '../../../models/audit-event';
import { seoulDayOf } from '../../../server/lib/calendar';
import { createApiToken } from '../../../server/services/api-tokens/tokens';
import { auditTokenDays, countTokenUse, tokenUsesOn, writeTokenUses } from '../../../server/services/api-tokens/uses';
import { useTestApp } from '../../support/app';
import { actorOf, make } from '../../support/factories';

describe("an API token's uses", () => {
  useTestApp();

  it('counts uses in memory and writes them as counts per token and day', async () => {
    const [a, b] = [String(new Types.ObjectId()), String(new Types.ObjectId())];
    for (let i = 0; i < 3; i++) countTokenUse(a);
    countTokenUse(b);
    const today = seoulDayOf(Date.now());
    assert.equal((await tokenUsesOn(today)).get(a), undefined, 'nothing written before the write');
    await writeTokenUses();
    countTokenUse(a);
    await writeTokenUses();
    const uses = await tokenUsesOn(today);
    assert.equal(uses.get(a), 4);
    assert.equal(uses.get(b), 1);
  });

  it("audits each token's day once, with its count and owner", async () => {
    const city = await actorOf(await make.cityStaff());
    const token = await createApiToken(city, { name: 'daily', days: 30, scopes: ['figures:read'] });
    for (let i = 0; i < 7; i++) countTokenUse(token.id);
    await writeTokenUses();
    const today = seoulDayOf(Date.now());
    assert.ok((await auditTokenDays([today])) >= 1);
    assert.equal(await auditTokenDays([today]), 0, 'a day visited again writes nothing');
    const event = (await AuditEvent.findOne({ action: 'api_token.use', targetId: token.id }).lean())!;
    assert.deepEqual(event.meta, { day: today, uses: 7 });
    assert.equal(String(event.actor), city.id);
  });
});
