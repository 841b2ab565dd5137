// `stevedore simulate FILE|-`: runs the placement engine on a scenario (SIMULATION.md).
// Exit 0 with the output document (unplaced tasks are a result); exit 2 with one line on
// standard error when the input is not valid JSON or not a valid scenario.
import { readFile } from 'node:fs/promises';
import { simulate } from '../simulate/simulate.ts';
import type { Command } from './commands.ts';

async function readInput(source: string): Promise<string> {
  if (source !== '-') return readFile(source, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export const simulateCommand: Command = {
  summary: 'Run the placement engine on a JSON scenario (FILE or - for stdin)',
  async run(args: string[]): Promise<number> {
    const [source, ...extra] = args;
    if (source === undefined || extra.length > 0) {
      process.stderr.write('Usage: stevedore simulate FILE|-\n');
      return 2;
    }
    let text: string;
    try {
      text = await readInput(source);
    } catch (error) {
      process.stderr.write(`stevedore simulate: cannot read ${source}: ${(error as Error).message}\n`);
      return 2;
    }
    const outcome = simulate(text);
    if ('error' in outcome) {
      process.stderr.write(`${outcome.error}\n`);
      return 2;
    }
    process.stdout.write(`${JSON.stringify(outcome.output, null, 2)}\n`);
    return 0;
  },
};
