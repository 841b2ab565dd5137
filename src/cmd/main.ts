// The stevedore command: the composition root. It only parses the command line and hands
// over to one subcommand module; no business rules live here.
import { commands } from './commands.ts';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printUsage();
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`stevedore: unknown command "${name}"\n`);
    printUsage();
    return 2;
  }
  return command.run(rest);
}

function printUsage(): void {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  process.stderr.write(`Usage: stevedore <command> [options]\n\nCommands:\n${lines.join('\n')}\n`);
}

process.exitCode = await main(process.argv.slice(2));
