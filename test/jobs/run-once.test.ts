import assert from 'node:assert/strict';
import { JobClaim } from '../../models/job-claim';
import { runOnce } from '../../server/jobs/run-once';
import { useTestApp } from '../support/app';

describe('runOnce (start-time migrations)', () => {
  useTestApp();

  it('lets two instances that start together both finish a migration, and records it once', async () => {
    for (let i = 0; i < 20; i++) {
      const name = `race-${i}`;
      const results = await Promise.all([runOnce(name, async () => 1), runOnce(name, async () => 1)]);
      assert.deepEqual(results, [1, 1], 'each ran it: neither had seen it finished');
      assert.equal(await JobClaim.countDocuments({ _id: name }), 1);
      assert.equal(await runOnce(name, async () => 1), 0, 'finished once, never again');
    }
  });
});
