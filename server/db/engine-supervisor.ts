import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger';
import { startEngine, type EngineOptions, type RunningEngine } from './embedded-engine';

export interface RestartPolicy {
  /** More exits (or failed starts) than this within `windowMs`, and the supervisor gives up. */
  maxRestarts: number;
  windowMs: number;
  /** The wait before a restart doubles with each failure in the window, from this up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  maxRestarts: 5,
  windowMs: 60_000,
  firstDelayMs: 250,
  maxDelayMs: 4_000,
};

export interface SupervisorOptions {
  /** Where and how to start the engine again: the same cluster directory and port. */
  engine: EngineOptions & { port: number };
  logger: Logger;
  policy?: RestartPolicy;
  /** The engine process exited (on its own, or stopped); called at once. */
  onExit(): void;
  /** A restarted engine answers; resolves once the app may use it. Aborted when that engine exits or supervision stops. */
  onRestart(signal: AbortSignal): Promise<void>;
  /** Too many failures within the window: the supervisor has stopped trying. */
  onGiveUp(): void;
}

/**
 * Watches the embedded engine process and starts it again, on the same port and cluster,
 * when it exits without being asked to; PostgreSQL recovers from its log on the way up.
 */
export class EngineSupervisor {
  private engine: RunningEngine;
  private stopping = false;
  private failures: number[] = [];
  private restarting?: Promise<void>;
  private readonly stopped = new AbortController();
  private readonly policy: RestartPolicy;

  constructor(
    first: RunningEngine,
    private readonly options: SupervisorOptions,
  ) {
    this.engine = first;
    this.policy = options.policy ?? defaultRestartPolicy;
    void this.watch(first);
  }

  /** The engine process running now; a restart replaces it. */
  get current(): RunningEngine {
    return this.engine;
  }

  /** No more restarts, as the app shuts down; the engine keeps running until `stop()`. */
  stopRestarting(): void {
    this.stopping = true;
    this.stopped.abort();
  }

  /** Stops the engine (PostgreSQL shuts down cleanly with it), after any restart under way. */
  async stop(): Promise<void> {
    this.stopRestarting();
    await this.restarting;
    await this.engine.stop();
  }

  private async watch(engine: RunningEngine): Promise<void> {
    const exit = await engine.exited;
    this.options.onExit();
    if (this.stopping) return;
    this.options.logger.error(
      { code: exit.code, signal: exit.signal, output: exit.output.split('\n').slice(-5).join('\n') },
      'the database engine exited unexpectedly; restarting it',
    );
    this.restarting = this.restart();
  }

  private async restart(): Promise<void> {
    const { logger } = this.options;
    const since = Date.now();
    while (!this.stopping) {
      const now = Date.now();
      this.failures = [...this.failures.filter((at) => now - at < this.policy.windowMs), now];
      if (this.failures.length > this.policy.maxRestarts) {
        logger.fatal(
          `the database engine failed ${this.failures.length} times within ${this.policy.windowMs / 1000} s; ` +
            'giving up so that the process manager can take over',
        );
        this.options.onGiveUp();
        return;
      }
      await sleep(Math.min(this.policy.firstDelayMs * 2 ** (this.failures.length - 1), this.policy.maxDelayMs));
      if (this.stopping) return;
      let engine: RunningEngine;
      try {
        engine = await startEngine({ ...this.options.engine, say: (line) => logger.info(line) });
      } catch (err) {
        logger.error({ err }, 'restarting the database engine failed');
        continue;
      }
      this.engine = engine;
      if (this.stopping) return;
      const gone = AbortSignal.any([this.stopped.signal, abortOnExit(engine)]);
      void this.watch(engine);
      try {
        await this.options.onRestart(gone);
        logger.info({ seconds: (Date.now() - since) / 1000 }, 'the database engine was restarted and answers again');
      } catch (err) {
        // Aborted: this engine exited meanwhile (the watch above restarts it) or the app is stopping.
        if (!gone.aborted) logger.error({ err }, 'the restarted database engine could not be reached');
      }
      return;
    }
  }
}

function abortOnExit(engine: RunningEngine): AbortSignal {
  const controller = new AbortController();
  void engine.exited.then(() => controller.abort());
  return controller.signal;
}
