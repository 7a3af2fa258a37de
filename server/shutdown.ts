import type { Logger } from './logger';

/** One thing to close when the app stops. */
export interface ShutdownStep {
  name: string;
  close(): unknown;
}

/**
 * Returns the function that stops the app: it runs the steps one after the other, in the order
 * given (each awaited, a failure logged and the next step run all the same), then exits with
 * `exitCode`, or 1 if a step failed. Calls after the first are ignored.
 */
export function createShutdown(logger: Logger, steps: ShutdownStep[]): (reason: string, exitCode?: number) => void {
  let started = false;
  return (reason, exitCode = 0) => {
    if (started) {
      logger.info({ reason }, 'already shutting down');
      return;
    }
    started = true;
    logger.info({ reason }, 'shutting down');
    void (async () => {
      let code = exitCode;
      for (const step of steps) {
        const began = Date.now();
        try {
          await step.close();
          logger.info({ step: step.name, ms: Date.now() - began }, 'closed');
        } catch (err) {
          code = 1;
          logger.error({ err, step: step.name }, 'closing failed');
        }
      }
      logger.info({ exitCode: code }, 'stopped');
      process.exit(code);
    })();
  };
}
