import assert from 'node:assert/strict';
import { RateUse } from '../../../models/rate-use';
import { databaseLimiter } from '../../../server/services/limits/rate-limit';
import { useTestApp } from '../../support/app';
import { minutes, useClock } from '../../support/clock';

describe('rate limits counted in the database', () => {
  useTestApp();
  const clock = useClock();

  it('gives every instance one budget per key: two limiters of one name spend it together', async () => {
    // Two app instances each make their own limiter; nothing is shared but the database.
    const [a, b] = [0, 1].map(() => databaseLimiter({ name: 'reset-account', points: 3, minutes: 60 }));
    const answers = [];
    for (const limiter of [a, b, a, b]) answers.push(await limiter!.take('someone@example.kr'));
    assert.deepEqual(answers.slice(0, 3), [{ allowed: true }, { allowed: true }, { allowed: true }]);
    const refused = answers[3]!;
    assert.ok(
      !refused.allowed && refused.retryAfterSeconds > 59 * 60 && refused.retryAfterSeconds <= 3600,
      JSON.stringify(refused),
    );
    assert.deepEqual(await b!.take('someone-else@example.kr'), { allowed: true });
    assert.equal(
      await RateUse.countDocuments({ bucket: 'reset-account:someone@example.kr' }),
      3,
      'a refused use is not kept',
    );
    clock.advance(minutes(60));
    assert.deepEqual(await a!.take('someone@example.kr'), { allowed: true });
  });

  it('lets exactly the budget of simultaneous uses through, no more and no fewer', async () => {
    const limiter = databaseLimiter({ name: 'register-email', points: 3, minutes: 60 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => limiter.take('burst@example.kr')));
    const allowed = answers.filter((a) => a.allowed).length;
    assert.equal(allowed, 3);
    // Simultaneous uses read the clock a few milliseconds apart: a use refused at an earlier millisecond
    // than the slot's winner waits the window and those milliseconds, rounded up to whole seconds.
    assert.ok(
      answers.every((a) => a.allowed || (a.retryAfterSeconds > 59 * 60 && a.retryAfterSeconds <= 3601)),
      JSON.stringify(answers),
    );
    assert.equal(await RateUse.countDocuments({ bucket: 'register-email:burst@example.kr' }), allowed);
    // A slot whose use left the window is taken again, once, by one of simultaneous uses.
    clock.advance(minutes(60));
    const later = await Promise.all(Array.from({ length: 5 }, () => limiter.take('burst@example.kr')));
    assert.equal(later.filter((a) => a.allowed).length, 3);
  });
});
