// The subcommands of `stevedore`. Each module exports a `Command`; add a line here to add one.
import { simulateCommand } from './simulate.ts';
export interface Command {
  summary: string;
  /** Runs the command and resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  simulate: simulateCommand,
};
