// How a failed verb ends, as the aws CLI ends: the message on standard error and its exit
// codes (252 bad usage, 254 the service refused the request, 255 anything else).
import { ArnError } from '../../ecs-api/arn.ts';
import { describeEcsError, EcsApiError } from '../../ecs-api/errors.ts';
import { KubeFailure } from '../../kube/failure-message.ts';
import { UsageError } from './input.ts';

export const EXIT_USAGE = 252;
export const EXIT_SERVICE_ERROR = 254;
export const EXIT_FAILED = 255;

export function reportFailure(err: unknown, verb: string, operation: string): number {
  if (err instanceof UsageError) {
    process.stderr.write(`\n${err.message}\n\nSee: stevedore ${verb} --help\n`);
    return EXIT_USAGE;
  }
  if (err instanceof ArnError) {
    process.stderr.write(`\n${describeEcsError(new EcsApiError('InvalidParameterException', err.message), operation)}\n`);
    return EXIT_SERVICE_ERROR;
  }
  if (err instanceof EcsApiError) {
    process.stderr.write(`\n${describeEcsError(err, operation)}\n`);
    return EXIT_SERVICE_ERROR;
  }
  if (err instanceof KubeFailure) {
    process.stderr.write(`stevedore ${verb}: ${err.message}\n`);
    return EXIT_FAILED;
  }
  process.stderr.write(`stevedore ${verb}: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT_FAILED;
}
