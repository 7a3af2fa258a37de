import { User } from '../../../models/user';
import type { Limiter } from '../limits/rate-limit';
import { recordAudit } from '../audit/record';
import { queueMail, recipientOf } from '../notifications/mail/outbox';
import { issuePasswordToken, passwordLinkPath, resetLinkMinutes } from './password-tokens';

/**
 * "Forgot password": mails a one-time reset link to an active account with this address.
 * The caller answers the same whatever happens here, so nobody learns whether the address
 * has an account; `perAccount` bounds the mail one account can be sent.
 */
export async function requestPasswordReset(
  email: string,
  { ip, perAccount }: { ip?: string; perAccount: Limiter },
): Promise<void> {
  const normalized = email.trim().toLowerCase();
  const user = await User.findOne({ email: normalized, active: true }).lean();
  const audit = (outcome: string) =>
    recordAudit({
      action: 'user.password_reset_requested',
      target: user ? { type: 'User', id: user._id } : undefined,
      meta: { email: normalized, outcome },
      ip,
    });
  if (!user) return audit('unknown');
  if (!(await perAccount.take(String(user._id))).allowed) return audit('throttled');
  const { token } = await issuePasswordToken(String(user._id), undefined, 'reset');
  await queueMail({
    to: recipientOf(user),
    kind: 'passwordReset',
    params: { minutes: resetLinkMinutes },
    link: passwordLinkPath.reset(token),
  });
  return audit('sent');
}
