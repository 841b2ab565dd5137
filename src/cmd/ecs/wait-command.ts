// `stevedore wait tasks-running|tasks-stopped|services-stable`, as `aws ecs wait` does: poll
// the describe call every delay until an acceptor matches; exit 0 on success, 255 with
// botocore's message on a failure state or after the last attempt.
import { Command, Option } from 'commander';
import { describeServices } from '../../ecs-api/handlers/services.ts';
import { describeTasks } from '../../ecs-api/handlers/tasks.ts';
import { EXIT_FAILED, reportFailure } from './errors.ts';
import { openSession, withSessionFlags, type SessionFlags } from './session.ts';
import { failureMessage, waiters, type Waiter } from './waiters.ts';

interface WaitFlags extends SessionFlags {
  cluster?: string;
  tasks?: string[];
  services?: string[];
  delay?: string;
  maxAttempts?: string;
}

export async function runWaiter(waiter: Waiter, flags: WaitFlags, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<number> {
  try {
    const ctx = openSession(flags);
    const delayMs = Number(flags.delay ?? waiter.delaySeconds) * 1000;
    const attempts = Number(flags.maxAttempts ?? waiter.maxAttempts);
    for (let attempt = 1; ; attempt++) {
      const response =
        waiter.operation === 'DescribeTasks'
          ? await describeTasks(ctx, { ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }), tasks: flags.tasks ?? [] })
          : await describeServices(ctx, { ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }), services: flags.services ?? [] });
      const verdict = waiter.accept(response);
      if (verdict.state === 'success') return 0;
      if (verdict.state === 'failure') {
        process.stderr.write(`\n${failureMessage(waiter, verdict)}\n`);
        return EXIT_FAILED;
      }
      if (attempt >= attempts) {
        process.stderr.write(`\n${failureMessage(waiter, 'max-attempts')}\n`);
        return EXIT_FAILED;
      }
      await sleep(delayMs);
    }
  } catch (err) {
    return reportFailure(err, `wait ${waiter.name}`, waiter.operation);
  }
}

export function waitCommand(): Command {
  const wait = new Command('wait').description('Wait until tasks run or stop, or services are stable (aws ecs wait)');
  for (const waiter of waiters) {
    const command = new Command(waiter.name)
      .description(`Poll ${waiter.operation} every ${waiter.delaySeconds}s until ${waiter.name.replace('-', ' ')} (at most ${waiter.maxAttempts} attempts)`)
      .option('--cluster <cluster>', 'Cluster name or ARN (default: default)');
    if (waiter.operation === 'DescribeTasks') command.requiredOption('--tasks <tasks...>', 'Task ids or ARNs');
    else command.requiredOption('--services <services...>', 'Service names or ARNs');
    command.addOption(new Option('--delay <seconds>', `seconds between attempts (default ${waiter.delaySeconds}; aws: a config setting)`));
    command.addOption(new Option('--max-attempts <n>', `attempts before giving up (default ${waiter.maxAttempts})`));
    withSessionFlags(command, { output: false });
    command.addHelpText('after', `\nExample:\n  stevedore wait ${waiter.name} ${waiter.operation === 'DescribeTasks' ? '--tasks web-3f2a9c1b7e' : '--services web'}\n`);
    command.action(async (flags: WaitFlags) => {
      process.exitCode = await runWaiter(waiter, { ...flags, output: 'json' });
    });
    command.exitOverride();
    wait.addCommand(command);
  }
  return wait;
}
