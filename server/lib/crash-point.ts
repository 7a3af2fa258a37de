/**
 * A named place between two steps of a multi-step write where the fault tests kill the process
 * (test/faults/crash-points.test.ts). `CRASH_AT=name` (only ever set by those tests) makes the
 * process die there at once, as a power cut would: no handler, no clean-up, no reply.
 */
export function crashPoint(name: string): void {
  if (process.env.CRASH_AT === name) process.kill(process.pid, 'SIGKILL');
}
