import assert from 'node:assert/strict';
import { SessionRecord } from '../../../models/session-record';
import { endSessionsOf } from '../../../server/services/accounts/sessions';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

describe("ending a user's sessions", () => {
  useTestApp();

  const session = (id: string, user: string) =>
    SessionRecord.create({ _id: id, expires: new Date(Date.now() + 3_600_000), session: { passport: { user } } });

  it("ends the user's sessions except the one named, and nobody else's", async () => {
    const [user, other] = [await make.trainee(), await make.trainee()];
    await session('s-a1', String(user._id));
    await session('s-a2', String(user._id));
    await session('s-a3', String(user._id));
    await session('s-b1', String(other._id));

    assert.equal(await endSessionsOf(String(user._id), 's-a2'), 2);
    const left = (await SessionRecord.find({}, { _id: 1 }).lean()).map((s) => s._id).sort();
    assert.deepEqual(left, ['s-a2', 's-b1']);

    assert.equal(await endSessionsOf(String(user._id)), 1);
    assert.deepEqual(
      (await SessionRecord.find({}, { _id: 1 }).lean()).map((s) => s._id),
      ['s-b1'],
    );
  });
});
