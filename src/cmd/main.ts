// The stevedore command: the composition root. It only builds the command line (commander:
// help, errors, completion data) and hands over to one subcommand module; no business rules
// live here. Also run as the kubectl plugin `kubectl-ecs` (bin/kubectl-ecs).
import { buildProgram } from './program.ts';

// `stevedore describe-tasks ... | head`: a closed pipe ends the output, not with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = await buildProgram(process.env['STEVEDORE_PROGRAM_NAME'] ?? 'stevedore');
process.exitCode = await program.run(process.argv.slice(2));
