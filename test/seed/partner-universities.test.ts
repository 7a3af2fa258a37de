import assert from 'node:assert/strict';
import { University } from '../../models/university';
import { partnerUniversities, seedUniversities } from '../../server/seed/partner-universities';
import { useTestApp } from '../support/app';

describe('seeding the partner universities', () => {
  useTestApp();

  it('gives every partner its alias list, the names people search by', async () => {
    const postech = partnerUniversities.find((u) => u.code === 'postech')!;
    assert.ok(postech.aliases.includes('포항공대'));
    assert.ok(partnerUniversities.find((u) => u.code === 'knu')?.aliases.includes('경북대'));
    assert.ok(partnerUniversities.every((u) => u.aliases.length > 0));
    assert.deepEqual((await University.findOne({ code: 'postech' }).lean())?.aliases, postech.aliases);
  });

  it('adds the list to a university created before aliases existed, and never overwrites one that was changed', async () => {
    await University.updateOne({ code: 'handong' }, { $unset: { aliases: 1 } });
    await University.updateOne({ code: 'korea' }, { $set: { aliases: ['고대'] } });
    assert.equal(await seedUniversities(), 0);
    const seeded = partnerUniversities.find((u) => u.code === 'handong')?.aliases;
    assert.deepEqual((await University.findOne({ code: 'handong' }).lean())?.aliases, seeded);
    assert.deepEqual((await University.findOne({ code: 'korea' }).lean())?.aliases, ['고대']);
  });
});
