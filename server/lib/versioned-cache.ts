import { DatabaseUnavailableError } from '../errors';

/**
 * How long a read of the version token may take. Every later caller waits for the read in flight,
 * so one the database never answers (a connection cut off as the engine died) would hold every
 * request for this cache for ever: past this its callers answer 503, and the next caller reads anew.
 */
const tokenWithinMs = 5_000;

/**
 * A value built from the database and reused while its version token is unchanged (`readToken`,
 * e.g. `() => readCacheVersion('catalog')` of models/cache-version.ts). Every `get()` waits for a read of the token that started after the call, so a
 * change committed before a request is never missed, on this instance or another; calls that
 * arrive while a read is in flight share the next one, so a busy page costs one `_id` read per
 * round trip, not one per request. Builds are shared too: one per token.
 */
export class VersionedCache<T> {
  private built?: { token: string; value: Promise<T> };
  private reading?: Promise<string>;
  private next?: Promise<string>;

  constructor(
    private readonly readToken: () => Promise<string>,
    private readonly build: () => Promise<T>,
    private readonly readWithinMs = tokenWithinMs,
  ) {}

  async get(): Promise<T> {
    const token = await this.nextToken();
    if (this.built?.token !== token) {
      const value = this.build();
      const entry = { token, value };
      this.built = entry;
      value.catch(() => {
        if (this.built === entry) this.built = undefined;
      });
    }
    return this.built.value;
  }

  private nextToken(): Promise<string> {
    if (!this.reading) return this.startRead();
    this.next ??= this.reading.then(
      () => this.startRead(),
      () => this.startRead(),
    );
    return this.next;
  }

  private startRead(): Promise<string> {
    this.next = undefined;
    const read = unlessLate(this.readToken(), this.readWithinMs);
    this.reading = read;
    const done = () => {
      if (this.reading === read) this.reading = undefined;
    };
    read.then(done, done);
    return read;
  }
}

/** `work`, or a DatabaseUnavailableError once `ms` have passed without it settling. */
function unlessLate<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DatabaseUnavailableError()), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
