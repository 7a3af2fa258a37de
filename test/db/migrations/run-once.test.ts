import assert from 'node:assert/strict';
import { JobClaim } from '../../../models/job-claim';
import { runOnce } from '../../../server/db/migrations/run-once';
import { useTestApp } from '../../support/app';

describe('runOnce (start-time migrations)', () => {
  useTestApp();

  it('lets two instances that start together both finish a migration, and records it once', async () => {
    for (let i = 0; i < 20; i++) {
      const name = `race-${i}`;
      const results = await Promise.all([runOnce(name, async () => 1), runOnce(name, async () => 1)]);
      // Which of them saw the other's record first depends on the engine's timing; neither fails.
      assert.ok(results.includes(1), 'one of them ran it');
      assert.ok(
        results.every((r) => r === 0 || r === 1),
        'the other ran it too or found it finished',
      );
      assert.equal(await JobClaim.countDocuments({ _id: name }), 1);
      assert.equal(await runOnce(name, async () => 1), 0, 'finished once, never again');
    }
  });
});
