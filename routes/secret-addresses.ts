import { addressRedactor, type SecretAddress } from '../server/lib/secret-address';
import { apiSecretAddresses } from './api';
import { calendarSecretAddresses } from './calendar';
import { certificateSecretAddresses } from './certificates';
import { checkInSecretAddresses } from './check-in';
import { registerSecretAddresses } from './register';
import { setPasswordSecretAddresses } from './set-password';

/**
 * Every route whose address carries a secret, as the routers that define them declare it. The
 * request log writes these addresses with the secret replaced (server/app.ts);
 * test/routes/secret-addresses.test.ts fails when a route with a token or code in its path is
 * not listed here.
 */
export const secretAddresses: readonly SecretAddress[] = [
  ...apiSecretAddresses,
  ...calendarSecretAddresses,
  ...certificateSecretAddresses,
  ...checkInSecretAddresses,
  ...registerSecretAddresses,
  ...setPasswordSecretAddresses,
];

export const secretAddressRedactor = addressRedactor(secretAddresses);
