import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { LoginAttempt } from '../../../models/login-attempt';
import {
  beginAttempt,
  dropAttempt,
  forgetFailures,
  refusalFor,
  throttlePolicy,
} from '../../../server/services/accounts/login-throttle';
import { useTestApp } from '../../support/app';

const now = Date.UTC(2026, 11, 5, 12, 0);
const minute = 60_000;
const attempt = (account: string, address: string, minutesAgo: number, device?: string) => ({
  _id: new Types.ObjectId(),
  account,
  address,
  device,
  at: new Date(now - minutesAgo * minute),
});

describe('login throttling', () => {
  useTestApp();

  it('locks an account from one address at five failures, until the oldest leaves the window', () => {
    const four = [1, 2, 3, 4].map((m) => attempt('a@example.kr', 'ip1', m));
    assert.equal(refusalFor({ account: 'a@example.kr', address: 'ip1' }, four, now), undefined);
    const five = [...four, attempt('a@example.kr', 'ip1', 10)];
    assert.deepEqual(refusalFor({ account: 'a@example.kr', address: 'ip1' }, five, now), {
      reason: 'locked',
      waitMs: 5 * minute,
    });
    assert.equal(refusalFor({ account: 'a@example.kr', address: 'ip2' }, five, now), undefined, 'another address');
  });

  it('lets a trusted browser answer only to its own failures, so strangers cannot lock it out', () => {
    const strangers = Array.from({ length: 20 }, (_v, i) => attempt('a@example.kr', `ip${i}`, 1));
    assert.equal(refusalFor({ account: 'a@example.kr', address: 'ip0', device: 'd1' }, strangers, now), undefined);
    const own = [1, 2, 3, 4, 5].map((m) => attempt('a@example.kr', 'ip0', m, 'd1'));
    assert.equal(refusalFor({ account: 'a@example.kr', address: 'ip0', device: 'd1' }, own, now)?.reason, 'locked');
  });

  it('throttles an address that failed for as many accounts as the policy allows, each counted once', () => {
    const { accounts } = throttlePolicy.address;
    const many = Array.from({ length: accounts }, (_v, i) => attempt(`u${i}@example.kr`, 'nat', 1));
    const key = { account: 'new@example.kr', address: 'nat' };
    assert.equal(refusalFor(key, many, now)?.reason, 'throttled');
    const repeated = Array.from({ length: accounts }, () => attempt('u0@example.kr', 'nat', 1));
    assert.notEqual(refusalFor(key, repeated, now)?.reason, 'throttled');
  });

  it('keeps attempts in the database, seen by later attempts, and forgets them after a success', async () => {
    const key = { account: 'b@example.kr', address: 'ip9' };
    const first = await beginAttempt(key);
    const second = await beginAttempt(key);
    assert.deepEqual(second.attempts.map((a) => String(a._id)).sort(), [String(first.id), String(second.id)].sort());
    await dropAttempt(first.id);
    assert.equal(await LoginAttempt.countDocuments({ account: 'b@example.kr' }), 1);
    await beginAttempt({ account: 'c@example.kr', address: 'ip9' });
    await forgetFailures('b@example.kr');
    assert.equal(await LoginAttempt.countDocuments({ account: 'b@example.kr' }), 0);
    assert.equal(await LoginAttempt.countDocuments({ account: 'c@example.kr' }), 1);
  });
});
