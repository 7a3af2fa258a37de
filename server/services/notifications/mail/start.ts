import type { i18n } from 'i18next';
import type { Config } from '../../../config';
import type { Logger } from '../../../logger';
import { createMailTransport } from './transport';
import { createMailWorker, type MailWorker } from './worker';

/** Starts this instance's mail worker and says on the console where mail goes. */
export function startMail(config: Config, i18n: i18n, logger: Logger): MailWorker {
  const transport = createMailTransport(config);
  // Without SMTP, development prints each message's link too, so a newcomer can click the activation link.
  const announce = !config.smtpUrl && config.env === 'development' ? (line: string) => console.log(line) : undefined;
  const worker = createMailWorker({ transport, i18n, baseUrl: config.baseUrl, logger, announce });
  worker.start();
  console.log(`Mail is ${transport.description}`);
  return worker;
}
