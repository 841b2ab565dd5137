// The whole command line as one commander program: the operator's own commands (operator,
// dev, cluster, simulate), the `aws ecs` verbs, wait, explain, import and completion.
//
// commander is the argument parser: well kept, no dependencies, typed, with subcommands,
// choices, variadic options and generated help, which is what `aws ecs`-style verbs with
// kubectl's flags need; yargs would do too but brings a dependency tree and looser typing.
import { Command, CommanderError } from 'commander';
import { commands } from './commands.ts';
import { completionCommand } from './ecs/completion.ts';
import { EXIT_USAGE } from './ecs/errors.ts';
import { explainCommand } from './ecs/explain-command.ts';
import { importCommand } from './ecs/import-command.ts';
import { verbCommand } from './ecs/verb-command.ts';
import { verbs } from './ecs/verbs.ts';
import { waitCommand } from './ecs/wait-command.ts';

export interface Program {
  command: Command;
  run(argv: string[]): Promise<number>;
}

/** Subcommands that parse their own flags: commander hands them everything after their name. */
function passThrough(name: string, summary: string, run: (args: string[]) => Promise<number>): Command {
  return new Command(name)
    .description(summary)
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .action(async (args: string[]) => {
      process.exitCode = await run(args);
    });
}

export async function buildProgram(name: string): Promise<Program> {
  const program = new Command(name)
    .description(
      name === 'kubectl-ecs'
        ? 'Amazon ECS verbs over the Stevedore custom resources (kubectl ecs VERB ...)'
        : 'Amazon ECS on Kubernetes: the operator, a local control plane, and the ECS verbs over the custom resources',
    )
    .enablePositionalOptions()
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  program.addHelpText(
    'after',
    `
First steps:
  ./bin/stevedore dev                                   # local control plane, operator, examples
  ${name} describe-clusters                          # uses .stevedore/kubeconfig when nothing else is set
  ${name} run-task --task-definition web --count 2
  ${name} explain task <task id>
Every verb takes --kubeconfig, --context, -n/--namespace and --output json|yaml|table.
`,
  );
  for (const [commandName, command] of Object.entries(commands)) {
    if (name === 'kubectl-ecs' && commandName !== 'simulate') continue;
    program.addCommand(passThrough(commandName, command.summary, (args) => command.run(args)).passThroughOptions(), { hidden: false });
  }
  for (const verb of verbs) program.addCommand(verbCommand(verb));
  program.addCommand(waitCommand());
  program.addCommand(explainCommand());
  program.addCommand(importCommand());
  program.addCommand(completionCommand(program, name));
  for (const command of program.commands) command.exitOverride();

  return {
    command: program,
    async run(argv) {
      if (argv.length === 0) {
        program.outputHelp({ error: true });
        return 2;
      }
      try {
        await program.parseAsync(argv, { from: 'user' });
        return typeof process.exitCode === 'number' ? process.exitCode : 0;
      } catch (err) {
        if (err instanceof CommanderError) {
          // --help and --version end here too, with exit code 0.
          return err.exitCode === 0 ? 0 : EXIT_USAGE;
        }
        throw err;
      }
    },
  };
}
