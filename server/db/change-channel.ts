import crypto from 'node:crypto';
import { EventEmitter } from 'node:events';
import pg from 'pg';

/** Waits before trying to listen again after the connection was lost: doubling from the first, up to the last. */
const firstRetryMs = 250;
const lastRetryMs = 4_000;
/**
 * How long connecting, or a round trip on the listening connection, may take before the
 * connection counts as lost: as long as an operation waits for the database (connect.ts).
 */
const answerWithinMs = 2_000;

interface ChannelEvents {
  /** A message another instance published. */
  message: [payload: string];
  /** Listening (again): messages from now on arrive; any published while not listening are lost. */
  up: [];
  /** Not listening any more: the connection was lost (`err`) or closed on purpose. */
  down: [err?: unknown];
}

/** How the listening connections name themselves to PostgreSQL (`pg_stat_activity.application_name`). */
export const listenerName = 'bth change listener';

/** The other instances could not be told: their PostgreSQL is away (restarting, or the engine with it). */
export class ChangeChannelUnreachableError extends Error {
  constructor(cause: unknown) {
    super('could not reach PostgreSQL to tell the other instances of a change', { cause });
  }
}

/** One PostgreSQL channel per database, so instances of different databases on one engine never hear each other. */
function channelName(dbName: string): string {
  return `bth_changes_${crypto.createHash('sha256').update(dbName).digest('hex').slice(0, 16)}`;
}

/**
 * What one app instance tells the others on the same embedded engine, through PostgreSQL's
 * LISTEN/NOTIFY: a dedicated connection listens (and is opened again, with a growing wait, when
 * lost), and messages are sent from a second one, so that telling works while listening is down.
 * A message is delivered to every instance listening when it is sent, never to the one that sent
 * it, and never later: an instance that was not listening must assume it missed some.
 */
export class ChangeChannel extends EventEmitter<ChannelEvents> {
  /** Marks this instance's own messages, which the listener skips. */
  private readonly instance = crypto.randomBytes(6).toString('base64url');
  private target?: { postgresUrl: string; channel: string };
  private listener?: pg.Client;
  private sender?: pg.Pool;
  private retry?: NodeJS.Timeout;
  private retryMs = firstRetryMs;
  private up = false;
  private syncing?: Promise<boolean>;
  private nextSync?: Promise<boolean>;

  /** True while messages from the other instances arrive. */
  get listening(): boolean {
    return this.up;
  }

  /** Listens on `dbName`'s channel of the PostgreSQL at `postgresUrl`; rejects when the first try fails. */
  async open(postgresUrl: string, dbName: string): Promise<void> {
    await this.close();
    this.target = { postgresUrl, channel: channelName(dbName) };
    this.sender = new pg.Pool({
      connectionString: postgresUrl,
      max: 1,
      idleTimeoutMillis: 10_000,
      connectionTimeoutMillis: answerWithinMs,
      query_timeout: answerWithinMs,
    });
    // An idle connection that breaks is dropped by the pool, and the next message opens another.
    this.sender.on('error', () => undefined);
    await this.listen();
  }

  async close(): Promise<void> {
    this.target = undefined;
    clearTimeout(this.retry);
    this.retryMs = firstRetryMs;
    const { listener, sender } = this;
    this.listener = undefined;
    this.sender = undefined;
    this.setDown();
    await Promise.all([listener?.end().catch(() => undefined), sender?.end()]);
  }

  /**
   * Sends each payload to the other instances. Resolves once PostgreSQL has taken them, so a
   * response sent after it follows the message. Without a channel (no PostgreSQL) there is
   * nobody to tell. A broken connection is replaced once before giving up with a
   * ChangeChannelUnreachableError (a 503, like any database that cannot be reached).
   */
  async publish(payloads: string[]): Promise<void> {
    const { sender, target } = this;
    if (!sender || !target || payloads.length === 0) return;
    const send = () =>
      sender.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [
        target.channel,
        payloads.map((p) => `${this.instance} ${p}`),
      ]);
    await send()
      .catch(send)
      .catch((err: unknown) => {
        throw new ChangeChannelUnreachableError(err);
      });
  }

  /**
   * Resolves true once every message published before the call has arrived here, false when not
   * listening. It waits for a round trip on the listening connection that started after the call:
   * PostgreSQL sends a listener the notifications committed before a query ahead of that query's
   * answer, and a NOTIFY is committed before its sender answers. Callers that arrive while a round
   * trip is under way share the next one.
   */
  caughtUp(): Promise<boolean> {
    if (!this.syncing) return this.sync();
    this.nextSync ??= this.syncing.then(() => this.sync());
    return this.nextSync;
  }

  private sync(): Promise<boolean> {
    this.nextSync = undefined;
    const client = this.listener;
    if (!this.up || !client) return Promise.resolve(false);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => {
        this.lost(client, new Error(`the change channel did not answer within ${answerWithinMs} ms`));
        resolve(false);
      }, answerWithinMs);
    });
    const answered = client.query('SELECT 1').then(
      () => this.up && this.listener === client,
      () => false,
    );
    const round = Promise.race([answered, late]).finally(() => clearTimeout(timer));
    this.syncing = round;
    void round.then(() => {
      if (this.syncing === round) this.syncing = undefined;
    });
    return round;
  }

  private async listen(): Promise<void> {
    const target = this.target;
    if (!target) return;
    const client = new pg.Client({
      connectionString: target.postgresUrl,
      connectionTimeoutMillis: answerWithinMs,
      application_name: listenerName,
    });
    this.listener = client;
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the change channel connection ended')));
    client.on('notification', ({ channel, payload }) => {
      if (channel !== target.channel || !payload) return;
      const space = payload.indexOf(' ');
      if (payload.slice(0, space) !== this.instance) this.emit('message', payload.slice(space + 1));
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(target.channel)}`);
    } catch (err) {
      this.lost(client, err);
      throw err;
    }
    if (this.listener !== client) return;
    this.retryMs = firstRetryMs;
    this.up = true;
    this.emit('up');
  }

  private lost(client: pg.Client, err: unknown): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.end().catch(() => undefined);
    this.setDown(err);
    if (!this.target) return;
    this.retry = setTimeout(() => this.listen().catch(() => undefined), this.retryMs);
    this.retry.unref();
    this.retryMs = Math.min(this.retryMs * 2, lastRetryMs);
  }

  private setDown(err?: unknown): void {
    const wasUp = this.up;
    this.up = false;
    if (wasUp) this.emit('down', err);
  }
}

/** The process's channel: opened with the database on the embedded engine's PostgreSQL, closed with it. */
export const changeChannel = new ChangeChannel();
