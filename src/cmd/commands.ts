import { clusterCommand } from './cluster.ts';
import { devCommand } from './dev.ts';
import { operatorCommand } from './operator.ts';
import { simulateCommand } from './simulate.ts';

// The subcommands of `stevedore`. Each module exports a `Command`; add a line here to add one.
export interface Command {
  summary: string;
  /** Runs the command and resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: Record<string, Command> = {
  cluster: clusterCommand,
  operator: operatorCommand,
  simulate: simulateCommand,
  dev: devCommand(operatorCommand),
};
