import { hearTokenNewsFrom, tokenChangeHeard } from '../../models/cache-version';
import { changeChannel } from './change-channel';

/*
 * The in-process caches' version tokens (models/cache-version.ts) are held in memory while the
 * change channel listens: a new token is told to every instance (`v:` messages), and a read waits
 * for a round trip on the channel to PostgreSQL (shared by the reads waiting meanwhile) instead of
 * reading the tokens through the engine, about a millisecond of its CPU each time. Whatever was
 * held is dropped when the channel goes down and when it comes back, as changes may have been missed.
 */
hearTokenNewsFrom({
  get listening() {
    return changeChannel.listening;
  },
  caughtUp: () => changeChannel.caughtUp(),
  tell: (key) => changeChannel.publish([`v:${key}`]),
});
changeChannel.on('message', (payload) => {
  if (payload.startsWith('v:')) tokenChangeHeard();
});
changeChannel.on('up', tokenChangeHeard);
changeChannel.on('down', tokenChangeHeard);
