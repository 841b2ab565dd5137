// `stevedore explain task|service NAME`: why a task waits or a service is not steady.
import { Command, Option } from 'commander';
import { explainService } from '../../ecs-api/explain/service.ts';
import { explainTask } from '../../ecs-api/explain/task.ts';
import { reportFailure } from './errors.ts';
import { render } from './output.ts';
import { openSession, withSessionFlags, type SessionFlags } from './session.ts';

const textOutput = () => new Option('--output <format>', 'text, or the details as json or yaml').choices(['text', 'json', 'yaml']).default('text');

export function explainCommand(): Command {
  const explain = new Command('explain').description('Say why a task waits or a service is not steady, in ECS terms');
  const task = new Command('task')
    .description('Why a task is not running: the closest instance and, per instance, the first check it failed with the numbers')
    .argument('<task>', 'Task id or ARN')
    .option('--cluster <cluster>', 'Cluster name or ARN');
  withSessionFlags(task, { output: false }).addOption(textOutput());
  task.addHelpText('after', '\nExample:\n  stevedore explain task web-3f2a9c1b7e\n');
  task.action(async (id: string, flags: Omit<SessionFlags, 'output'> & { cluster?: string; output: string }) => {
    try {
      const explanation = await explainTask(openSession({ ...flags, output: 'json' }), { task: id, ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }) });
      process.stdout.write(flags.output === 'text' ? explanation.text : render(explanation.details, flags.output as 'json' | 'yaml', 'ExplainTask'));
    } catch (err) {
      process.exitCode = reportFailure(err, 'explain task', 'DescribeTasks');
    }
  });
  const service = new Command('service')
    .description('Why a service is not steady: placement, throttling, deployment bounds, the circuit breaker')
    .argument('<service>', 'Service name or ARN')
    .option('--cluster <cluster>', 'Cluster name or ARN');
  withSessionFlags(service, { output: false }).addOption(textOutput());
  service.addHelpText('after', '\nExample:\n  stevedore explain service web\n');
  service.action(async (id: string, flags: Omit<SessionFlags, 'output'> & { cluster?: string; output: string }) => {
    try {
      const explanation = await explainService(openSession({ ...flags, output: 'json' }), { service: id, ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }) });
      process.stdout.write(flags.output === 'text' ? explanation.text : render(explanation.details, flags.output as 'json' | 'yaml', 'ExplainService'));
    } catch (err) {
      process.exitCode = reportFailure(err, 'explain service', 'DescribeServices');
    }
  });
  task.exitOverride();
  service.exitOverride();
  return explain.addCommand(task).addCommand(service);
}
