import { LoginAttempt, type LoginAttemptDoc } from '../../../models/login-attempt';
import { ceilToHour, clock, hourMs } from '../../lib/clock';

const minuteMs = 60_000;

/**
 * OWASP's advice against online guessing, as rules over recent failed attempts, all kept in the
 * database so that every app instance counts the same attempts. A browser that has signed in to
 * the account before (a device cookie, server/auth/device-cookie.ts) answers only to its own
 * rule, so no stranger can lock a user out of it.
 */
export const throttlePolicy = {
  /** Failures for one account from one address, from untrusted browsers: a low limit. */
  pair: { failures: 5, windowMs: 15 * minuteMs },
  /**
   * Accounts that failed from one address: each account counts once however often it failed, so a
   * shared address (a campus or office NAT) reaches the limit only when it is clearly attacking.
   */
  address: { accounts: 50, windowMs: hourMs },
  /**
   * Failures for one account from all untrusted browsers: the first ones are free, then each
   * further attempt waits, twice as long each time up to a cap. This slows a guesser spread over
   * many addresses without locking the real user out for longer than the cap.
   */
  account: { free: 10, windowMs: 24 * hourMs, firstWaitMs: minuteMs, maxWaitMs: 15 * minuteMs },
  /** Failures from one trusted browser. */
  device: { failures: 5, windowMs: 15 * minuteMs },
};

/** How long attempts are kept: the longest window. */
const keepMs = throttlePolicy.account.windowMs;

export interface AttemptKey {
  account: string;
  address: string;
  /** The device-cookie nonce of a browser trusted for this account. */
  device?: string;
}

export type Refusal = { reason: 'locked' | 'throttled'; waitMs: number };

type Attempt = Pick<LoginAttemptDoc, '_id' | 'account' | 'address' | 'device' | 'at'>;

/** Time until `count` of these times (ascending) drop out of the window, when `limit` or more lie in it. */
function waitForWindow(times: number[], limit: number, windowMs: number, now: number): number {
  const inWindow = times.filter((t) => t > now - windowMs).sort((a, b) => a - b);
  if (inWindow.length < limit) return 0;
  return inWindow[inWindow.length - limit]! + windowMs - now;
}

/** The wait before another attempt with this key may check a password, given the attempts around it. */
export function refusalFor(key: AttemptKey, attempts: Attempt[], now: number): Refusal | undefined {
  const times = (keep: (a: Attempt) => boolean) => attempts.filter(keep).map((a) => a.at.getTime());
  const locked = (waitMs: number): Refusal | undefined => (waitMs > 0 ? { reason: 'locked', waitMs } : undefined);
  if (key.device) {
    const { failures, windowMs } = throttlePolicy.device;
    return locked(
      waitForWindow(
        times((a) => a.device === key.device),
        failures,
        windowMs,
        now,
      ),
    );
  }

  const { accounts, windowMs: addressWindow } = throttlePolicy.address;
  const lastFailureByAccount = new Map<string, number>();
  for (const a of attempts) {
    const t = a.at.getTime();
    if (a.address === key.address && t > (lastFailureByAccount.get(a.account) ?? 0))
      lastFailureByAccount.set(a.account, t);
  }
  const addressWait = waitForWindow([...lastFailureByAccount.values()], accounts, addressWindow, now);
  if (addressWait > 0) return { reason: 'throttled', waitMs: addressWait };

  const untrusted = (a: Attempt) => a.account === key.account && !a.device;
  const { failures, windowMs: pairWindow } = throttlePolicy.pair;
  const pairWait = waitForWindow(
    times((a) => untrusted(a) && a.address === key.address),
    failures,
    pairWindow,
    now,
  );

  const { free, windowMs: accountWindow, firstWaitMs, maxWaitMs } = throttlePolicy.account;
  const accountTimes = times(untrusted).filter((t) => t > now - accountWindow);
  const beyondFree = accountTimes.length - free;
  const accountWait =
    beyondFree >= 0 ? Math.max(...accountTimes) + Math.min(maxWaitMs, firstWaitMs * 2 ** beyondFree) - now : 0;

  return locked(Math.max(pairWait, accountWait));
}

/**
 * Writes the attempt before its password is checked, then reads the attempts that bear on it.
 * Simultaneous attempts thus see one another: a burst of guesses cannot all pass a limit that
 * each alone would have met. The account's attempts are few (its own rule keeps them so), and an
 * address's are read for the last two hours only.
 */
export async function beginAttempt(key: AttemptKey): Promise<{ id: LoginAttemptDoc['_id']; attempts: Attempt[] }> {
  const now = clock.now();
  const hour = Math.floor(now / hourMs) * hourMs;
  const { _id } = await LoginAttempt.create({
    ...key,
    at: new Date(now),
    hour: new Date(hour),
    sweepAt: new Date(ceilToHour(now + keepMs)),
  });
  const fields = { account: 1, address: 1, device: 1, at: 1 };
  const reads = [LoginAttempt.find({ account: key.account }, fields).lean()];
  // A trusted browser answers to its own rule only, which the account's attempts cover.
  if (!key.device)
    for (const h of [hour, hour - hourMs])
      reads.push(LoginAttempt.find({ address: key.address, hour: new Date(h) }, fields).lean());
  const found = (await Promise.all(reads)).flat();
  const attempts = [...new Map(found.map((a) => [String(a._id), a])).values()];
  return { id: _id, attempts };
}

/** Forgets an attempt that never checked a password (it was refused) or checked a right one. */
export async function dropAttempt(id: LoginAttemptDoc['_id']): Promise<void> {
  await LoginAttempt.deleteOne({ _id: id });
}

/** After a successful login, the account's earlier failures no longer count against it. */
export async function forgetFailures(account: string): Promise<void> {
  await LoginAttempt.deleteMany({ account });
}
