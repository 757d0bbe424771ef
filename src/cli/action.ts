// Adapts a command implementation `(context, ...args)` to commander's action signature.
// The context module (config, zod, SDK plumbing) loads only when a command runs, keeping --help fast.
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

export function action<Args extends unknown[]>(run: (context: CommandContext, ...args: Args) => Promise<void>) {
  return async (...received: unknown[]): Promise<void> => {
    const command = received[received.length - 1] as Command;
    const { createContext } = await import('./context.js');
    await run(createContext(command), ...(received.slice(0, -1) as Args));
  };
}
