import assert from 'node:assert/strict';
import { User } from '../../../models/user';
import { textLimits } from '../../../models/text';
import {
  hostileText,
  bodyWith,
  everyCount,
  assertRefused,
  assertAllRefused,
  hostileFixture,
  type HostileFixture,
} from '../../support/hostile-input';
import { useTestApp } from '../../support/app';

describe('hostile input, the trainee’s profile: every form answers 4xx with a message, writes nothing, never 500', () => {
  const ctx = useTestApp();
  let trainee: HostileFixture['trainee'];
  let traineeAgent: HostileFixture['traineeAgent'];

  before(async function () {
    this.timeout(60_000);
    ({ trainee, traineeAgent } = await hostileFixture(ctx.app));
  });

  it('profile: name and affiliation leave the stored profile as it was', async () => {
    const base = { _csrf: traineeAgent.csrf, name: '김교육', locale: 'ko', category: 'employee', affiliation: '포항' };
    const counts = await everyCount();
    for (const field of ['name', 'affiliation'] as const) {
      for (const c of hostileText(textLimits.personName, { optional: field === 'affiliation' })) {
        const res = await traineeAgent.agent
          .post('/me/profile')
          .type('form')
          .send(bodyWith(base, field, c.value));
        assertRefused(res, `#e-${field}`, c.says, `${field}: ${c.label}`);
      }
    }
    assertAllRefused();
    assert.deepEqual(await everyCount(), counts);
    const stored = await User.findById(trainee._id).lean();
    assert.equal(stored?.name, '김교육');
    assert.equal(stored?.trainee?.affiliation, '포항');
  });
});
