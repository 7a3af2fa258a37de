import assert from 'node:assert/strict';
import { MailMessage } from '../../../models/mail-message';
import { User } from '../../../models/user';
import { TooManyAttemptsError } from '../../../server/errors';
import {
  activateRegistration,
  findPendingRegistration,
  requestRegistration,
  type RegistrationInput,
} from '../../../server/services/accounts/registration';
import { databaseLimiter } from '../../../server/services/limits/rate-limit';
import { useTestApp } from '../../support/app';
import { make } from '../../support/factories';

const signUp = (email: string): RegistrationInput => ({
  name: '김신규',
  email,
  password: 'a long enough password',
  locale: 'ko',
  category: 'student',
  affiliation: '한동대',
  pohangResident: true,
  consent: true,
  followUp: false,
  returnTo: '/courses/abc',
});

const tokenOf = async (email: string) => {
  const mail = await MailMessage.findOne({ to: email, kind: 'activate' }).lean();
  return /^\/register\/activate\/(.+)$/.exec(mail?.link ?? '')?.[1] ?? '';
};

describe('signing up', () => {
  useTestApp();
  const perAddress = () => databaseLimiter({ name: `test-register-${Math.random()}`, points: 3, minutes: 60 });

  it('mails an activation link that opens the account once, with the profile and consents given', async () => {
    await requestRegistration(signUp(' New.Trainee@Example.kr '), { perAddress: perAddress() });
    assert.equal(await User.exists({ email: 'new.trainee@example.kr' }), null, 'no account before activation');
    const token = await tokenOf('new.trainee@example.kr');
    assert.deepEqual(await findPendingRegistration(token), { email: 'new.trainee@example.kr', name: '김신규' });

    const { actor, returnTo } = await activateRegistration(token);
    assert.equal(returnTo, '/courses/abc');
    assert.equal(actor.role, 'trainee');
    const user = (await User.findById(actor.id).lean())!;
    assert.equal(user.trainee?.category, 'student');
    assert.equal(user.trainee?.namedReportingConsent, true);
    assert.equal(user.trainee?.followUp?.given, false);
    assert.ok(user.privacyConsent?.version);

    assert.equal(await findPendingRegistration(token), undefined);
    await assert.rejects(activateRegistration(token), { errors: { _form: 'auth.activate.invalid' } });
  });

  it('tells the owner of an existing address by mail instead, and opens no second account', async () => {
    const trainee = await make.trainee();
    await requestRegistration(signUp(trainee.email), { perAddress: perAddress() });
    assert.equal(await MailMessage.countDocuments({ to: trainee.email, kind: 'activate' }), 0);
    const warning = await MailMessage.findOne({ to: trainee.email, kind: 'registrationAttempt' }).lean();
    assert.equal(warning?.link, '/login?returnTo=%2Fcourses%2Fabc');
  });

  it('refuses an address past its budget, with the wait', async () => {
    const limiter = databaseLimiter({ name: 'test-register-budget', points: 1, minutes: 60 });
    await requestRegistration(signUp('once@example.kr'), { perAddress: limiter });
    await assert.rejects(
      requestRegistration(signUp('once@example.kr'), { perAddress: limiter }),
      (err) =>
        err instanceof TooManyAttemptsError &&
        err.errors._form === 'auth.register.throttledEmail' &&
        err.retryAfterSeconds > 0,
    );
    assert.equal(await MailMessage.countDocuments({ to: 'once@example.kr' }), 1);
  });

  it('opens one account when two sign-ups for one address are both activated', async () => {
    await requestRegistration(signUp('twice@example.kr'), { perAddress: perAddress() });
    await requestRegistration(signUp('twice@example.kr'), { perAddress: perAddress() });
    const links = (await MailMessage.find({ to: 'twice@example.kr', kind: 'activate' }).lean()).map(
      (m) => /activate\/(.+)$/.exec(m.link ?? '')![1]!,
    );
    assert.equal(links.length, 2);
    await activateRegistration(links[0]!);
    await assert.rejects(activateRegistration(links[1]!), { errors: { _form: 'auth.activate.invalid' } });
    assert.equal(await User.countDocuments({ email: 'twice@example.kr' }), 1);
  });
});
