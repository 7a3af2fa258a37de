import type { CommandStartedEvent } from 'mongodb';
import mongoose from 'mongoose';

/** One engine command: its name and the collection it names (`find sessions`, `update sessions`). */
export type CommandName = string;

/**
 * Records every command the app sends the engine while `run` runs, named as the benchmark names
 * them. Needs the connection opened with `monitorCommands` (useTestApp's `monitorCommands` option).
 */
export async function commandsDuring(run: () => Promise<unknown>): Promise<CommandName[]> {
  const client = mongoose.connection.getClient();
  const seen: CommandName[] = [];
  const record = (e: CommandStartedEvent) => {
    seen.push(`${e.commandName} ${String((e.command as Record<string, unknown>)[e.commandName])}`);
  };
  client.on('commandStarted', record);
  try {
    await run();
  } finally {
    client.off('commandStarted', record);
  }
  return seen;
}

/** How many of `commands` are `name` (`update sessions`). */
export function countOf(commands: CommandName[], name: CommandName): number {
  return commands.filter((c) => c === name).length;
}
